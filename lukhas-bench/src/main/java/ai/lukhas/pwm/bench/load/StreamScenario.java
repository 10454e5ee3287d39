package ai.lukhas.pwm.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue #19's streaming scenario: sequential streamed requests, alternating direct to the mock
 * upstream (which writes {@link MockUpstream#STREAM_ANSWER} in 20 chunks of 6 characters, 5 ms
 * apart) and through the gateway, timing each answer's first and last token as the client sees
 * them. Reported: time to first token direct vs governed, time to the last token, and the overhead
 * per chunk ((added time to last token − added time to first token) / (chunks − 1)).
 */
final class StreamScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"What causes tides? Answer in one sentence.\"}],\"max_tokens\":64,\"user\":\"load-user\"}";

    /** One streamed answer as the client saw it, in nanoseconds from sending the request. */
    record Timing(long firstToken, long lastToken, int contentEvents) {}

    /** The figures of one run (milliseconds). */
    record Result(
            int requests,
            double directTtftP50,
            double directTtftP90,
            double governedTtftP50,
            double governedTtftP90,
            double directLastP50,
            double governedLastP50,
            double perChunkOverheadMs,
            double governedContentEventsMean,
            StreamReleaseCount.Count held) {
        double addedTtftP50() {
            return governedTtftP50 - directTtftP50;
        }

        String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    Locale.ROOT,
                    "streaming (%d sequential requests per target; upstream: %d chunks of %d chars, %d ms apart)%n",
                    requests,
                    MockUpstream.STREAM_CHUNKS,
                    MockUpstream.STREAM_CHUNK_CHARS,
                    MockUpstream.STREAM_GAP_MS));
            sb.append("| target | TTFT p50 ms | TTFT p90 ms | last token p50 ms |\n|---|---:|---:|---:|\n");
            sb.append(String.format(
                    Locale.ROOT, "| direct | %.2f | %.2f | %.2f |%n", directTtftP50, directTtftP90, directLastP50));
            sb.append(String.format(
                    Locale.ROOT,
                    "| governed | %.2f | %.2f | %.2f |%n",
                    governedTtftP50,
                    governedTtftP90,
                    governedLastP50));
            sb.append(String.format(
                    Locale.ROOT,
                    "added TTFT p50: %+.2f ms; overhead per chunk: %.3f ms; content events per governed answer: %.1f%n",
                    addedTtftP50(),
                    perChunkOverheadMs,
                    governedContentEventsMean));
            sb.append(String.format(
                    Locale.ROOT,
                    "release rule on this answer (deterministic): first release after %d of %d chars arrived,"
                            + " %d released, %d held back; at most %d held back at any chunk%n",
                    held.receivedAtFirstRelease(),
                    MockUpstream.STREAM_ANSWER.length(),
                    held.releasedAtFirstRelease(),
                    held.receivedAtFirstRelease() - held.releasedAtFirstRelease(),
                    held.maxHeld()));
            return sb.toString();
        }

        ObjectNode toJson() {
            ObjectNode o = JSON.createObjectNode();
            o.put("requests", requests);
            o.put("direct_ttft_p50_ms", directTtftP50);
            o.put("direct_ttft_p90_ms", directTtftP90);
            o.put("governed_ttft_p50_ms", governedTtftP50);
            o.put("governed_ttft_p90_ms", governedTtftP90);
            o.put("added_ttft_p50_ms", addedTtftP50());
            o.put("direct_last_token_p50_ms", directLastP50);
            o.put("governed_last_token_p50_ms", governedLastP50);
            o.put("per_chunk_overhead_ms", perChunkOverheadMs);
            o.put("governed_content_events_mean", governedContentEventsMean);
            o.put("held_chars_at_first_release", held.receivedAtFirstRelease() - held.releasedAtFirstRelease());
            o.put("received_chars_at_first_release", held.receivedAtFirstRelease());
            o.put("max_held_chars", held.maxHeld());
            return o;
        }
    }

    private StreamScenario() {}

    /** {@code warmup} discarded pairs, then {@code requests} measured pairs (direct, governed). */
    static Result run(URI direct, URI governed, int warmup, int requests) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            for (int i = 0; i < warmup; i++) {
                once(client, direct, i);
                once(client, governed, i);
            }
            List<Timing> d = new ArrayList<>();
            List<Timing> g = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                d.add(once(client, direct, i));
                g.add(once(client, governed, i));
            }
            double dFirst = percentile(d, Timing::firstToken, 50);
            double gFirst = percentile(g, Timing::firstToken, 50);
            double dLast = percentile(d, Timing::lastToken, 50);
            double gLast = percentile(g, Timing::lastToken, 50);
            double perChunk = ((gLast - dLast) - (gFirst - dFirst)) / (MockUpstream.STREAM_CHUNKS - 1);
            return new Result(
                    requests,
                    dFirst,
                    percentile(d, Timing::firstToken, 90),
                    gFirst,
                    percentile(g, Timing::firstToken, 90),
                    dLast,
                    gLast,
                    perChunk,
                    g.stream().mapToInt(Timing::contentEvents).average().orElse(0),
                    StreamReleaseCount.count());
        }
    }

    private static Timing once(HttpClient client, URI url, int i) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Target.REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("x-lukhas-session", "stream-" + (i % LoadHarness.SESSIONS))
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long first = -1;
        long last = -1;
        int events = 0;
        StringBuilder text = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered " + response.statusCode() + ": " + in.readLine());
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("data:") || line.contains("[DONE]")) {
                    continue;
                }
                JsonNode chunk = JSON.readTree(line.substring(5));
                String content = chunk.path("choices")
                        .path(0)
                        .path("delta")
                        .path("content")
                        .asText("");
                if (!content.isEmpty()) {
                    long now = System.nanoTime() - start;
                    if (first < 0) {
                        first = now;
                    }
                    last = now;
                    events++;
                    text.append(content);
                }
            }
        }
        if (!text.toString().equals(MockUpstream.STREAM_ANSWER)) {
            throw new IOException(url + " streamed '" + text + "', not the upstream's answer");
        }
        return new Timing(first, last, events);
    }

    private static double percentile(List<Timing> timings, java.util.function.ToLongFunction<Timing> f, int p) {
        long[] v = timings.stream().mapToLong(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, idx))] / 1e6;
    }
}
