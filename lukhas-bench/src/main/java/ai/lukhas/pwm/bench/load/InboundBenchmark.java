package ai.lukhas.pwm.bench.load;

import ai.lukhas.pwm.bench.BenchFiles;
import ai.lukhas.pwm.bench.LoopbackJetty;
import ai.lukhas.pwm.server.config.ServerThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The inbound path (issue #19, "the inbound server"): the real gateway ({@link InProcessGateway}:
 * composition root, every governance stage on, audit {@code os}, loopback keyless mode) serving on a
 * loopback port in this JVM, called over one keep-alive HTTP/1.1 connection per benchmark thread
 * ({@link KeepAliveClient}, which allocates nothing per request). {@link #chat} posts the peer
 * harness's request ({@code wrk/body.json}, with its bearer header) to {@code /v1/chat/completions}
 * and the gateway calls the in-process {@link MockUpstream}; {@link #healthz} is the floor: the same
 * server, no pipeline. {@link #chatViaJavalin} is {@link #chat} at {@code /v1/chat/completions/}, which
 * Javalin serves instead of the hot-route handler (the inbound layer before and after, in one jar).
 * {@link #jettyFloor} answers the same {@code /healthz} body from a plain Jetty
 * {@code Handler} on a platform pool: what the server would cost with no Javalin and no servlet layer.
 *
 * <p>{@code threads} selects the server's threads ({@link ServerThreads}): {@code javalin-virtual} is
 * the configuration before issue #19, so before/after is one command. Use with {@code -prof gc}
 * (bytes per request, every thread) and {@code -prof ai.lukhas.pwm.bench.ServerCpuProfiler} (CPU per
 * request of the server: the process's CPU minus the client's and the mock upstream's threads).
 *
 * <p>Run: {@code bin/bench -f 1 -wi 5 -i 5 -w 2s -r 2s -t 4 -prof gc -prof
 * ai.lukhas.pwm.bench.ServerCpuProfiler InboundBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InboundBenchmark {
    /** The peer harness's chat request ({@code wrk/body.json}). */
    static final String CHAT_BODY =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a"
                    + " concise assistant for an online bookshop. Answer in at most three sentences, be polite, and never invent"
                    + " prices or stock levels that are not given to you in the conversation.\"},{\"role\":\"user\",\"content\":"
                    + "\"Hi! I ordered two paperback copies of a cookbook last Tuesday and the tracking page still says label"
                    + " created. Can you tell me what that usually means and whether I should contact the courier or wait a bit"
                    + " longer before asking for a refund?\"}],\"temperature\":0.7,\"max_tokens\":256,\"user\":\"bench-user-42\"}";

    /** The harness's wrk script's bearer token (an unknown key: the gateway is keyless). */
    static final String BEARER = "sk-bench-0000000000000000000000000000000000000000";

    @Param({"javalin-virtual", "jetty-virtual", "platform"})
    public String threads;

    private MockUpstream upstream;
    private InProcessGateway gateway;
    private Path dir;
    private byte[] chatRequest;
    private byte[] chatViaJavalinRequest;
    private byte[] refusedRequest;
    private byte[] refusedViaJavalinRequest;
    private byte[] healthRequest;

    @Setup(Level.Trial)
    public void start() throws IOException {
        // The JDK server writes a response's head and body separately; with Nagle's algorithm on, the
        // body waits for the client's delayed ACK (~40 ms on Linux) and the benchmark would measure that.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        upstream = MockUpstream.start();
        dir = Files.createTempDirectory("lukhas-inbound-bench");
        gateway = InProcessGateway.start(upstream.baseUrl(), dir, 1_000_000, "os", ServerThreads.of(threads));
        int port = gateway.url("/").getPort();
        chatRequest = KeepAliveClient.postJson(port, "/v1/chat/completions", BEARER, CHAT_BODY);
        // the same route at another spelling of its path: Javalin serves it, not the hot-route handler
        chatViaJavalinRequest = KeepAliveClient.postJson(port, "/v1/chat/completions/", BEARER, CHAT_BODY);
        refusedRequest = KeepAliveClient.postJson(port, "/v1/chat/completions", BEARER, NOT_JSON);
        refusedViaJavalinRequest = KeepAliveClient.postJson(port, "/v1/chat/completions/", BEARER, NOT_JSON);
        healthRequest = KeepAliveClient.get(port, "/healthz");
        try (KeepAliveClient c = KeepAliveClient.connect(port)) {
            check(c, chatRequest, MockUpstream.ANSWER);
            check(c, chatViaJavalinRequest, MockUpstream.ANSWER);
            check(c, healthRequest, "\"ok\"");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        try {
            gateway.close();
        } finally {
            upstream.close();
            BenchFiles.deleteTree(dir);
        }
    }

    /** One connection per benchmark thread, kept alive for the whole trial. */
    @State(Scope.Thread)
    public static class Connection {
        KeepAliveClient client;

        @Setup(Level.Trial)
        public void open(InboundBenchmark b) throws IOException {
            client = KeepAliveClient.connect(b.gateway.url("/").getPort());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            client.close();
        }
    }

    @Benchmark
    public int chat(Connection c) throws IOException {
        return expect200(c.client.exchange(chatRequest));
    }

    /**
     * {@link #chat} at {@code /v1/chat/completions/}: the same route code and pipeline served through
     * the servlet layer and Javalin instead of the hot-route handler, so the two differ only in the
     * inbound layer (same jar, same JVM).
     */
    @Benchmark
    public int chatViaJavalin(Connection c) throws IOException {
        return expect200(c.client.exchange(chatViaJavalinRequest));
    }

    /** A body that is not JSON: 400 after the screen, the key and the parse, no pipeline; the inbound layer's floor. */
    static final String NOT_JSON = "{not json";

    /** {@link #NOT_JSON} to the chat route: the hot-route handler's floor (the filters, the body, an error answer). */
    @Benchmark
    public int chatRefused(Connection c) throws IOException {
        return expect400(c.client.exchange(refusedRequest));
    }

    /** {@link #chatRefused} at {@code /v1/chat/completions/}: the same through the servlet layer and Javalin. */
    @Benchmark
    public int chatRefusedViaJavalin(Connection c) throws IOException {
        return expect400(c.client.exchange(refusedViaJavalinRequest));
    }

    @Benchmark
    public int healthz(Connection c) throws IOException {
        return expect200(c.client.exchange(healthRequest));
    }

    /** A plain Jetty server ({@link LoopbackJetty}: a platform pool) answering {@code /healthz} as the gateway does. */
    @State(Scope.Benchmark)
    public static class PlainJetty {
        private static final byte[] HEALTH =
                "{\"status\":\"ok\",\"version\":\"bench\"}".getBytes(StandardCharsets.UTF_8);
        Server server;
        int port;
        byte[] request;

        @Setup(Level.Trial)
        public void start() throws Exception {
            server = LoopbackJetty.start("plain-jetty", new Handler.Abstract.NonBlocking() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.getHeaders().put("x-lukhas-api-version", "1");
                    response.write(true, ByteBuffer.wrap(HEALTH), callback);
                    return true;
                }
            });
            port = LoopbackJetty.port(server);
            request = KeepAliveClient.get(port, "/healthz");
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            server.stop();
        }
    }

    /** One connection per benchmark thread to {@link PlainJetty}. */
    @State(Scope.Thread)
    public static class PlainConnection {
        KeepAliveClient client;

        @Setup(Level.Trial)
        public void open(PlainJetty jetty) throws IOException {
            client = KeepAliveClient.connect(jetty.port);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            client.close();
        }
    }

    @Benchmark
    public int jettyFloor(PlainJetty jetty, PlainConnection c) throws IOException {
        return expect200(c.client.exchange(jetty.request));
    }

    private static int expect200(int status) {
        return expect(200, status);
    }

    private static int expect400(int status) {
        return expect(400, status);
    }

    private static int expect(int wanted, int status) {
        if (status != wanted) {
            throw new IllegalStateException("the server answered " + status + ", not " + wanted);
        }
        return status;
    }

    private static void check(KeepAliveClient c, byte[] request, String expected) throws IOException {
        int status = c.exchange(request);
        String body = c.lastBody();
        if (status != 200 || !body.contains(expected)) {
            throw new IllegalStateException(
                    "the gateway answered " + status + " " + body + " (expected 200 with " + expected + ")");
        }
    }
}
