package ai.lukhas.pwm.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/** {@link CheckpointWitness#http}: POSTs the checkpoint JSON; a non-2xx status or a timeout is a failure. */
final class HttpWitness implements CheckpointWitness {
    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    HttpWitness(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("witness url must be http:// or https://, but was " + url);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("witness timeout must be positive, but was " + timeout);
        }
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void publish(SignedCheckpoint checkpoint) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(checkpoint.line()))
                .build();
        HttpResponse<String> res;
        try {
            res = client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing to " + url, e);
        }
        if (res.statusCode() / 100 != 2) {
            String body = res.body();
            throw new IOException("witness " + url + " answered " + res.statusCode() + ": "
                    + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
        }
    }

    @Override
    public String describe() {
        return "http " + url;
    }
}
