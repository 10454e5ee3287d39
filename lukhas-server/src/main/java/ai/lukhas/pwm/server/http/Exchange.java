package ai.lukhas.pwm.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * One HTTP request and its answer, as much of it as the OpenAI routes and the filters every request
 * passes (metrics, {@code RequestScreen}) need: request headers and body, the status, response
 * headers, a whole answer or a streamed one. The hot routes ({@code POST /v1/chat/completions},
 * {@code /v1/responses}, {@code /v1/embeddings}) are written once against it and run either on a plain
 * Jetty handler in front of Javalin (the server's own implementation) or inside Javalin ({@link
 * #of(Context)}, for every other spelling of their paths).
 *
 * <pre>{@code
 * ExchangeRoutes ping = () -> Map.of("/ping", ex -> ex.result(200, "application/json", "{}".getBytes(UTF_8)));
 * }</pre>
 */
public interface Exchange {
    /** The request method, e.g. {@code POST}. */
    String method();

    /** The request path as sent (not decoded), e.g. {@code /v1/chat/completions}. */
    String path();

    /** A request header (the first, when sent several times). */
    Optional<String> header(String name);

    /** The client's address: what the failed-authentication throttle counts per. */
    String ip();

    /** The request's {@code Content-Length}, or -1 when it sent none. */
    long contentLength();

    /**
     * The request body as text (UTF-8, or the charset the {@code Content-Type} names); a body over the
     * server's limit is refused with 413 before more than the limit is read.
     */
    String body();

    /**
     * The request body's bytes when the {@code Content-Type} declares them UTF-8 (no charset, or
     * {@code charset=utf-8}), for a JSON reader to parse without decoding them to text first; empty
     * when the exchange cannot tell or another charset is named (read {@link #body()}).
     */
    default Optional<byte[]> utf8Body() {
        return Optional.empty();
    }

    /** A value a filter left on this request for a later one (e.g. when timing started). */
    Optional<Object> attribute(String name);

    void attribute(String name, Object value);

    /** The route template whose handler ran ({@code /v1/chat/completions}); empty when none did (404, or a refusal before any route). */
    Optional<String> route();

    /** The response status so far (200 until set). */
    int status();

    /** Sets a response header, replacing one of the same name. */
    void header(String name, String value);

    /**
     * Answers with {@code body}: gzip-compressed when it is at least 1,500 bytes and the client accepts
     * gzip, as every answer of the server.
     */
    void result(int status, String contentType, byte[] body);

    /**
     * Starts a streamed answer (server-sent events): the status and headers set so far go out with the
     * first bytes; the caller writes and flushes events. Writing to a client that left throws an
     * {@link IOException}.
     */
    OutputStream stream(int status, String contentType) throws IOException;

    /** The exchange of a request Javalin handles. */
    static Exchange of(Context ctx) {
        return new ContextExchange(ctx);
    }
}
