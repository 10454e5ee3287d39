import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Floor (a'): the JDK's own HTTP server with one route, {@code /healthz}. Arguments: PORT [train N]. */
public final class JdkServer {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 50);
        byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        server.createContext("/healthz", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ok);
            }
        });
        server.start();
        if (args.length > 2 && args[1].equals("train")) { // the AOT cache's training run: N requests, then exit
            for (int i = 0, n = Integer.parseInt(args[2]); i < n; i++) {
                java.net.HttpURLConnection h = (java.net.HttpURLConnection) java.net.URI.create(
                                "http://127.0.0.1:" + args[0] + "/healthz")
                        .toURL()
                        .openConnection();
                h.getInputStream().readAllBytes();
            }
            server.stop(0);
            System.exit(0);
        }
    }
}
