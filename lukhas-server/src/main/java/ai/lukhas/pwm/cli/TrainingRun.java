package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request part of the start-up cache's training run: after {@code smoke}'s checks, reopens the
 * gateway on the same data directory (the restart path: migrations already applied, the audit index
 * on disk) with an OpenAI-compatible upstream served in-process on loopback, and drives governed chat
 * requests through it — plain, streamed, and with a gateway tool the model calls — from a few
 * concurrent clients, for at most {@code requests} requests or {@code budget} of wall time. On JDK 25
 * the AOT cache recorded by that run also holds the method profiles of this request path (JEP 515), so
 * a start that uses the cache reaches steady throughput sooner (docs/benchmarks.md, "JIT warm-up").
 */
final class TrainingRun {
    private static final String COMPLETION =
            "{\"id\":\"chatcmpl-train\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A fixed reply from the"
                    + " training upstream, long enough to be moderated like a real answer.\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":18,\"total_tokens\":138}}";
    private static final String TOOL_CALL =
            "{\"id\":\"chatcmpl-train-tool\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                    + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"retrieve_knowledge\","
                    + "\"arguments\":\"{\\\"query\\\":\\\"opening hours\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                    + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9,\"total_tokens\":129}}";
    private static final String[] STREAM_WORDS = {
        "A ", "fixed ", "streamed ", "reply ", "from ", "the ", "training ", "upstream, ", "in ", "several ", "chunks."
    };
    private static final String BODY =
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a concise assistant"
                    + " for an online bookshop. Answer in at most three sentences.\"},{\"role\":\"user\",\"content\":"
                    + "\"I ordered two paperback copies of a cookbook last Tuesday and the tracking page still says"
                    + " label created. What does that usually mean?\"}],\"temperature\":0.7,\"max_tokens\":256%s}";

    private TrainingRun() {}

    /**
     * What the run did: requests answered 200 and the others; how many upstream calls were streamed,
     * and how many carried a tool's result back (the gateway ran the tool the model called).
     */
    record Result(int ok, int failed, int streamed, int toolResults, long millis) {}

    static Result run(Path dataDir, int requests, Duration budget) throws IOException {
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService upstreamThreads = Executors.newVirtualThreadPerTaskExecutor();
        upstream.setExecutor(upstreamThreads);
        AtomicInteger streamed = new AtomicInteger();
        AtomicInteger toolResults = new AtomicInteger();
        upstream.createContext("/v1/chat/completions", exchange -> answer(exchange, streamed, toolResults));
        upstream.start();
        Path config = dataDir.resolve("training.yaml");
        Files.writeString(
                config,
                "upstream:\n  url: http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1\n"
                        + "  api_key: training\n"
                        + "tenants:\n  default:\n    rate_limit:\n      requests_per_second: 1000000\n"
                        + "      burst: 1000000\n");
        long start = System.nanoTime();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        LukhasConfig cfg = ConfigLoader.load(
                Optional.of(config),
                Map.of(
                        "LUKHAS_DATA_DIR", dataDir.toString(),
                        "LUKHAS_FLAGS_FILE", dataDir.resolve("flags.yaml").toString()));
        long deadline = start + budget.toNanos();
        try (Gateway gateway = Gateway.open(cfg, Map.of(), Clock.systemUTC());
                GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0));
                HttpClient http = HttpClient.newHttpClient();
                ExecutorService clients = Executors.newFixedThreadPool(8)) {
            URI chat = URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions");
            for (int c = 0; c < 8; c++) {
                clients.submit(() -> {
                    for (int i = next.getAndIncrement();
                            i < requests && System.nanoTime() < deadline;
                            i = next.getAndIncrement()) {
                        String extra =
                                switch (i % 8) {
                                    case 5, 6 -> ",\"stream\":true";
                                    case 7 ->
                                        ",\"lukhas\":{\"tool_allowlist\":[\"retrieval\"],\"session_id\":\"train-" + i
                                                + "\"}";
                                    default -> "";
                                };
                        HttpRequest r = HttpRequest.newBuilder(chat)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(BODY.formatted(extra)))
                                .build();
                        try {
                            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
                            (response.statusCode() == 200 ? ok : failed).incrementAndGet();
                        } catch (IOException e) {
                            failed.incrementAndGet();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                });
            }
        } finally {
            upstream.stop(0);
            upstreamThreads.shutdownNow();
        }
        return new Result(
                ok.get(), failed.get(), streamed.get(), toolResults.get(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The upstream: a tool call when the tool is offered and not answered yet, a stream when asked, else a reply. */
    private static void answer(HttpExchange exchange, AtomicInteger streamed, AtomicInteger toolResults)
            throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try (exchange) {
            if (body.contains("\"stream\":true")) {
                streamed.incrementAndGet();
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < STREAM_WORDS.length; i++) {
                    String chunk =
                            "{\"id\":\"chatcmpl-train-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{"
                                    + (i == 0 ? "\"role\":\"assistant\"," : "") + "\"content\":\"" + STREAM_WORDS[i]
                                    + "\"},\"finish_reason\":null}]}";
                    out.write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(
                        ("data: {\"id\":\"chatcmpl-train-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                                        + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"
                                        + "\n\ndata: [DONE]\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            boolean toolOffered = body.contains("\"retrieve_knowledge\"");
            boolean toolAnswered = body.contains("\"role\":\"tool\"");
            if (toolAnswered) {
                toolResults.incrementAndGet();
            }
            byte[] reply = (toolOffered && !toolAnswered ? TOOL_CALL : COMPLETION).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
        }
    }
}
