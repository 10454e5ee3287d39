// perf/floor/HelidonFloorProxy.java: the floor of a proxy on Helidon SE 4.5 (docs/benchmarks.md, "Other Java I/O
// stacks: Netty and Helidon SE"). The same behaviour as FloorProxy.java (POST /v1/chat/completions and GET
// /v1/models forwarded to UPSTREAM_BASE + the same path, the body whole; the upstream's status, content type and
// body back; keep-alive on both sides; anything else 404; no logging), on Helidon's WebServer (a virtual thread per
// connection reading its socket blocking, no selector of its own) and Helidon's WebClient (blocking HTTP/1.1 on the
// calling virtual thread, keep-alive connections from its cache of up to 256).
//
// Run with the JDK's source launcher on the class path perf/floor/pom.xml copies (profile helidon):
//   java -cp 'perf/floor/target/helidon/*' perf/floor/HelidonFloorProxy.java PORT UPSTREAM_BASE
//   e.g. ... HelidonFloorProxy.java 18306 http://127.0.0.1:18080
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Optional;

public class HelidonFloorProxy {
    static final byte[] NOT_FOUND = "{\"error\":{\"message\":\"not found\"}}".getBytes();

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: HelidonFloorProxy PORT UPSTREAM_BASE (e.g. http://127.0.0.1:18080)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String upstream = args[1].replaceAll("/+$", "");
        // as FloorProxy's Jetty client: connect timeout 10 s, no redirects, keep-alive (the default), a read
        // timeout standing in for the request timeout of 60 s
        WebClient client = WebClient.builder()
                .baseUri(upstream)
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .followRedirects(false)
                .build();
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .routing(r -> r
                        .post("/v1/chat/completions", (req, res) -> proxy(client, Method.POST, req, res))
                        .get("/v1/models", (req, res) -> proxy(client, Method.GET, req, res))
                        .any((req, res) -> answer(res, 404, NOT_FOUND)))
                .build()
                .start();
        System.out.println("helidon floor proxy on 127.0.0.1:" + server.port() + " -> " + upstream);
    }

    /** On the connection's virtual thread: reads the body whole, calls the upstream blocking, writes its answer. */
    static void proxy(WebClient client, Method method, ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        HttpClientRequest up = client.method(method).path(path).contentType(MediaTypes.APPLICATION_JSON);
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        auth.ifPresent(a -> up.header(HeaderNames.AUTHORIZATION, a));
        byte[] answer;
        int status;
        try (HttpClientResponse r = method == Method.POST
                ? up.submit(req.content().as(byte[].class))
                : up.request()) {
            status = r.status().code();
            answer = r.entity().as(byte[].class);
        } catch (RuntimeException e) {
            answer(res, 502, ("{\"error\":{\"message\":\"upstream: " + e + "\"}}").getBytes());
            return;
        }
        answer(res, status, answer);
    }

    static void answer(ServerResponse res, int status, byte[] body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body); // sets the content length of a byte[] entity
    }
}
