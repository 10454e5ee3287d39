package ai.lukhas.pwm.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HTTP transport under the OpenAI-compatible provider: three blocking calls made from the
 * request's own (virtual) thread. Everything above it (retries, deadlines, status mapping in
 * {@link ProviderErrors}, JSON and SSE parsing) does not know which client sends the bytes.
 *
 * <p>Failures are the JDK's {@code java.net} exceptions, so {@link ProviderErrors#forIo} maps
 * them: {@link java.net.http.HttpTimeoutException} when no answer came in time ({@link
 * java.net.http.HttpConnectTimeoutException} when the connection could not be opened in time),
 * {@link java.net.ConnectException} when the upstream refused the connection, another {@link
 * IOException} for the rest. An interrupted caller gets {@link InterruptedException} and the
 * exchange is aborted.
 *
 * <pre>{@code
 * Answer<byte[]> a = http.post(uri, Map.of("Content-Type", "application/json"), body, Duration.ofSeconds(60));
 * if (a.status() / 100 != 2) throw errors.forStatus(a.status(), a.headers(), new String(a.body(), UTF_8), attempt);
 * }</pre>
 */
interface UpstreamHttp extends AutoCloseable {

    /**
     * A status, the response headers and a body ({@code byte[]} whole, or an {@link InputStream}).
     * The headers are read only for an error's status ({@link ProviderErrors#forStatus}: {@code
     * Retry-After}), so a transport may hand them over unmade: {@code headerSource} makes them when
     * asked, each time the same.
     */
    record Answer<B>(int status, Supplier<HttpHeaders> headerSource, B body) {
        public Answer {
            Objects.requireNonNull(headerSource, "headerSource");
        }

        /** With headers already made. */
        Answer(int status, HttpHeaders headers, B body) {
            this(status, () -> headers, body);
        }

        /** The response headers, names case-insensitive, repeated values kept. */
        HttpHeaders headers() {
            return headerSource.get();
        }
    }

    /**
     * {@code POST uri} with {@code body}, waiting at most {@code timeout} for the whole answer.
     */
    Answer<byte[]> post(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException;

    /**
     * {@code POST uri} with {@code body}, returning as soon as the response headers arrived (at
     * most {@code timeout}); the body is read as the upstream sends it, and the upstream is only
     * asked for more as it is read (back-pressure). The caller closes the body: closing it before
     * its end aborts the exchange at once (a client that left stops the upstream call).
     */
    Answer<InputStream> postStreaming(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException;

    /** {@code GET uri}: its status; the body is read and dropped. */
    int get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException;

    /** Lets exchanges in flight finish for a short while, then aborts them and frees the connections. */
    @Override
    void close();
}
