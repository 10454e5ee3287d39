package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everything {@link UpstreamHttp}'s javadoc promises, run against both transports and a real
 * socket server: the JDK exception types {@link ProviderErrors#forIo} maps, the whole-answer
 * deadline, streaming with back-pressure, a stream closed early aborting the exchange, an interrupt
 * aborting it, {@link UpstreamHttp#close()} letting an exchange in flight finish, and no connection
 * left leased after any of it.
 */
class UpstreamHttpContractTest {
    static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json");
    static final byte[] BODY = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    static final Duration LONG = Duration.ofSeconds(30);

    /** A transport under test and how to count its leased connections. */
    record Under(UpstreamHttp http, ToIntFunction<UpstreamHttp> leasedCount) {
        /** Connections still leased once the client is done; Jetty gives one back on its selector thread, soon after. */
        int leased() throws InterruptedException {
            for (int i = 0; i < 500 && leasedCount.applyAsInt(http) > 0; i++) {
                Thread.sleep(10); // waiting for the release, not for time to pass
            }
            return leasedCount.applyAsInt(http);
        }
    }

    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    Under open(UpstreamTransport transport, Duration connectTimeout) {
        Under u =
                switch (transport) {
                    case APACHE ->
                        new Under(new ApacheUpstreamHttp(connectTimeout), h -> ((ApacheUpstreamHttp) h)
                                .leasedConnections());
                    case JETTY ->
                        new Under(new JettyUpstreamHttp(connectTimeout), h -> ((JettyUpstreamHttp) h)
                                .leasedConnections());
                };
        closing.add(u.http());
        return u;
    }

    Under open(UpstreamTransport transport) {
        return open(transport, Duration.ofSeconds(5));
    }

    /** A server answering each connection with {@code handler} on its own virtual thread. */
    RawServer server(Handler handler) throws IOException {
        RawServer s = new RawServer(handler);
        closing.add(s);
        return s;
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void aWholeAnswerComesWithItsStatusAndEveryHeaderValue(UpstreamTransport transport) throws Exception {
        RawServer server = server((in, out) -> {
            readRequest(in);
            byte[] body = "{\"error\":\"busy\"}".getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 503 Service Unavailable\r\nX-Seen: one\r\nx-seen: two\r\nContent-Length: "
                            + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            in.read(); // keep the connection until the client closes it
        });
        Under u = open(transport);

        UpstreamHttp.Answer<byte[]> a = u.http().post(server.uri(), JSON_HEADERS, BODY, LONG);

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.headers().allValues("X-SEEN")).containsExactly("one", "two");
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"busy\"}");
        assertThat(u.leased()).isZero();
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void aRefusedConnectionIsAConnectException(UpstreamTransport transport) throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        Under u = open(transport);

        assertThatThrownBy(
                        () -> u.http().post(URI.create("http://127.0.0.1:" + port + "/v1/x"), JSON_HEADERS, BODY, LONG))
                .isInstanceOf(ConnectException.class)
                .isNotInstanceOf(HttpConnectTimeoutException.class);
        assertThat(u.leased()).isZero();
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void aConnectionThatCannotOpenInTimeIsAConnectTimeout(UpstreamTransport transport) throws Exception {
        // a listener that never accepts, its backlog filled: the kernel drops further SYNs, so connecting hangs
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closing.add(full);
        for (int i = 0; i < 16 && !connectHangs(full.getLocalPort()); i++) {
            // each connection that completed fills the backlog further; they are closed with the listener
        }
        Under u = open(transport, Duration.ofMillis(300));

        assertThatThrownBy(() -> u.http()
                        .post(
                                URI.create("http://127.0.0.1:" + full.getLocalPort() + "/v1/x"),
                                JSON_HEADERS,
                                BODY,
                                LONG))
                .isInstanceOf(HttpConnectTimeoutException.class);
        assertThat(u.leased()).isZero();
    }

    private boolean connectHangs(int port) {
        Socket s = new Socket();
        closing.add(s);
        try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void noAnswerInTimeIsAnHttpTimeoutAndFreesTheConnection(UpstreamTransport transport) throws Exception {
        CompletableFuture<Boolean> cut = new CompletableFuture<>();
        RawServer server = server(silentUntilCut(new CountDownLatch(1), cut));
        Under u = open(transport);

        assertThatThrownBy(() -> u.http().post(server.uri(), JSON_HEADERS, BODY, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class)
                .isNotInstanceOf(HttpConnectTimeoutException.class);
        assertCutAndFreed(cut, u);
    }

    /** An upstream that sends the head of a 200-byte answer and 10 bytes of it, says so, then sends nothing more. */
    static Handler stallingAfterPart(CountDownLatch partSent) {
        return (in, out) -> {
            readRequest(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\nxxxxxxxxxx".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            partSent.countDown();
            in.read(); // until the client cuts the connection or the test ends
        };
    }

    @org.junit.jupiter.api.Test
    void apachesTimeoutOfPostCoversTheWholeAnswerNotEachRead() throws Exception {
        // each socket read may wait the whole timeout (30 s of real time): only the deadline on the whole
        // answer, kept on the hand-driven clock, can end the call within this test
        CountDownLatch partSent = new CountDownLatch(1);
        RawServer server = server(stallingAfterPart(partSent));
        HandDrivenClock clock = new HandDrivenClock();
        ApacheUpstreamHttp http = new ApacheUpstreamHttp(Duration.ofSeconds(5), SSLContext.getDefault(), clock);
        closing.add(http);
        Under u = new Under(http, h -> ((ApacheUpstreamHttp) h).leasedConnections());
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                http.post(server.uri(), JSON_HEADERS, BODY, LONG);
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        assertThat(partSent.await(20, TimeUnit.SECONDS)).isTrue();

        clock.advance(LONG.minusMillis(1));
        clock.awaitWaiting(); // the watchdog looked at the clock and waits for the deadline still ahead
        assertThat(failure).as("1 ms before the deadline").isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(failure.get(20, TimeUnit.SECONDS))
                .isInstanceOf(HttpTimeoutException.class)
                .isNotInstanceOf(HttpConnectTimeoutException.class)
                .hasMessage("no answer within 30000 ms");
        assertThat(u.leased()).isZero();
    }

    @org.junit.jupiter.api.Test
    void jettysTimeoutOfPostCoversTheWholeAnswerNotEachRead() throws Exception {
        // Jetty's client keeps the deadline (its request's total timeout) on its own clock, which takes none
        // injected: the upstream stalls after part of the answer and the test waits for the call to end, never
        // sleeping. A read may wait the 30 s idle timeout; what ends the call is the total timeout.
        RawServer server = server(stallingAfterPart(new CountDownLatch(1)));
        Under u = open(UpstreamTransport.JETTY);

        assertThatThrownBy(() -> u.http().post(server.uri(), JSON_HEADERS, BODY, Duration.ofMillis(300)))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessage("no answer within 300 ms")
                .cause()
                .hasMessageContaining("Total timeout 300 ms");
        assertThat(u.leased()).isZero();
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void aStreamIsReadAsTheUpstreamSendsItWithBackPressure(UpstreamTransport transport) throws Exception {
        long total = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        CompletableFuture<Boolean> stopped = new CompletableFuture<>();
        RawServer server = server((in, out) -> {
            readRequest(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (written.get() < total) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    written.addAndGet(chunk.length);
                }
                stopped.complete(false);
            } catch (IOException e) {
                stopped.complete(true); // the client cut the connection
            }
        });
        Under u = open(transport);

        UpstreamHttp.Answer<InputStream> a = u.http().postStreaming(server.uri(), JSON_HEADERS, BODY, LONG);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().readNBytes(10)).hasSize(10);
        long seen = -1;
        for (int i = 0; i < 400 && written.get() != seen; i++) {
            seen = written.get();
            Thread.sleep(25); // waiting for the writer to stall, not for time to pass
        }
        assertThat(written.get())
                .as("what the upstream could send to a reader that stopped")
                .isLessThan(total / 4);
        a.body().close();

        assertThat(stopped.get(20, TimeUnit.SECONDS))
                .as("closing the body early cuts the upstream off")
                .isTrue();
        assertThat(u.leased()).isZero();
    }

    /**
     * Apache only: Jetty's client parses the body's end on its selector thread, and a close that
     * comes first aborts the exchange (one stream in three lost its connection here).
     */
    @ParameterizedTest
    @EnumSource(value = UpstreamTransport.class, names = "APACHE")
    void aStreamClosedRightAfterItsLastEventKeepsItsConnection(UpstreamTransport transport) throws Exception {
        // the provider closes the body at "data: [DONE]", before reading the chunked body's end
        List<Integer> ports = java.util.Collections.synchronizedList(new ArrayList<>());
        RawServer server = server((in, out) -> {
            while (true) {
                try {
                    readRequest(in);
                } catch (IOException ended) {
                    return;
                }
                byte[] event = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(event.length) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(event);
                out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        });
        Under u = open(transport);

        for (int i = 0; i < 3; i++) {
            UpstreamHttp.Answer<InputStream> a = u.http().postStreaming(server.uri(), JSON_HEADERS, BODY, LONG);
            byte[] event = a.body().readNBytes("data: [DONE]\n\n".length());
            assertThat(event).asString(StandardCharsets.US_ASCII).isEqualTo("data: [DONE]\n\n");
            a.body().close();
            ports.add(server.connections());
        }
        assertThat(ports).as("connections opened after each stream").containsExactly(1, 1, 1);
        assertThat(u.leased()).isZero();
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void anInterruptAbortsTheExchange(UpstreamTransport transport) throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CompletableFuture<Boolean> cut = new CompletableFuture<>();
        RawServer server = server(silentUntilCut(asked, cut));
        Under u = open(transport);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                u.http().post(server.uri(), JSON_HEADERS, BODY, LONG);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();

        assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertCutAndFreed(cut, u);
    }

    /** An upstream that reads the request, counts {@code asked} down and answers nothing until the client cuts it. */
    static Handler silentUntilCut(CountDownLatch asked, CompletableFuture<Boolean> cut) {
        return (in, out) -> {
            readRequest(in);
            asked.countDown();
            try {
                cut.complete(in.read() == -1);
            } catch (IOException e) {
                cut.complete(true); // a reset is a close too
            }
        };
    }

    static void assertCutAndFreed(CompletableFuture<Boolean> cut, Under u) throws Exception {
        assertThat(cut.get(20, TimeUnit.SECONDS))
                .as("the upstream saw the connection go")
                .isTrue();
        assertThat(u.leased()).isZero();
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void closeLetsAnExchangeInFlightFinish(UpstreamTransport transport) throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        RawServer server = server((in, out) -> {
            readRequest(in);
            asked.countDown();
            answer.await();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.read();
        });
        Under u = open(transport);
        CompletableFuture<UpstreamHttp.Answer<byte[]>> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(u.http().post(server.uri(), JSON_HEADERS, BODY, LONG));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        });
        assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
        Thread closer = Thread.ofVirtual().start(u.http()::close);
        for (int i = 0; i < 2000 && closer.getState() == Thread.State.RUNNABLE; i++) {
            Thread.onSpinWait(); // until close() waits for the exchange in flight
        }
        answer.countDown();

        assertThat(outcome.get(20, TimeUnit.SECONDS).body())
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo("ok");
        assertThat(closer.join(Duration.ofSeconds(20))).isTrue();
    }

    /** What a connection of the {@link RawServer} does. */
    @FunctionalInterface
    interface Handler {
        void handle(InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    /** A loopback HTTP/1.1 server of raw sockets: each connection runs its handler on a virtual thread. */
    static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());

        RawServer(Handler handler) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    Socket s;
                    try {
                        s = socket.accept();
                    } catch (IOException closed) {
                        return;
                    }
                    accepted.add(s);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            handler.handle(s.getInputStream(), s.getOutputStream());
                        } catch (IOException | InterruptedException e) {
                            // the client left or the test ended
                        }
                    });
                }
            });
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions");
        }

        int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** Reads one request's head and its Content-Length body. */
    static void readRequest(InputStream in) throws IOException {
        UpstreamTransportsTest.readRequest(in);
    }
}
