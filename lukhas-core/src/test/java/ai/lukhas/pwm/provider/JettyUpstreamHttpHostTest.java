package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JettyUpstreamHttp} adds the {@code Host} field itself (made once per upstream URI) instead
 * of letting Jetty build a {@link URI} per request for it: the request's bytes on the wire are the
 * same as those of a request sent through the same client without it, where Jetty adds the field.
 */
class JettyUpstreamHttpHostTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    private static final byte[] BODY = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);

    final RawUpstream upstream = new RawUpstream();
    final JettyUpstreamHttp http = new JettyUpstreamHttp(Duration.ofSeconds(5));

    @AfterEach
    void stop() throws IOException {
        http.close();
        upstream.close();
    }

    @Test
    void theRequestHeadIsWhatJettyWouldHaveSent() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer sk-test");
        for (String base : List.of("http://127.0.0.1:%d/v1/chat/completions", "http://localhost:%d/v1/x?q=1&r=%%20")) {
            URI uri = URI.create(base.formatted(upstream.port()));
            // twice each: the first makes the field, the second takes the kept one
            for (int i = 0; i < 2; i++) {
                String ours = sent(() -> http.post(uri, headers, BODY, LONG).status());
                String jettys = sent(() -> byJettyAlone(uri, headers));
                assertThat(ours).isEqualTo(jettys).contains("\r\nHost: ");
            }
        }
    }

    @Test
    void aHostTheCallerGivesIsKeptAndNotRepeated() throws Exception {
        URI uri = URI.create("http://127.0.0.1:%d/v1/chat/completions".formatted(upstream.port()));
        Map<String, String> headers = Map.of("Host", "upstream.example:443");
        String ours = sent(() -> http.post(uri, headers, BODY, LONG).status());
        assertThat(ours).isEqualTo(sent(() -> byJettyAlone(uri, headers)));
        assertThat(ours.split("\r\nHost: ", -1)).hasSize(2);
        assertThat(ours).contains("\r\nHost: upstream.example:443\r\n");
    }

    /** The same request through the same client without the field added: Jetty adds it. */
    private int byJettyAlone(URI uri, Map<String, String> headers) throws Exception {
        return new CompletableResponseListener(http.client()
                        .newRequest(uri)
                        .method(HttpMethod.POST)
                        .headers(h -> headers.forEach(h::put))
                        .body(new BytesRequestContent(BODY))
                        .timeout(LONG.toNanos(), TimeUnit.NANOSECONDS))
                .send()
                .get(LONG.toSeconds(), TimeUnit.SECONDS)
                .getStatus();
    }

    @FunctionalInterface
    private interface Send {
        int status() throws Exception;
    }

    private String sent(Send send) throws Exception {
        assertThat(send.status()).isEqualTo(200);
        String head = upstream.heads.poll(10, TimeUnit.SECONDS);
        assertThat(head).isNotNull();
        return head;
    }

    /** An upstream that keeps each request's head (request line and fields) and answers {@code {}}. */
    static final class RawUpstream implements AutoCloseable {
        final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
        private final ServerSocket server;
        private final Thread acceptor;

        RawUpstream() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    int length = contentLength(head);
                    in.readNBytes(length);
                    heads.add(head);
                    s.getOutputStream()
                            .write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                                    .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
            } catch (IOException e) {
                // the client closed the connection
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return null;
                }
                b.write(c);
                matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        private static int contentLength(String head) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
