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
    void aBodyPastTheBodyTimeoutIs408AndClosesTheConnection(boolean hot) throws Exception {
        HandDrivenTime time = new HandDrivenTime();
        try (Served s = new Served(dir, hot, Duration.ofMillis(300), ServerSettings.DEFAULT_IDLE_TIMEOUT, time)) {
            int audited = s.gateway.audit().size();
            long incidents = s.incidents();
            // the request's first byte came 100 ms ago: the timer is armed for the 200 ms left
            time.elapse(Duration.ofMillis(100));
            Logged logged = logOf(() -> {
                try (Stalled stalled = s.stall(time, s.head(CHAT, 60_000) + "{\"messages\":")) {
                    assertThat(stalled.timer().delay()).isEqualTo(Duration.ofMillis(200));
                    return stalled.fireAndRead();
                }
            });
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
            // past the deadline already when the reader first waits: the timer is armed to fire at once
            time.elapse(Duration.ofMillis(400));
            // a chunked body: one chunk announced, part of it sent
            String chunkedHead =
                    s.head(CHAT, 0).replace("Content-Length: 0", "Transfer-Encoding: chunked") + "ea60\r\n";
            try (Stalled stalled = s.stall(time, chunkedHead + "{\"messages\":")) {
                // it ran as it was armed, before the reader's demand reached Jetty: that demand finds it passed
                assertThat(stalled.timer().delay()).isZero();
                assertThat(Served.readUntilClosed(stalled.socket()))
                        .startsWith("HTTP/1.1 408 ")
                        .contains("did not arrive whole within the server's body timeout of 300 ms");
            }
            // a management route (always on Javalin) answers problem+json
            time.elapse(Duration.ZERO);
            try (Stalled stalled = s.stall(time, s.head("/v1/modulation/preview", 60_000) + "{")) {
                assertThat(stalled.timer().delay()).isEqualTo(Duration.ofMillis(300));
                assertThat(stalled.fireAndRead())
                        .startsWith("HTTP/1.1 408 ")
                        .containsIgnoringCase("content-type: application/problem+json")
                        .contains("\"status\":408")
                        .contains("did not arrive whole within the server's body timeout of 300 ms");
            }
            assertThat(s.server.bodyDeadline().expired()).isEqualTo(3);
            // the server goes on serving
            assertThat(RawHttp.send(s.server.port(), "POST " + CHAT + " HTTP/1.1", s.headers(), HI)
                            .status())
                    .isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aBodyStalledPastTheRealBodyTimeoutIs408(boolean hot) throws Exception {
        // the production clock and scheduler (DeadlineTime.JETTY), the smallest deadline the configuration
        // accepts: the client stalls and waits for the answer, sleeping nowhere
        try (Served s = new Served(dir, hot, Duration.ofMillis(100), ServerSettings.DEFAULT_IDLE_TIMEOUT)) {
            String answer;
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server.port())) {
                socket.setSoTimeout(30_000);
                // no Expect: 100-continue, so the deadline may pass before or after the route reads: 408 either way
                socket.getOutputStream()
                        .write((s.head(CHAT, 1_000) + "{\"messages\":").getBytes(StandardCharsets.ISO_8859_1));
                answer = Served.readUntilClosed(socket);
            }
            assertThat(answer)
                    .startsWith("HTTP/1.1 408 ")
                    .contains("did not arrive whole within the server's body timeout of 100 ms");
            assertThat(s.server.bodyDeadline().expired()).isEqualTo(1);
        }
        // its clock is Jetty's nano clock, the one a request's first byte is stamped with
        long second = Duration.ofSeconds(1).toNanos();
        assertThat(DeadlineTime.JETTY.nanosSince(org.eclipse.jetty.util.NanoTime.now() - second))
                .isBetween(second, 60 * second);
    }

    @ParameterizedTest(name = "hot handler {0}")
    @ValueSource(booleans = {true, false})
    void aSlowBodyWithinTheBodyTimeoutIsServed(boolean hot) throws Exception {
        HandDrivenTime time = new HandDrivenTime();
        try (Served s = new Served(dir, hot, Duration.ofSeconds(20), ServerSettings.DEFAULT_IDLE_TIMEOUT, time)) {
            int half = HI.length() / 2;
            String answer;
            // the first half, then the rest once the server waits for it (its timer armed): two reads at least
            try (Stalled stalled = s.stall(time, s.head(CHAT, HI.length()) + HI.substring(0, half))) {
                assertThat(stalled.timer().cancelled()).isFalse();
                OutputStream out = stalled.socket().getOutputStream();
                out.write(HI.substring(half).getBytes(StandardCharsets.UTF_8));
                out.flush();
                stalled.socket().shutdownOutput(); // the request is whole: the answer, then the server's close
                answer = Served.readUntilClosed(stalled.socket());
                assertThat(stalled.timer().cancelled())
                        .as("the timer is cancelled once the body is read")
                        .isTrue();
                // a timer that fires as it is being cancelled fails nothing
                stalled.timer().fire();
            }
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
        HandDrivenTime time = new HandDrivenTime();
        try (Served s = new Served(dir, hot, Duration.ofMillis(300), ServerSettings.DEFAULT_IDLE_TIMEOUT, time)) {
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
            assertThat(time.armed()).isZero();
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
    void aHeadPastTheBodyTimeoutClosesTheConnection() throws Exception {
        HandDrivenTime time = new HandDrivenTime();
        try (Served s = new Served(dir, true, Duration.ofMillis(300), ServerSettings.DEFAULT_IDLE_TIMEOUT, time)) {
            String answer;
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server.port())) {
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                // a head begun, under its 8 KiB limit, whose first byte came longer than the deadline ago
                out.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                time.elapse(Duration.ofMillis(300).plusNanos(1));
                // more of it, a byte a write: the first read that finds the head begun closes the connection
                try {
                    for (int i = 0; i < 7_000; i++) {
                        out.write('a');
                        out.flush();
                    }
                } catch (IOException closed) {
                    // the server closed the connection
                }
                answer = Served.readUntilClosed(socket);
            }
            assertThat(answer).as("closed without an answer").isEmpty();
            assertThat(s.server.bodyDeadline().headsClosed()).isEqualTo(1);
            // a head within the deadline is served on the same server, whatever the reads it comes in (1 ms
            // within it: a body that then needs a second read arms a timer not yet due, which is not fired)
            time.elapse(Duration.ofMillis(299));
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

    /** A connection whose request stalled in its body, and the timer the server armed for that body. */
    private record Stalled(Socket socket, HandDrivenTime.Timer timer) implements AutoCloseable {
        /** Fires the timer, as the deadline passing; the answer, read until the server closed the connection. */
        String fireAndRead() throws IOException {
            timer.fire();
            return Served.readUntilClosed(socket);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
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
            this(dir, hot, bodyTimeout, idleTimeout, DeadlineTime.JETTY);
        }

        /** With the given timeouts, the deadlines kept by {@code time}. */
        Served(Path dir, boolean hot, Duration bodyTimeout, Duration idleTimeout, DeadlineTime time) {
            gateway = Gateway.open(
                    TestConfigs.inDirectory(dir.resolve(hot ? "hot" : "javalin")),
                    Map.of(),
                    new MutableClock(Instant.parse("2026-12-05T03:00:00Z")));
            key = gateway.keys().issue(Role.CLIENT, "default", "hostile").token();
            server = GatewayServer.start(
                    new ServerSettings("127.0.0.1", 0, 65_536).withTimeouts(bodyTimeout, idleTimeout),
                    gateway.routes(),
                    hot,
                    GatewayServer.Admission.PLATFORM,
                    time);
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
         * Sends {@code start} (a head and part of its body) and stalls, once {@code time} has the timer
         * the server armed for the body: the server reads what came and waits for the rest.
         */
        Stalled stall(HandDrivenTime time, String start) throws Exception {
            int before = time.armed();
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            try {
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                OutputStream out = socket.getOutputStream();
                out.write(start.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return new Stalled(socket, time.awaitTimer(before));
            } catch (Exception | AssertionError e) {
                socket.close();
                throw e;
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
