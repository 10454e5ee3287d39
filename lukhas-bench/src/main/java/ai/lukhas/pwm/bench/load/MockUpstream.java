package ai.lukhas.pwm.bench.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * A local OpenAI Chat Completions upstream that answers every {@code POST .../chat/completions} at
 * once with the same tiny completion, so that what the harness measures is the gateway, not a model.
 * A real HTTP server (the JDK's) on loopback; it reads each request body fully, as a real upstream
 * must, and counts the calls that carry the gateway's upstream key. Its exchanges run on a few
 * platform threads of its own rather than on virtual threads, whose carriers it would share with the
 * in-process gateway's request threads: a carrier the gateway pins (a native SQLite call, an fsync)
 * must not delay the direct calls the gateway is compared with.
 */
final class MockUpstream implements AutoCloseable {
    /** The answer's text; a response without it was not relayed from here. */
    static final String ANSWER = "Tides follow the moon.";

    /** The upstream API key the harness configures in the gateway, to tell its calls from direct ones. */
    static final String GATEWAY_KEY = "lukhas-load-harness";

    private static final String GATEWAY_AUTHORIZATION = "Bearer " + GATEWAY_KEY;
    private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-load\",\"object\":\"chat.completion\","
                    + "\"created\":1763769600,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\"},"
                    + "\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":6,\"total_tokens\":20}}")
            .getBytes(StandardCharsets.UTF_8);
    /**
     * The marker a seed-scenario request carries in its user message: with {@link #start(boolean)
     * scripted tools} on, the mock answers it with a {@code retrieve_knowledge} call first and with
     * {@link #ANSWER} once the request carries the tool's result.
     */
    static final String TOOL_MARKER = "[lukhas-load-tool]";

    private static final byte[] TOOL_CALL = ("{\"id\":\"chatcmpl-load-tool\",\"object\":\"chat.completion\","
                    + "\"created\":1763769600,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_load\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"retrieve_knowledge\","
                    + "\"arguments\":\"{\\\"query\\\":\\\"tides\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}],"
                    + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND =
            "{\"error\":{\"message\":\"only POST /v1/chat/completions here\"}}".getBytes(StandardCharsets.UTF_8);

    /**
     * The streamed answer ({@code "stream": true}): 120 characters of benign text sent as {@link
     * #STREAM_CHUNKS} chunks of {@link #STREAM_CHUNK_CHARS} characters, {@link #STREAM_GAP_MS} ms apart,
     * like a model writing (issue #19's streaming scenario).
     */
    // digits next to letters ("12h", "2.17x", "v3") as real answers have them: they used to hold the open
    // sentence (possible leetspeak), which an answer without digits never showed
    static final String STREAM_ANSWER =
            "Tides come from the moon and sun: 2 highs a day, each ~12h 25m; the moon's pull is 2.17x the sun's (per NOAA's v3 data).";

    static final int STREAM_CHUNKS = 20;
    static final int STREAM_CHUNK_CHARS = 6;
    static final int STREAM_GAP_MS = 5;

    /** Answering takes microseconds; a few threads keep a slow reader from blocking the others. */
    private static final int HANDLER_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final boolean scriptedTools;
    private final LongAdder fromGateway = new LongAdder();
    private final LongAdder direct = new LongAdder();

    private MockUpstream(HttpServer server, ExecutorService executor, boolean scriptedTools) {
        this.server = server;
        this.executor = executor;
        this.scriptedTools = scriptedTools;
    }

    /** Starts on a free loopback port, answering every completion with {@link #ANSWER}. */
    static MockUpstream start() {
        return start(false);
    }

    /**
     * Starts on a free loopback port. With {@code scriptedTools}, a request whose text contains
     * {@link #TOOL_MARKER} and no tool result yet is answered with a {@code retrieve_knowledge} call
     * (the seed scenario's tool requests); everything else with {@link #ANSWER}.
     */
    static MockUpstream start(boolean scriptedTools) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mock upstream on loopback: " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, r -> {
            Thread t = new Thread(r, "mock-upstream");
            t.setDaemon(true);
            return t;
        });
        MockUpstream upstream = new MockUpstream(server, executor, scriptedTools);
        server.setExecutor(executor);
        server.createContext("/", upstream::handle);
        server.start();
        return upstream;
    }

    /** The OpenAI-style base URL, {@code http://127.0.0.1:PORT/v1}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Where a direct client posts: {@code baseUrl() + "/chat/completions"}. */
    URI completionsUrl() {
        return URI.create(baseUrl() + "/chat/completions");
    }

    /** Completions requested with the gateway's upstream key. */
    long callsFromGateway() {
        return fromGateway.sum();
    }

    /** Completions requested without it (the harness's direct calls). */
    long directCalls() {
        return direct.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex;
                InputStream in = ex.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = COMPLETION;
            if (scriptedTools && body.contains(TOOL_MARKER) && !body.contains("\"role\":\"tool\"")) {
                answer = TOOL_CALL;
            }
            ex.getResponseHeaders().add("Content-Type", "application/json");
            if (!"POST".equals(ex.getRequestMethod())
                    || !ex.getRequestURI().getPath().endsWith("/chat/completions")) {
                ex.sendResponseHeaders(404, NOT_FOUND.length);
                ex.getResponseBody().write(NOT_FOUND);
                return;
            }
            if (GATEWAY_AUTHORIZATION.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                fromGateway.increment();
            } else {
                direct.increment();
            }
            if (body.replace(" ", "").contains("\"stream\":true")) {
                stream(ex);
                return;
            }
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
        }
    }

    /** Server-sent events as the OpenAI API sends them, one chunk every {@link #STREAM_GAP_MS} ms. */
    private static void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        String head = "data: {\"id\":\"chatcmpl-load\",\"object\":\"chat.completion.chunk\",\"created\":1763769600,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,";
        event(out, head + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < STREAM_CHUNKS; i++) {
            if (i > 0) {
                pause();
            }
            String piece = STREAM_ANSWER.substring(i * STREAM_CHUNK_CHARS, (i + 1) * STREAM_CHUNK_CHARS);
            event(out, head + "\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}]}\n\n");
        }
        event(
                out,
                head + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":14,"
                        + "\"completion_tokens\":30,\"total_tokens\":44}}\n\ndata: [DONE]\n\n");
    }

    private static void event(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The model's pace between chunks (this is the mock's behaviour, not a wait for a result). */
    private static void pause() {
        try {
            Thread.sleep(STREAM_GAP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
