package ai.lukhas.pwm.governance.tools.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a socket connected to an address the caller already checked. A client that
 * resolves the name itself could be handed another address by a second DNS answer (DNS rebinding);
 * here the name is only used for the Host header, SNI and certificate verification.
 */
final class PinnedHttp {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    record Response(int status, Map<String, String> headers, byte[] body, boolean truncated) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** Thrown when the deadline passes; the message says which phase was cut off. */
    static final class TimedOut extends IOException {
        TimedOut(String message) {
            super(message);
        }
    }

    private PinnedHttp() {}

    static Response get(URI uri, InetAddress address, long maxBytes, long deadlineNanos) throws IOException {
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : (tls ? 443 : 80);
        String host = uri.getHost();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), remainingMillis(deadlineNanos, "connect"));
            Socket socket = plain;
            if (tls) {
                SSLSocket ssl = (SSLSocket)
                        ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isLiteral(host)) {
                    params.setServerNames(List.of(new SNIHostName(host)));
                }
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(remainingMillis(deadlineNanos, "TLS handshake"));
                ssl.startHandshake();
                socket = ssl;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) {
                path += "?" + uri.getRawQuery();
            }
            boolean defaultPort = uri.getPort() == -1 || uri.getPort() == (tls ? 443 : 80);
            String hostHeader = (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                    + (defaultPort ? "" : ":" + port);
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: " + hostHeader + "\r\n"
                    + "User-Agent: lukhas-pwm-browser/1\r\n"
                    + "Accept: text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1\r\n"
                    + "Accept-Encoding: identity\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(socket, maxBytes, deadlineNanos);
        }
    }

    private static Response read(Socket socket, long maxBytes, long deadline) throws IOException {
        InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
        socket.setSoTimeout(remainingMillis(deadline, "response"));
        String statusLine = line(in, socket, deadline);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response: '" + clip(statusLine) + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad HTTP status line: '" + clip(statusLine) + "'", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = statusLine.length();
        for (String h = line(in, socket, deadline); !h.isEmpty(); h = line(in, socket, deadline)) {
            headerBytes += h.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("response headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.merge(
                        h.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean truncated;
        if (status / 100 == 3 || status == 204 || status == 304) {
            truncated = false;
        } else if (headers.getOrDefault("transfer-encoding", "")
                .toLowerCase(Locale.ROOT)
                .contains("chunked")) {
            truncated = readChunked(in, socket, body, maxBytes, deadline);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length '" + clip(headers.get("content-length")) + "'", e);
            }
            copy(in, socket, body, Math.min(length, maxBytes), deadline);
            truncated = length > maxBytes;
        } else {
            truncated = copy(in, socket, body, maxBytes, deadline) && in.read() != -1;
        }
        return new Response(status, headers, body.toByteArray(), truncated);
    }

    private static boolean readChunked(InputStream in, Socket s, ByteArrayOutputStream body, long max, long deadline)
            throws IOException {
        while (true) {
            String sizeLine = line(in, s, deadline);
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + clip(sizeLine) + "'", e);
            }
            if (size == 0) {
                return false;
            }
            long room = max - body.size();
            if (size > room) {
                copy(in, s, body, room, deadline);
                return true;
            }
            copy(in, s, body, size, deadline);
            line(in, s, deadline); // CRLF after the chunk
        }
    }

    /** Copies up to {@code n} bytes; returns whether all {@code n} arrived before end of stream. */
    private static boolean copy(InputStream in, Socket s, ByteArrayOutputStream out, long n, long deadline)
            throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            s.setSoTimeout(remainingMillis(deadline, "body"));
            int r;
            try {
                r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            } catch (SocketTimeoutException e) {
                throw new TimedOut("the page did not arrive within the time limit");
            }
            if (r == -1) {
                return false;
            }
            out.write(buffer, 0, r);
            left -= r;
        }
        return true;
    }

    private static String line(InputStream in, Socket s, long deadline) throws IOException {
        StringBuilder sb = new StringBuilder();
        s.setSoTimeout(remainingMillis(deadline, "headers"));
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                throw new TimedOut("the server did not answer within the time limit");
            }
            if (c == -1) {
                if (sb.isEmpty()) {
                    throw new IOException("the connection closed before the response was complete");
                }
                return sb.toString();
            }
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_BYTES) {
                throw new IOException("a response line exceeds " + MAX_HEADER_BYTES + " bytes");
            }
            sb.append((char) c);
        }
    }

    private static int remainingMillis(long deadline, String phase) throws TimedOut {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new TimedOut("the time limit ran out during " + phase);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
