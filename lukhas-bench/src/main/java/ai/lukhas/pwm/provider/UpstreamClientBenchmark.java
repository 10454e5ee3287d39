package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.bench.LoopbackJetty;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
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
 * One upstream call through the OpenAI-compatible provider, with the JDK {@code HttpClient}
 * ({@code client=jdk}, the transport before issue #19, {@link JdkUpstreamHttp}) or Jetty's
 * ({@code client=jetty}, {@link JettyUpstreamHttp}, the default) or Apache HttpClient 5 classic
 * ({@code client=apache}, {@link ApacheUpstreamHttp}; docs/benchmarks.md, "Issue #19 levers —
 * upstream I/O on the request thread"), against a real local Jetty server
 * started in the setup: {@link #complete} gets the peer harness's fixed {@code chat.completion}
 * JSON (the nginx mock's answer), {@link #stream} an SSE answer of 20 content chunks of 6
 * characters, a finish chunk, a usage chunk and {@code [DONE]}, each written and flushed on its
 * own. The request is the harness's (a system and a user message, 0.7, 256 tokens). Everything
 * above the transport (request JSON, retries, response parsing, SSE parsing) is the same code in
 * both, so the difference is the client's; the server's own cost is in both.
 *
 * <p>The class lives in the {@code provider} package to reach the package-private transport seam.
 *
 * <p>Run: {@code bin/bench -f 1 -wi 5 -i 5 -w 2s -r 2s -prof gc UpstreamClientBenchmark} (add
 * {@code -t 4} for four callers at once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UpstreamClientBenchmark {
    static final byte[] COMPLETION =
            ("{\"id\":\"chatcmpl-mock000000000000000000000001\",\"object\":\"chat.completion\","
                            + "\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"Hello! This is a fixed reply from the mock "
                            + "upstream. It is used to measure gateway overhead.\",\"refusal\":null},\"logprobs\":null,"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":123,\"completion_tokens\":19,"
                            + "\"total_tokens\":142},\"system_fingerprint\":\"fp_mock\"}")
                    .getBytes(StandardCharsets.UTF_8);

    static final List<byte[]> EVENTS = events();

    @Param({"jdk", "jetty"})
    public String client;

    private Server server;
    private LlmProvider provider;
    private ChatRequest request;

    @Setup(Level.Trial)
    public void start() throws Exception {
        server = LoopbackJetty.start("mock-upstream", new MockUpstream());
        URI base = URI.create("http://127.0.0.1:" + LoopbackJetty.port(server) + "/v1");
        OpenAiCompatibleConfig config =
                OpenAiCompatibleConfig.builder(base).apiKey("bench").build();
        UpstreamHttp http =
                switch (client) {
                    case "jdk" -> new JdkUpstreamHttp(base, config.connectTimeout());
                    case "jetty" -> new JettyUpstreamHttp(config.connectTimeout());
                    case "apache" -> new ApacheUpstreamHttp(config.connectTimeout());
                    default ->
                        throw new IllegalArgumentException("client must be jdk, jetty or apache, but was " + client);
                };
        provider = new OpenAiCompatibleProvider(config, Clock.systemUTC(), Sleeper.system(), () -> 0.5, http);
        request = ChatRequest.builder("gpt-4o-mini")
                .system(
                        "You are a concise assistant for an online bookshop. Answer in at most three sentences, be "
                                + "polite, and never invent prices or stock levels that are not given to you in the conversation.")
                .user("Hi! I ordered two paperback copies of a cookbook last Tuesday and the tracking page still says "
                        + "label created. Can you tell me what that usually means and whether I should contact the "
                        + "courier or wait a bit longer before asking for a refund?")
                .temperature(0.7)
                .maxOutputTokens(256)
                .build();
        if (!complete().message().content().orElse("").startsWith("Hello!")
                || !stream().message().content().orElse("").equals("chunk-".repeat(20))) {
            throw new IllegalStateException("the mock upstream's answers did not come back through " + client);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        provider.close();
        server.stop();
    }

    @Benchmark
    public ChatResponse complete() {
        return provider.complete(request);
    }

    @Benchmark
    public ChatResponse stream() {
        return provider.stream(request).collect();
    }

    private static List<byte[]> events() {
        List<String> data = new ArrayList<>();
        String head =
                "{\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[";
        data.add(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        for (int i = 0; i < 20; i++) {
            data.add(head + "{\"index\":0,\"delta\":{\"content\":\"chunk-\"},\"finish_reason\":null}]}");
        }
        data.add(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
        data.add(head + "],\"usage\":{\"prompt_tokens\":123,\"completion_tokens\":20,\"total_tokens\":143}}");
        data.add("[DONE]");
        return data.stream()
                .map(d -> ("data: " + d + "\n\n").getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** Answers {@code /v1/chat/completions}: SSE when the request asks for a stream, else the fixed JSON. */
    private static final class MockUpstream extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            byte[] body = Content.Source.asInputStream(request).readAllBytes();
            boolean stream = new String(body, StandardCharsets.UTF_8).contains("\"stream\":true");
            if (!stream) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(COMPLETION), callback);
                return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                for (byte[] e : EVENTS) {
                    out.write(e);
                    out.flush();
                }
            }
            callback.succeeded();
            return true;
        }
    }
}
