package ai.lukhas.pwm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What every local OpenAI-wire test upstream shares: a JDK HTTP server on a free port of 127.0.0.1,
 * the {@code upstream:} line of lukhas.yaml that points a gateway at it, reading a JSON request body
 * and answering 200 with a body. Subclasses say which paths they serve and what they answer.
 * ({@code ScriptedUpstream} still carries its own copy: the Responses API work is changing it, and it
 * moves onto this class once that has landed.)
 */
abstract class LocalUpstream implements AutoCloseable {
    private final HttpServer server;

    LocalUpstream() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code path} with {@code handler}; call before {@link #listen()}. */
    final void serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Starts answering. */
    final void listen() {
        server.start();
    }

    /** The {@code upstream:} line of lukhas.yaml pointing a gateway at this server. */
    final String yaml() {
        return "upstream: {url: \"http://127.0.0.1:" + server.getAddress().getPort()
                + "/v1\", api_key: sk-test-upstream-0000000000, model: gpt-4o-mini}\n";
    }

    /** The request's body as JSON. */
    static JsonNode body(HttpExchange ex) throws IOException {
        return TestGateway.read(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Answers 200 with {@code body} as {@code type}. */
    static void respond(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
