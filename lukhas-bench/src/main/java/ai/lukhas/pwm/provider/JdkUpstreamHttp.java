package ai.lukhas.pwm.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The baseline for {@link UpstreamClientBenchmark}: {@link UpstreamHttp} on the JDK {@link
 * HttpClient}, set up exactly as {@code OpenAiCompatibleProvider} used it before the switch to
 * Jetty (HTTP/1.1 on plain http, HTTP/2 by ALPN on https, no redirects, the configured connect
 * timeout, the per-attempt timeout until the response headers).
 */
final class JdkUpstreamHttp implements UpstreamHttp {
    private final HttpClient http;

    JdkUpstreamHttp(URI baseUrl, Duration connectTimeout) {
        boolean https = baseUrl.getScheme().equalsIgnoreCase("https");
        this.http = HttpClient.newBuilder()
                .version(https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Answer<byte[]> post(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> r =
                http.send(request(uri, headers, timeout, body), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer<>(r.statusCode(), r.headers(), r.body());
    }

    @Override
    public Answer<InputStream> postStreaming(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> r =
                http.send(request(uri, headers, timeout, body), HttpResponse.BodyHandlers.ofInputStream());
        return new Answer<>(r.statusCode(), r.headers(), r.body());
    }

    @Override
    public int get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    private static HttpRequest request(URI uri, Map<String, String> headers, Duration timeout, byte[] body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return b.build();
    }
}
