package ai.lukhas.pwm.server;

import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.ProblemException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@link Exchange} over Jetty's core {@link Request} and {@link Response}: what {@link HotRoutesHandler}
 * gives the hot routes. It keeps what Javalin's serving of the same route does: {@code application/json}
 * until a route says otherwise, the body read with the server's size limit (413 past it), the text
 * decoded with the charset the {@code Content-Type} names (UTF-8 when none), a whole answer gzipped
 * when it is at least {@link #GZIP_MIN_BYTES} and the client lists {@code gzip} in
 * {@code Accept-Encoding} (Javalin's rule: a comma-separated token, compared without case), and a
 * streamed answer written through a buffer that each {@code flush} sends as one chunk.
 */
final class JettyExchange implements Exchange {
    /** Javalin's minimum for compressing an answer (one packet). */
    static final int GZIP_MIN_BYTES = 1500;

    private static final int STREAM_BUFFER_BYTES = 4096;

    private final Request request;
    private final Response response;
    private final long maxRequestBytes;
    private Map<String, Object> attributes;
    private String route;
    private String body;
    private byte[] rawBody;
    private byte[] result;
    private OutputStream stream;

    JettyExchange(Request request, Response response, long maxRequestBytes) {
        this.request = request;
        this.response = response;
        this.maxRequestBytes = maxRequestBytes;
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return request.getHttpURI().getPath();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    @Override
    public String ip() {
        return Request.getRemoteAddr(request);
    }

    @Override
    public long contentLength() {
        return request.getLength();
    }

    @Override
    public String body() {
        if (body == null) {
            body = new String(rawBody(), charset());
        }
        return body;
    }

    @Override
    public Optional<byte[]> utf8Body() {
        byte[] raw = rawBody(); // first, as body() reads: a body over the limit is a 413 before any charset
        try {
            return StandardCharsets.UTF_8.equals(charset()) ? Optional.of(raw) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an unknown or malformed charset: body() answers it (415)
        }
    }

    /** The body's bytes, read once. */
    private byte[] rawBody() {
        if (rawBody == null) {
            rawBody = bodyBytes();
        }
        return rawBody;
    }

    private byte[] bodyBytes() {
        long length = request.getLength();
        if (length > maxRequestBytes) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (length >= 0) {
                return in.readNBytes((int) length);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(chunk)) != -1; ) {
                total += n;
                if (total > maxRequestBytes) {
                    throw tooLarge();
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UnreadBody(e);
        }
    }

    /**
     * 413, and the connection closes after the answer: the rest of the body is not read, so the
     * connection cannot carry another request (as Javalin's answer says too).
     */
    private ProblemException tooLarge() {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return new ProblemException(GatewayServer.tooLarge(maxRequestBytes));
    }

    /** Javalin's reading of the request charset: the {@code charset} parameter of the Content-Type, else UTF-8. */
    private Charset charset() {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null) {
            return StandardCharsets.UTF_8;
        }
        for (String part : type.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "charset", 0, "charset".length())) {
                String[] kv = p.split("=");
                String name = kv.length < 2 ? "" : kv[1].strip();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                return Charset.forName(name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public Optional<Object> attribute(String name) {
        return attributes == null ? Optional.empty() : Optional.ofNullable(attributes.get(name));
    }

    @Override
    public void attribute(String name, Object value) {
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        attributes.put(name, value);
    }

    /** The route whose handler is about to run. */
    void matched(String template) {
        this.route = template;
    }

    @Override
    public Optional<String> route() {
        return Optional.ofNullable(route);
    }

    @Override
    public int status() {
        return response.getStatus();
    }

    @Override
    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    @Override
    public void result(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        this.result = body;
    }

    @Override
    public OutputStream stream(int status, String contentType) {
        response.setStatus(status);
        // as the servlet response names it: a text type without a charset gets the response's, UTF-8
        response.getHeaders()
                .put(
                        HttpHeader.CONTENT_TYPE,
                        contentType.startsWith("text/") && !contentType.contains("charset=")
                                ? contentType + ";charset=utf-8"
                                : contentType);
        stream = new BufferedOutputStream(Content.Sink.asOutputStream(response), STREAM_BUFFER_BYTES);
        return stream;
    }

    /** Whether a streamed answer started (its status and headers may be on the wire). */
    boolean streaming() {
        return stream != null;
    }

    /** Sends the answer (or ends the stream) and completes {@code callback}. */
    void finish(Callback callback) {
        if (stream != null) {
            try {
                stream.close();
                callback.succeeded();
            } catch (IOException | RuntimeException e) {
                // the client left: the route has logged it; the connection is closed
                callback.failed(e);
            }
            return;
        }
        byte[] out = result == null ? new byte[0] : result;
        HttpFields.Mutable headers = response.getHeaders();
        if (out.length >= GZIP_MIN_BYTES && !headers.contains(HttpHeader.CONTENT_ENCODING) && acceptsGzip()) {
            out = gzip(out);
            headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        headers.put(HttpHeader.CONTENT_LENGTH, out.length);
        response.write(true, ByteBuffer.wrap(out), callback);
    }

    private boolean acceptsGzip() {
        String accepted = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        if (accepted == null) {
            return false;
        }
        for (String token : accepted.split(",")) {
            if (token.strip().equalsIgnoreCase("gzip")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(in);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
