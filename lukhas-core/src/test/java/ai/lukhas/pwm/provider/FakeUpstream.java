package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real local HTTP server speaking the OpenAI Chat Completions wire format from a script: each
 * request to {@code /v1/chat/completions} takes the next scripted reply (the last one repeats),
 * and every request (path, query, headers, JSON body) is recorded for assertions.
 */
public final class FakeUpstream implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An OpenAI-compatible provider pointed at this upstream, with a test key, no retries (30 s
     * deadline), waits on {@code clock} and a fixed jitter.
     */
    public LlmProvider provider(ai.lukhas.pwm.testing.MutableClock clock) {
        return LlmProvider.openAiCompatible(
                OpenAiCompatibleConfig.builder(baseUrl())
                        .apiKey("sk-test-0123456789abcdef")
                        .retry(RetryPolicy.none(java.time.Duration.ofSeconds(30)))
                        .build(),
                clock,
                clock::sleep,
                () -> 0.5);
    }

    /** A request as the server received it; {@code remotePort} tells which connection it came on. */
    public record Received(
            String path, String query, Map<String, List<String>> headers, JsonNode body, int remotePort) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** What to answer to one request. */
    public sealed interface Reply {}

    public record Json(int status, Map<String, String> headers, String body) implements Reply {}

    /** An SSE response: each string is sent as one {@code data:} event, then {@code [DONE]} unless cut. */
    public record Sse(List<String> events, boolean done) implements Reply {}

    /** An event stream sent as it is (e.g. {@code event:} lines as the Responses API writes them), no {@code [DONE]}. */
    public record RawSse(String body) implements Reply {}

    /** Never answers until the server closes (for timeouts). */
    public record Hang() implements Reply {}

    /** Answers computed from the request body. */
    public record Computed(Function<JsonNode, Reply> reply) implements Reply {}

    private final HttpServer server;
    private final ArrayDeque<Reply> script = new ArrayDeque<>();
    private Reply last;
    public final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closed = new CountDownLatch(1);

    public FakeUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public FakeUpstream then(Reply reply) {
        synchronized (script) {
            script.add(reply);
        }
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public JsonNode lastBody() {
        return received.getLast().body();
    }

    public static Json ok(String body) {
        return new Json(200, Map.of(), body);
    }

    public static Json status(int status, String body) {
        return new Json(status, Map.of(), body);
    }

    public static Json status(int status, Map<String, String> headers, String body) {
        return new Json(status, headers, body);
    }

    public static Sse sse(String... events) {
        return new Sse(List.of(events), true);
    }

    public static Sse cutSse(String... events) {
        return new Sse(List.of(events), false);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? JSON.nullNode() : JSON.readTree(in);
            received.add(new Received(
                    ex.getRequestURI().getPath(),
                    ex.getRequestURI().getQuery(),
                    Map.copyOf(ex.getRequestHeaders()),
                    body,
                    ex.getRemoteAddress().getPort()));
            Reply reply;
            synchronized (script) {
                if (!script.isEmpty()) {
                    last = script.poll();
                }
                reply = last;
            }
            if (reply == null) {
                reply = status(500, "{\"error\":{\"message\":\"no scripted reply\"}}");
            }
            while (reply instanceof Computed c) {
                reply = c.reply().apply(body);
            }
            switch (reply) {
                case Json j -> {
                    j.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    byte[] out = j.body().getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(j.status(), out.length == 0 ? -1 : out.length);
                    if (out.length > 0) {
                        ex.getResponseBody().write(out);
                    }
                }
                case Sse s -> {
                    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                    ex.sendResponseHeaders(200, 0);
                    OutputStream os = ex.getResponseBody();
                    for (String e : s.events()) {
                        os.write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
                        os.flush();
                    }
                    if (s.done()) {
                        os.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                    }
                }
                case RawSse raw -> {
                    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write(raw.body().getBytes(StandardCharsets.UTF_8));
                }
                case Hang h -> {
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                case Computed c -> throw new IllegalStateException("unreachable");
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
