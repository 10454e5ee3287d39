package ai.lukhas.pwm.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One endpoint the harness drives, with its own HTTP client (so the two targets do not share a
 * connection pool or selector thread) and the requests it cycles through. Every target gets the
 * same body and headers; only the URL differs.
 *
 * <pre>{@code Target direct = Target.create("direct", upstream.completionsUrl(), 64);}</pre>
 */
record Target(String name, HttpClient client, List<HttpRequest> requests, String expect) implements AutoCloseable {
    /** The chat request both targets receive. */
    static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"What causes tides? Answer in one sentence.\"}],\"max_tokens\":64,\"user\":\"load-user\"}";

    /** A request that has not answered by then is a failure ({@code HttpTimeoutException}). */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(expect, "expect");
        requests = List.copyOf(requests);
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("requests must not be empty");
        }
    }

    /**
     * A target posting {@link #BODY} to {@code url}, cycling over {@code sessions} modulation
     * sessions ({@code x-lukhas-session}) and sending a {@code stress} signal with each request.
     */
    static Target create(String name, URI url, int sessions) {
        return post(name, url, BODY, sessions);
    }

    /**
     * A target posting {@code body} to {@code url} over {@code sessions} sessions, with a stress
     * signal; a success is a 2xx carrying the upstream's answer.
     */
    static Target post(String name, URI url, String body, int sessions) {
        List<HttpRequest> requests = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            requests.add(HttpRequest.newBuilder(url)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("x-lukhas-session", "load-" + s)
                    .header("x-lukhas-signals", "stress=0.3")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }
        return new Target(name, newClient(), requests, MockUpstream.ANSWER);
    }

    /** A target sending {@code GET url}; a success is a 2xx whose body contains {@code expect}. */
    static Target get(String name, URI url, String expect) {
        HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        return new Target(name, newClient(), List.of(request), expect);
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                // Plain http: HTTP/1.1 with keep-alive, no h2c upgrade attempt.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The i-th request (cycling over the sessions). */
    HttpRequest request(long i) {
        return requests.get((int) Math.floorMod(i, (long) requests.size()));
    }

    /**
     * Sends the i-th request and judges the answer: a success only when it is 2xx and carries the
     * upstream's answer, with its latency measured from {@code startNanos} (in an open loop, when it
     * was due). Asynchronous, on the client's own threads: the harness never runs on the virtual
     * thread carriers that the in-process gateway's request threads use, so a carrier the gateway
     * pins (a native SQLite call, an fsync) cannot delay the direct measurements.
     */
    CompletableFuture<Outcome> exchange(long i, long startNanos) {
        return client.sendAsync(request(i), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause()
                                : error;
                        return new Outcome.Failure(cause.getClass().getSimpleName());
                    }
                    long latency = Math.max(0, System.nanoTime() - startNanos);
                    return problem(response.statusCode(), response.body(), expect)
                            .<Outcome>map(Outcome.Failure::new)
                            .orElseGet(() -> new Outcome.Success(latency));
                });
    }

    /** Why a response is not a success (a 2xx whose body contains {@code expect}); empty when it is one. */
    static Optional<String> problem(int status, String body, String expect) {
        if (status / 100 != 2) {
            return Optional.of("status " + status);
        }
        if (!body.contains(expect)) {
            return Optional.of("status " + status + " without the expected answer");
        }
        return Optional.empty();
    }

    /** Closes the client (and its connections). */
    @Override
    public void close() {
        client.close();
    }
}
