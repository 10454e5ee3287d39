package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot routes ({@code POST /v1/chat/completions}, {@code /v1/responses}, {@code /v1/embeddings})
 * answered by {@link HotRoutesHandler} on a plain Jetty handler against the same requests answered by
 * Javalin (the server before the handler existed): one scripted conversation — answers plain,
 * gzipped and streamed, every error the routes give (400, 401, 403, 413, 415, 429, 502), the
 * failed-authentication throttle, then the request metrics — is run against a fresh gateway served
 * each way, and every response must match in status, headers (the framing headers and per-request
 * ids aside) and body.
 */
class HotRoutesParityTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String HI = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    /** What differs per request or per run, not per path: ids, times, framing. */
    private static final Set<String> VOLATILE_HEADERS = Set.of(
            "date",
            "x-lukhas-audit-id",
            "x-lukhas-overhead-ms",
            "x-lukhas-session",
            "content-length",
            "transfer-encoding",
            "connection");

    @TempDir
    Path dir;

    @Test
    void withKeysEveryAnswerIsTheSameFromTheHotHandlerAsFromJavalin() throws Exception {
        List<String> hot = conversation(dir.resolve("hot"), "", true, true, this::keyed);
        List<String> javalin = conversation(dir.resolve("javalin"), "", false, true, this::keyed);
        assertThat(hot).hasSize(javalin.size());
        for (int i = 0; i < hot.size(); i++) {
            assertThat(hot.get(i)).as("exchange %d", i).isEqualTo(javalin.get(i));
        }
        // the conversation covered what it claims to
        String all = String.join("\n", hot);
        List<String> missing = new ArrayList<>();
        for (String expected : List.of(
                "status 200",
                "content-encoding=gzip",
                "text/event-stream",
                "status 400",
                "status 401",
                "status 413",
                "status 415",
                "status 429",
                "retry-after=",
                "www-authenticate=Bearer",
                "data: [DONE]",
                "event: response.completed",
                "route=\"/v1/chat/completions\"",
                "route=\"unmatched\"")) {
            if (!all.contains(expected)) {
                missing.add(expected);
            }
        }
        assertThat(missing).as(all).isEmpty();
        // the long answer: gzipped for the client that accepts gzip, not for the one that accepts only br
        assertThat(hot.get(1)).contains("content-encoding=gzip");
        assertThat(hot.get(2)).doesNotContain("content-encoding");
    }

    @Test
    void withoutKeysTheLoopbackHostRuleIsTheSameFromTheHotHandlerAsFromJavalin() throws Exception {
        List<String> hot = conversation(dir.resolve("hot"), "", true, false, this::keyless);
        List<String> javalin = conversation(dir.resolve("javalin"), "", false, false, this::keyless);
        assertThat(hot).isEqualTo(javalin);
        assertThat(String.join("\n", hot)).contains("status 403", "is not one", "status 200");
    }

    @Test
    void anUpstreamFailureIsThe502OfJavalinFromTheHotHandler() throws Exception {
        String failing = "upstream: {url: 'http://127.0.0.1:9/v1', model: house-model}\n";
        List<String> hot = conversation(dir.resolve("hot"), failing, true, true, this::failing);
        List<String> javalin = conversation(dir.resolve("javalin"), failing, false, true, this::failing);
        assertThat(hot).isEqualTo(javalin);
        assertThat(String.join("\n", hot)).contains("status 502", "upstream_error");
    }

    /** A served gateway and its keys. */
    private record Served(int port, Map<String, String> keys) {}

    private List<String> conversation(
            Path where, String yaml, boolean hot, boolean withKeys, Function<Served, List<Raw>> script)
            throws IOException {
        Files.createDirectories(where);
        Path file = where.resolve("lukhas.yaml");
        Files.writeString(file, yaml + """
                tenants:
                  acme:
                    tools: [retrieval]
                    default_tools: [retrieval]
                    rate_limit: {requests_per_second: 100, burst: 1000}
                  tiny:
                    tools: [retrieval]
                    rate_limit: {requests_per_second: 0.001, burst: 2}
                  default:
                    tools: [retrieval]
                    rate_limit: {requests_per_second: 100, burst: 1000}
                """);
        LukhasConfig config = ConfigLoader.load(
                Optional.of(file),
                Map.of(
                        "LUKHAS_DATA_DIR", where.resolve("data").toString(),
                        "LUKHAS_AUDIT_DURABILITY", "os",
                        "LUKHAS_FLAGS_FILE", where.resolve("flags.yaml").toString()));
        try (Gateway gateway =
                Gateway.open(config, Map.of(), new MutableClock(Instant.parse("2026-12-04T12:00:00Z")))) {
            Map<String, String> keys = new LinkedHashMap<>();
            if (withKeys) {
                keys.put(
                        "acme",
                        gateway.keys().issue(Role.CLIENT, "acme", "acme").token());
                keys.put(
                        "tiny",
                        gateway.keys().issue(Role.CLIENT, "tiny", "tiny").token());
            }
            try (GatewayServer server =
                    GatewayServer.start(new ServerSettings("127.0.0.1", 0, 4096), gateway.routes(), hot)) {
                List<String> out = new ArrayList<>();
                for (Raw r : script.apply(new Served(server.port(), keys))) {
                    out.add(r.normalized().replace(Integer.toString(server.port()), "<port>"));
                }
                return out;
            }
        }
    }

    private List<Raw> keyed(Served s) {
        String acme = "Bearer " + s.keys().get("acme");
        String tiny = "Bearer " + s.keys().get("tiny");
        List<Raw> out = new ArrayList<>();
        out.add(post(s, CHAT, HI, "Authorization", acme));
        // a long answer, gzipped for a client that accepts it (the echo of a long prompt)
        String longPrompt = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "tell me more ".repeat(150) + "\"}]}";
        out.add(post(s, CHAT, longPrompt, "Authorization", acme, "Accept-Encoding", "gzip, deflate"));
        out.add(post(s, CHAT, longPrompt, "Authorization", acme, "Accept-Encoding", "br"));
        out.add(post(
                s,
                CHAT,
                "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "Authorization",
                acme));
        out.add(post(
                s, CHAT, HI, "Authorization", acme, "x-lukhas-session", "parity-1", "x-lukhas-signals", "stress=0.9"));
        out.add(post(s, "/v1/responses", "{\"input\":\"hi\"}", "Authorization", acme));
        out.add(post(s, "/v1/responses", "{\"input\":\"hi\",\"stream\":true}", "Authorization", acme));
        out.add(post(s, "/v1/embeddings", "{\"model\":\"m\",\"input\":\"hi\"}", "Authorization", acme));
        // refusals
        out.add(post(s, CHAT, "{not json", "Authorization", acme));
        out.add(post(s, CHAT, "{\"messages\":[],\"bogus\":1}", "Authorization", acme));
        out.add(post(
                s,
                CHAT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":9}",
                "Authorization",
                acme));
        out.add(post(s, CHAT, "[]", "Authorization", acme));
        out.add(post(s, CHAT, "", "Authorization", acme));
        out.add(post(s, CHAT, HI));
        out.add(post(s, CHAT, HI, "Authorization", "Bearer nope"));
        out.add(post(
                s,
                CHAT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5000) + "\"}]}",
                "Authorization",
                acme));
        out.add(send(
                s, "POST " + CHAT + " HTTP/1.1", headers(s, "Authorization", acme, "Content-Type", "text/plain"), HI));
        out.add(send(
                s,
                "POST " + CHAT + " HTTP/1.1",
                headers(s, "Authorization", acme, "Content-Type", "application/json; charset=latin1"),
                HI));
        out.add(post(
                s,
                CHAT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"lukhas\":{\"tool_allowlist\":[\"code_exec\"]}}",
                "Authorization",
                acme));
        out.add(post(
                s,
                "/v1/responses",
                "{\"input\":\"hi\",\"previous_response_id\":\"resp_nope\"}",
                "Authorization",
                acme));
        out.add(post(s, "/v1/embeddings", "{\"input\":3}", "Authorization", acme));
        // the rate limit: burst 2, then 429 with Retry-After
        for (int i = 0; i < 3; i++) {
            out.add(post(s, CHAT, HI, "Authorization", tiny));
        }
        // the failed-authentication throttle counts the hot route's 401s as Javalin's
        for (int i = 0; i < 25; i++) {
            out.add(post(s, "/v1/embeddings", "{\"input\":\"hi\"}", "Authorization", "Bearer wrong-" + i));
        }
        // Javalin still serves every other spelling, method and route
        out.add(post(s, CHAT + "/", HI, "Authorization", acme));
        out.add(send(s, "GET " + CHAT + " HTTP/1.1", headers(s, "Authorization", acme), ""));
        out.add(metrics(s));
        return out;
    }

    private List<Raw> keyless(Served s) {
        List<Raw> out = new ArrayList<>();
        out.add(post(s, CHAT, HI));
        Map<String, String> foreign = headers(s, "Content-Type", "application/json");
        foreign.put("Host", "attacker.example:" + s.port());
        out.add(send(s, "POST " + CHAT + " HTTP/1.1", foreign, HI));
        Map<String, String> origin = headers(s, "Content-Type", "application/json", "Origin", "https://evil.example");
        out.add(send(s, "POST /v1/embeddings HTTP/1.1", origin, "{\"input\":\"hi\"}"));
        out.add(metrics(s));
        return out;
    }

    private List<Raw> failing(Served s) {
        String acme = "Bearer " + s.keys().get("acme");
        return List.of(
                post(s, CHAT, HI, "Authorization", acme),
                post(
                        s,
                        CHAT,
                        "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                        "Authorization",
                        acme),
                metrics(s));
    }

    private static Map<String, String> headers(Served s, String... pairs) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + s.port());
        for (int i = 0; i < pairs.length; i += 2) {
            h.put(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    private static Raw post(Served s, String path, String body, String... pairs) {
        Map<String, String> h = headers(s, "Content-Type", "application/json");
        for (int i = 0; i < pairs.length; i += 2) {
            h.put(pairs[i], pairs[i + 1]);
        }
        return send(s, "POST " + path + " HTTP/1.1", h, body);
    }

    /** The request counters and failure throttle as /metrics shows them (the histogram buckets aside). */
    private static Raw metrics(Served s) {
        Raw r = send(s, "GET /metrics HTTP/1.1", headers(s), "");
        StringBuilder lines = new StringBuilder();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("lukhas_http_requests_seconds_count")) {
                lines.append(line).append('\n');
            }
        }
        return new Raw(r.status(), Map.of(), lines.toString());
    }

    /** One response: status, headers (lower-case names) and the body (gunzipped when gzip was sent). */
    private record Raw(int status, Map<String, String> headers, String body) {
        String normalized() {
            Map<String, String> kept = new TreeMap<>(headers);
            kept.keySet().removeAll(VOLATILE_HEADERS);
            String b = body.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                    .replaceAll("\"overhead_ms\":[0-9.E-]+", "\"overhead_ms\":0")
                    .replaceAll("(resp_|msg_|audit id |audited as |\"audit_id\":\")[A-Za-z0-9._:-]+", "$1<id>")
                    .replaceAll("(\"session_id\":\"|\"session\":\")s-[A-Za-z0-9-]+", "$1<session>")
                    .replaceAll("key [0-9a-f]{12}", "key <id>");
            return "status " + status + "\n" + kept + "\n" + b;
        }
    }

    private static Raw send(Served s, String requestLine, Map<String, String> headers, String body) {
        RawHttp.Response r = RawHttp.send(s.port(), requestLine, headers, body);
        return new Raw(r.status(), r.headers(), r.body());
    }
}
