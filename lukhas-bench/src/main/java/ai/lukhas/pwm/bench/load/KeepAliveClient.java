package ai.lukhas.pwm.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One keep-alive HTTP/1.1 connection, one request at a time, as small as a client can be: a
 * prepared request's bytes are written, the response is read into a reused buffer and framed by its
 * {@code Content-Length} or chunked encoding. Nothing is allocated per exchange once the buffers
 * have grown, so what a benchmark measures around it is the server.
 *
 * <pre>{@code
 * try (KeepAliveClient c = KeepAliveClient.connect(port)) {
 *     int status = c.exchange(KeepAliveClient.get(port, "/healthz"));
 * }
 * }</pre>
 */
final class KeepAliveClient implements AutoCloseable {
    private static final byte[] CONTENT_LENGTH = ascii("\r\ncontent-length:");
    private static final byte[] CHUNKED = ascii("\r\ntransfer-encoding: chunked");

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private byte[] body = new byte[1 << 16];
    private int bodyLength;

    private KeepAliveClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connects to {@code port} on loopback. */
    static KeepAliveClient connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return new KeepAliveClient(s);
    }

    /** A {@code GET} of {@code path} with a loopback {@code Host}. */
    static byte[] get(int port, String path) {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
    }

    /** A JSON {@code POST} with a bearer token, as the peer harness's wrk script sends it. */
    static byte[] postJson(int port, String path, String bearer, String json) {
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ascii("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + bearer
                + "\r\nContent-Length: " + content.length + "\r\n\r\n");
        byte[] request = Arrays.copyOf(head, head.length + content.length);
        System.arraycopy(content, 0, request, head.length, content.length);
        return request;
    }

    /**
     * Sends {@code request} and reads the whole response.
     *
     * @return the response's status code
     * @throws IOException when the connection fails or the response is not framed as HTTP/1.1 allows
     */
    int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int n = 0;
        int headEnd;
        while ((headEnd = headEnd(n)) < 0) {
            n = fill(n);
        }
        if (headEnd < 12 || buf[8] != ' ') {
            throw new IOException(
                    "not an HTTP/1.1 status line: " + new String(buf, 0, Math.min(n, 40), StandardCharsets.ISO_8859_1));
        }
        int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
        int length = contentLength(headEnd);
        int end;
        if (length >= 0) {
            end = headEnd + length;
            while (n < end) {
                n = fill(n);
            }
            ensureBody(length);
            System.arraycopy(buf, headEnd, body, 0, length);
            bodyLength = length;
        } else if (indexOf(CHUNKED, 0, headEnd) >= 0) {
            bodyLength = 0;
            int pos = headEnd;
            while (true) {
                int lineEnd;
                while ((lineEnd = crlf(pos, n)) < 0) {
                    n = fill(n);
                }
                int size =
                        Integer.parseInt(new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).strip(), 16);
                pos = lineEnd + 2;
                while (n < pos + size + 2) {
                    n = fill(n);
                }
                ensureBody(bodyLength + size);
                System.arraycopy(buf, pos, body, bodyLength, size);
                bodyLength += size;
                pos += size + 2;
                if (size == 0) {
                    break;
                }
            }
            end = pos;
        } else {
            throw new IOException("a response without Content-Length or chunked encoding cannot be framed");
        }
        if (n != end) {
            throw new IOException((n - end) + " bytes after the response; the server sent more than one answer");
        }
        return status;
    }

    /** The body of the last response (for checks; allocates). */
    String lastBody() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int fill(int n) throws IOException {
        if (n == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
            throw new IOException("the server closed the connection");
        }
        return n + r;
    }

    private void ensureBody(int size) {
        if (size > body.length) {
            body = Arrays.copyOf(body, Math.max(size, body.length * 2));
        }
    }

    /** The index after the blank line that ends the head, or -1. */
    private int headEnd(int n) {
        for (int i = 3; i < n; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private int crlf(int from, int n) {
        for (int i = from + 1; i < n; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r') {
                return i - 1;
            }
        }
        return -1;
    }

    private int contentLength(int headEnd) {
        int at = indexOf(CONTENT_LENGTH, 0, headEnd);
        if (at < 0) {
            return -1;
        }
        int value = 0;
        for (int i = at + CONTENT_LENGTH.length; i < headEnd && buf[i] != '\r'; i++) {
            if (buf[i] >= '0' && buf[i] <= '9') {
                value = value * 10 + (buf[i] - '0');
            }
        }
        return value;
    }

    /** Where {@code lower} (lower case) occurs in {@code buf[from, to)}, ignoring case; -1 if nowhere. */
    private int indexOf(byte[] lower, int from, int to) {
        outer:
        for (int i = from; i + lower.length <= to; i++) {
            for (int j = 0; j < lower.length; j++) {
                int b = buf[i + j];
                if (b >= 'A' && b <= 'Z') {
                    b += 'a' - 'A';
                }
                if (b != lower[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
