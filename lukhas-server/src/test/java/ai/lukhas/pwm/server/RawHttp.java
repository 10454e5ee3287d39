package ai.lukhas.pwm.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /** As {@link #send}, from another local address (any of 127.0.0.0/8 works on Linux): another client. */
    public static Response sendFrom(
            InetAddress local, int port, String requestLine, Map<String, String> headers, String body) {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
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

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        // ISO-8859-1 maps each byte to one char, so chunk sizes (in bytes) index the string directly
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(
                status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(
                    chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
