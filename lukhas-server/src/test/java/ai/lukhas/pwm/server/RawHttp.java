package ai.lukhas.pwm.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK client will not send: any {@code Host}, any
 * {@code Origin}, a body with any or no {@code Content-Type} — what a browser or an attacker sends.
 *
 * <pre>{@code RawHttp.Response r = RawHttp.send(port, "GET /v1/tools HTTP/1.1", Map.of("Host", "attacker.example"), "");}</pre>
 */
public final class RawHttp {
    private RawHttp() {}

    /** A response: status, headers (lower-case names) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Sends one request to 127.0.0.1:{@code port}; {@code Content-Length} and {@code Connection: close}
     * are added, every other header is exactly as given (no Host unless given).
     */
    public static Response send(int port, String requestLine, Map<String, String> headers, String body) {
        return sendFrom(InetAddress.getLoopbackAddress(), port, requestLine, headers, body);
    }

    /** As {@link #send}, with a body of any bytes (e.g. compressed). */
    public static Response sendBytes(int port, String requestLine, Map<String, String> headers, byte[] body) {
        return sendFrom(InetAddress.getLoopbackAddress(), port, requestLine, headers, body);
    }

    /** As {@link #send}, from another local address (any of 127.0.0.0/8 works on Linux): another client. */
    public static Response sendFrom(
            InetAddress local, int port, String requestLine, Map<String, String> headers, String body) {
        return sendFrom(local, port, requestLine, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Response sendFrom(
            InetAddress local, int port, String requestLine, Map<String, String> headers, byte[] payload) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (payload.length > 0) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port, local, 0)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return parse(readAll(s.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
    }

    /** Status, headers, and the body unchunked and, when sent gzip-encoded, gunzipped, as UTF-8 text. */
    private static Response parse(byte[] raw) throws IOException {
        // ISO-8859-1 maps each byte to one char, so the head's offsets index the bytes directly
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
            body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            int size =
                    Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
