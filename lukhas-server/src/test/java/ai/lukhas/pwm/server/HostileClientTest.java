package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile or broken client against a real gateway, on the hot routes' plain Jetty handler
 * ({@code hot} true) and on Javalin ({@code hot} false) alike: what it does wrong is its error — a
 * 4xx in the route's error format, one INFO line at most — never a 500 or a stack trace.
 */
class HostileClientTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aClientThatResetsTheConnectionMidBodyIsOneInfoLineAndNoAuditRecord(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot)) {
            int audited = s.gateway.audit().size();
            long incidents = s.incidents();
            Logged logged = logOf(() -> {
                try (Socket socket = s.partialBody(CHAT, "{\"messages\":[{\"role\":")) {
                    socket.setSoLinger(true, 0); // leave abruptly (RST), as a killed client does
                }
                return "";
            });
            assertThat(s.gateway.audit().size()).as("no audit record").isEqualTo(audited);
            assertThat(s.incidents()).as("no incident").isEqualTo(incidents);
            // the server goes on serving
            assertThat(RawHttp.send(s.server.port(), "POST " + CHAT + " HTTP/1.1", s.headers(), HI)
                            .status())
                    .isEqualTo(200);
            assertOneInfoLine(logged.log(), "400", "EofException");
        }
    }

    private static final String UNFINISHED = "client did not send the whole request";

    /** What a client call answered and what the server logged meanwhile. */
    private record Logged(String answer, String log) {}

    /**
     * Runs {@code client} with the server log captured (slf4j-simple writes to whatever {@code System.err}
     * is at each log call) until the line on an unfinished request is among it; the log is printed after.
     */
    private static Logged logOf(Callable<String> client) throws Exception {
        PrintStream realErr = System.err;
        LogCapture captured = new LogCapture(UNFINISHED);
        String answer;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            answer = client.call();
            assertThat(captured.seen.await(30, TimeUnit.SECONDS))
                    .as("the INFO line was logged")
                    .isTrue();
        } finally {
            System.setErr(realErr);
        }
        realErr.print(captured.text());
        return new Logged(answer, captured.text());
    }

    /** One INFO line on the chat route naming the request, {@code status} and {@code exception}; no stack trace. */
    private static void assertOneInfoLine(String log, String status, String exception) {
        assertThat(log.lines().filter(l -> l.contains(UNFINISHED) && l.contains(CHAT)))
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains(" INFO ", "POST " + CHAT, "answered " + status, exception)
                        .containsPattern("request [0-9a-f-]{36}"));
        assertThat(log).doesNotContain("ERROR").doesNotContain("\tat ").doesNotContain("unhandled error");
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aClientThatHalfClosesMidBodyReadsA400NotA500(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot)) {
            String answer;
            try (Socket socket = s.partialBody("/v1/embeddings", "{\"input\":")) {
                socket.shutdownOutput();
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(answer)
                    .startsWith("HTTP/1.1 400 ")
                    .contains("\"type\":\"invalid_request_error\"")
                    .contains("the connection ended before the request body did (request ");
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aCompressedBodyIs415AndNeverInflated(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot)) {
            // ~50 MB of JSON in ~50 KB: inflated, it would be far over the 64 KiB limit
            String bomb = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(50_000_000) + "\"}]}";
            byte[] gzipped = gzip(bomb);
            byte[] deflated = deflate(bomb);
            for (String encoding : new String[] {"gzip", "deflate", "GZIP", "br"}) {
                Map<String, String> headers = s.headers();
                headers.put("Content-Encoding", encoding);
                byte[] body = encoding.equals("deflate") ? deflated : gzipped;
                RawHttp.Response r = RawHttp.sendBytes(s.server.port(), "POST " + CHAT + " HTTP/1.1", headers, body);
                assertThat(r.status()).as(encoding).isEqualTo(415);
                assertThat(r.body())
                        .contains("\"type\":\"invalid_request_error\"")
                        .containsIgnoringCase("the Content-Encoding was '" + encoding + "'");
            }
            Map<String, String> identity = s.headers();
            identity.put("Content-Encoding", "identity");
            assertThat(RawHttp.send(s.server.port(), "POST " + CHAT + " HTTP/1.1", identity, HI)
                            .status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void anotherMethodOnAHotPathIs405NamingPostInAllow(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot)) {
            for (String path : new String[] {CHAT, "/v1/responses", "/v1/embeddings"}) {
                for (String method : new String[] {"GET", "PUT", "DELETE", "OPTIONS", "HEAD"}) {
                    RawHttp.Response r =
                            RawHttp.send(s.server.port(), method + " " + path + " HTTP/1.1", s.headers(), "");
                    assertThat(r.status()).as(method + " " + path).isEqualTo(405);
                    assertThat(r.header("Allow")).as(method + " " + path).contains("POST");
                    if (!method.equals("HEAD")) {
                        assertThat(r.body())
                                .contains("\"code\":\"method_not_allowed\"")
                                .contains(method + " is not allowed on " + path + "; it takes POST");
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void onlyAFailedReadOfTheRequestIsTheClientsError() {
        // what reading the body throws: on the hot handler wrapped, on Javalin Jetty's parser's own
        assertThat(GatewayServer.unfinished(
                        new UnreadBody(new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms"))),
                        "r-1"))
                .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(408));
        assertThat(GatewayServer.unfinished(
                        new UnreadBody(new IOException(new BodyDeadline.Expired(Duration.ofMillis(300)))), "r-1"))
                .hasValueSatisfying(p -> assertThat(p.detail())
                        .contains("did not arrive whole within the server's body timeout of 300 ms"));
        assertThat(GatewayServer.unfinished(new UnreadBody(new EofException("Early EOF")), "r-1"))
                .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(400));
        assertThat(GatewayServer.unfinished(new ParserEof(), "r-1"))
                .hasValueSatisfying(p -> assertThat(p.status()).isEqualTo(400));
        // a timeout or end of stream elsewhere (the upstream, a tool) is the gateway's: 500
        assertThat(GatewayServer.unfinished(new UncheckedIOException(new IOException(new TimeoutException())), "r-1"))
                .isEmpty();
        assertThat(GatewayServer.unfinished(new IllegalStateException(new EofException("upstream closed")), "r-1"))
                .isEmpty();
        assertThat(GatewayServer.unfinished(new EofException("upstream closed"), "r-1"))
                .isEmpty();
    }

    /** What Jetty's HTTP/1.1 parser throws when the connection ends in the middle of a request. */
    private static final class ParserEof extends EofException implements HttpException {
        private static final long serialVersionUID = 1L;

        @Override
        public int getCode() {
            return 400;
        }

        @Override
        public String getReason() {
            return "Early EOF";
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aBodyOverTheLimitOnAKeptAliveConnectionIs413AndClosesIt(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot)) {
            // the body hides a request: were it parsed as the connection's next request, it would answer 200
            String hidden = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            for (boolean chunked : new boolean[] {false, true}) {
                String body = hidden + " ".repeat(200_000);
                StringBuilder request = new StringBuilder("POST " + CHAT + " HTTP/1.1\r\n");
                s.headers()
                        .forEach((k, v) ->
                                request.append(k).append(": ").append(v).append("\r\n"));
                request.append(
                        chunked
                                ? "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n"
                                        + body + "\r\n0\r\n\r\n"
                                : "Content-Length: " + body.length() + "\r\n\r\n" + body);
                String answer;
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server.port())) {
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    try {
                        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
                    } catch (IOException closedEarly) {
                        // the server may close before the whole body is sent: its answer is still there to read
                    }
                    answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                assertThat(answer).as("chunked %s", chunked).startsWith("HTTP/1.1 413 ");
                assertThat(answer.toLowerCase(Locale.ROOT)).contains("connection: close");
                assertThat(answer).doesNotContain("HTTP/1.1 200");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void javalinsOwn408IsTheJsonAnswerOfTheHotHandler() {
        // Javalin answers a body read that timed out itself, by setting 408: a route that does the same
        ai.lukhas.pwm.server.http.Routes timedOut =
                routes -> routes.post("/v1/chat/completions", ctx -> ctx.status(408));
        try (GatewayServer server =
                GatewayServer.start(new ServerSettings("127.0.0.1", 0, 65_536), java.util.List.of(timedOut), false)) {
            RawHttp.Response r = RawHttp.send(
                    server.port(),
                    "POST " + CHAT + " HTTP/1.1",
                    Map.of("Host", "127.0.0.1", "Content-Type", "application/json"),
                    HI);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body())
                    .contains("\"code\":\"request_timeout\"")
                    .contains("the request body stopped arriving for longer than the server's idle timeout");
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aBodyTrickledPastTheBodyTimeoutIs408AndClosesTheConnection(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot, Duration.ofMillis(300), ServerSettings.DEFAULT_IDLE_TIMEOUT)) {
            int audited = s.gateway.audit().size();
            long incidents = s.incidents();
            // a byte every 20 ms: never idle for the 30 s idle timeout, never whole
            Logged logged = logOf(() -> s.trickle(CHAT, Duration.ofMillis(20)));
            assertThat(logged.answer())
                    .startsWith("HTTP/1.1 408 ")
                    .contains("\"type\":\"invalid_request_error\"", "\"code\":\"request_timeout\"")
                    .contains("the request body did not arrive whole within the server's body timeout of 300 ms"
                            + " (server.body_timeout_ms; request ");
            assertThat(logged.answer().toLowerCase(Locale.ROOT)).contains("connection: close");
            assertThat(s.server.bodyDeadline().expired()).isEqualTo(1);
            assertThat(s.gateway.audit().size()).as("no audit record").isEqualTo(audited);
            assertThat(s.incidents()).as("no incident").isEqualTo(incidents);
            assertOneInfoLine(logged.log(), "408", "Expired");
            // a chunked body: one chunk announced, its bytes trickled
            String chunkedHead =
                    s.head(CHAT, 0).replace("Content-Length: 0", "Transfer-Encoding: chunked") + "ea60\r\n";
            assertThat(s.trickle(chunkedHead, (byte) ' ', 60_000, Duration.ofMillis(20)))
                    .startsWith("HTTP/1.1 408 ")
                    .contains("did not arrive whole within the server's body timeout of 300 ms");
            // a management route (always on Javalin) answers problem+json
            String management = s.trickle("/v1/modulation/preview", Duration.ofMillis(20));
            assertThat(management)
                    .startsWith("HTTP/1.1 408 ")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"status\":408")
                    .contains("did not arrive whole within the server's body timeout of 300 ms");
            // the server goes on serving
            assertThat(RawHttp.send(s.server.port(), "POST " + CHAT + " HTTP/1.1", s.headers(), HI)
                            .status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aSlowBodyWithinTheBodyTimeoutIsServed(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot, Duration.ofSeconds(20), ServerSettings.DEFAULT_IDLE_TIMEOUT)) {
            // warm: the first request's key check and class loading could outlast the pauses below
            assertThat(RawHttp.send(s.server.port(), "POST " + CHAT + " HTTP/1.1", s.headers(), HI)
                            .status())
                    .isEqualTo(200);
            int quarter = HI.length() / 4;
            String answer = s.inPieces(
                    CHAT,
                    List.of(
                            HI.substring(0, quarter),
                            HI.substring(quarter, 2 * quarter),
                            HI.substring(2 * quarter, 3 * quarter),
                            HI.substring(3 * quarter)),
                    Duration.ofMillis(250));
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("\"chat.completion\"");
            assertThat(s.server.bodyDeadline().armed())
                    .as("the body came in several reads, so the deadline was armed")
                    .isGreaterThanOrEqualTo(1);
            assertThat(s.server.bodyDeadline().expired()).isZero();
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aBodyWholeInTheFirstReadArmsNoTimer(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot, Duration.ofMillis(300), ServerSettings.DEFAULT_IDLE_TIMEOUT)) {
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server.port())) {
                    socket.setSoTimeout(30_000);
                    // head and body in one write: one segment on loopback, one read on the server
                    socket.getOutputStream()
                            .write((s.head(CHAT, HI.length()).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n") + HI)
                                    .getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(Served.readUntilClosed(socket)).startsWith("HTTP/1.1 200 ");
                }
            }
            assertThat(s.server.bodyDeadline().armed()).isZero();
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aBodyThatStopsForTheConfiguredIdleTimeoutIs408(boolean hot) throws Exception {
        try (Served s = new Served(dir, hot, Duration.ofSeconds(20), Duration.ofMillis(300))) {
            String answer;
            try (Socket socket = s.partialBody(CHAT, "{\"messages\":")) {
                answer = Served.readUntilClosed(socket);
            }
            assertThat(answer)
                    .startsWith("HTTP/1.1 408 ")
                    .contains("\"code\":\"request_timeout\"")
                    .contains("the request body stopped arriving for longer than the server's idle timeout");
            assertThat(s.server.bodyDeadline().expired()).isZero();
        }
    }

    @org.junit.jupiter.api.Test
    void aHeadTrickledPastTheBodyTimeoutClosesTheConnection() throws Exception {
        try (Served s = new Served(dir, true, Duration.ofMillis(300), ServerSettings.DEFAULT_IDLE_TIMEOUT)) {
            // a header that never ends, a byte every 20 ms: under the 8 KiB head limit for minutes
            String answer = s.trickle(
                    "POST " + CHAT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
                    (byte) 'a',
                    7_000,
                    Duration.ofMillis(20));
            assertThat(answer).as("closed without an answer").isEmpty();
            assertThat(s.server.bodyDeadline().headsClosed()).isEqualTo(1);
            // a head that arrives at once is served on the same server
            assertThat(RawHttp.send(s.server.port(), "POST " + CHAT + " HTTP/1.1", s.headers(), HI)
                            .status())
                    .isEqualTo(200);
            assertThat(s.server.bodyDeadline().headsClosed()).isEqualTo(1);
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] deflate(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new DeflaterOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** A gateway with one client key of tenant "default", served with or without the hot handler. */
    private static final class Served implements AutoCloseable {
        final Gateway gateway;
        final GatewayServer server;
        final String key;

        Served(Path dir, boolean hot) {
            this(dir, hot, ServerSettings.DEFAULT_BODY_TIMEOUT, ServerSettings.DEFAULT_IDLE_TIMEOUT);
        }

        /** With the given {@code server.body_timeout_ms} and {@code server.idle_timeout_ms}. */
        Served(Path dir, boolean hot, Duration bodyTimeout, Duration idleTimeout) {
            gateway = Gateway.open(
                    TestConfigs.inDirectory(dir.resolve(hot ? "hot" : "javalin")),
                    Map.of(),
                    new MutableClock(Instant.parse("2026-12-05T03:00:00Z")));
            key = gateway.keys().issue(Role.CLIENT, "default", "hostile").token();
            server = GatewayServer.start(
                    new ServerSettings("127.0.0.1", 0, 65_536).withTimeouts(bodyTimeout, idleTimeout),
                    gateway.routes(),
                    hot);
        }

        /** The head of a POST to {@code path} announcing a body of {@code length} bytes, as one string. */
        String head(String path, int length) {
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
            headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            return head.append("Content-Length: ")
                    .append(length)
                    .append("\r\n\r\n")
                    .toString();
        }

        /**
         * Sends a request whose body comes in {@code pieces}, {@code pause} apart (a real wait: the server
         * must see the body arrive in several reads), and returns the whole answer, read until the server
         * closes the connection or the last piece's answer is complete.
         */
        String inPieces(String path, List<String> pieces, Duration pause) throws Exception {
            int length = pieces.stream()
                    .mapToInt(p -> p.getBytes(StandardCharsets.UTF_8).length)
                    .sum();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                out.write(head(path, length).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                for (String piece : pieces) {
                    Thread.sleep(pause.toMillis());
                    out.write(piece.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                socket.shutdownOutput(); // the request is whole: the answer, then the server's close
                return readUntilClosed(socket);
            }
        }

        /**
         * Sends the head of a request announcing a 60,000-byte body (under the test server's 64 KiB limit), then one byte of it every
         * {@code pause} from another thread until the server answers or closes; returns the answer, read
         * until the server closed the connection (a read that never ends fails the test at 30 s).
         */
        String trickle(String path, Duration pause) throws Exception {
            return trickle(head(path, 60_000), (byte) ' ', 60_000, pause);
        }

        /**
         * Sends {@code start}, then {@code count} times {@code next} one byte every {@code pause} from
         * another thread, until the server answers or closes; returns the answer, read until the server
         * closed the connection (a read that never ends fails the test at 30 s).
         */
        String trickle(String start, byte next, int count, Duration pause) throws Exception {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                out.write(start.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread trickler = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < count && !Thread.currentThread().isInterrupted(); i++) {
                            Thread.sleep(pause.toMillis());
                            out.write(next);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException closedOrDone) {
                        // the server closed the connection, or the test is over
                    }
                });
                try {
                    return readUntilClosed(socket);
                } finally {
                    trickler.interrupt();
                    trickler.join(10_000);
                }
            }
        }

        /** Everything the server sends until it closes the connection (a reset after its answer counts as closed). */
        private static String readUntilClosed(Socket socket) throws IOException {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            InputStream in = socket.getInputStream();
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // closed with unread bytes of ours: Linux resets; what was answered before is read
            }
            return answer.toString(StandardCharsets.UTF_8);
        }

        Map<String, String> headers() {
            Map<String, String> h = new java.util.LinkedHashMap<>();
            h.put("Host", "127.0.0.1:" + server.port());
            h.put("Authorization", "Bearer " + key);
            h.put("Content-Type", "application/json");
            return h;
        }

        long incidents() {
            return gateway.incidents().counts().total();
        }

        /**
         * A request announcing a 1,000-byte body that sends only {@code part} of it, once the route reads
         * the body: {@code Expect: 100-continue} makes the server say when it does.
         */
        Socket partialBody(String path, String part) throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
            headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Expect: 100-continue\r\nContent-Length: 1000\r\n\r\n");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            String interim = readLine(socket.getInputStream());
            assertThat(interim).as("the server asks for the body").startsWith("HTTP/1.1 100");
            readLine(socket.getInputStream()); // the blank line ending the interim response
            socket.getOutputStream().write(part.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return socket;
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != -1 && b != '\n'; ) {
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            server.close();
            gateway.close();
        }
    }
}
