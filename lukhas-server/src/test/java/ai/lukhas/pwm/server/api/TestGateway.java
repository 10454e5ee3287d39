package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.server.contract.OpenApiContract;
import ai.lukhas.pwm.server.http.OpenAiErrors;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real gateway on a free loopback port over a temporary data directory, with four keys: an admin
 * of tenant "default", a client of tenant "acme" (tool ceiling: retrieval), a client of tenant
 * "beta" (retrieval, scheduler) and a client of tenant "gamma" (retrieval and client functions).
 * default, acme and beta opt in to their gateway tools for every request ({@code default_tools});
 * gamma does not, so its requests are offered gateway tools only when they name them
 * ({@code lukhas.tool_allowlist}). Request bodies over 8 KiB are refused. Every response to a documented path is validated
 * against openapi.yaml (status, content type, body schema, required headers).
 */
final class TestGateway implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every response a test receives is checked against openapi.yaml. */
    static final OpenApiContract CONTRACT = OpenApiContract.load();

    static final long MAX_BODY = 8192;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    final Path dir;
    final Gateway gateway;
    final GatewayServer server;
    final String admin;
    final String acme;
    final String beta;
    final String gamma;
    private final HttpClient http = HttpClient.newHttpClient();

    TestGateway(Path dir) {
        this(dir, "");
    }

    /** As above, with {@code extraYaml} (top-level keys, e.g. {@code policy: {path: ...}}) appended to lukhas.yaml. */
    TestGateway(Path dir, String extraYaml) {
        this(dir, extraYaml, MAX_BODY);
    }

    /** As above, refusing request bodies over {@code maxBody} bytes. */
    TestGateway(Path dir, String extraYaml, long maxBody) {
        this.dir = dir;
        try {
            Path yaml = dir.resolve("lukhas.yaml");
            Files.writeString(yaml, extraYaml + """

                    tenants:
                      acme:
                        tools: [retrieval]
                        default_tools: [retrieval]
                        rate_limit: {requests_per_second: 100, burst: 1000}
                      beta:
                        tools: [retrieval, scheduler]
                        default_tools: [retrieval, scheduler]
                        rate_limit: {requests_per_second: 100, burst: 1000}
                      gamma:
                        tools: [retrieval, client_tools]
                        rate_limit: {requests_per_second: 100, burst: 1000}
                      default:
                        tools: [retrieval, browser, scheduler, code_exec, client_tools]
                        default_tools: [retrieval, browser, scheduler, code_exec]
                        rate_limit: {requests_per_second: 100, burst: 1000}
                    """);
            LukhasConfig config = ConfigLoader.load(
                    Optional.of(yaml),
                    Map.of(
                            "LUKHAS_DATA_DIR", dir.resolve("data").toString(),
                            "LUKHAS_AUDIT_DURABILITY", "os",
                            "LUKHAS_FLAGS_FILE", dir.resolve("flags.yaml").toString()));
            this.gateway = Gateway.open(config, Map.of(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.admin = gateway.keys().issue(Role.ADMIN, "default", "test admin").token();
        this.acme = gateway.keys().issue(Role.CLIENT, "acme", "acme client").token();
        this.beta = gateway.keys().issue(Role.CLIENT, "beta", "beta client").token();
        this.gamma = gateway.keys().issue(Role.CLIENT, "gamma", "gamma client").token();
        this.server = gateway.start(new ServerSettings("127.0.0.1", 0, maxBody));
    }

    HttpResponse<String> send(String method, String path, Optional<String> token, Optional<String> body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(
                        method,
                        body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        body.ifPresent(x -> b.header("Content-Type", "application/json"));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (CONTRACT.templateFor(path).isPresent()) {
                CONTRACT.validateResponse(method, r);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON POST with one extra header. */
    HttpResponse<String> sendWithHeader(String path, String token, String body, String header, String value) {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header(header, value)
                .build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        return send("GET", path, Optional.of(token), Optional.empty());
    }

    /** The {@code request} part of the audit bundle of the chat answer {@code answer} (by its lukhas.audit_id). */
    JsonNode auditedRequest(JsonNode answer) {
        return gateway.audit()
                .find(answer.path("lukhas").path("audit_id").asText())
                .orElseThrow()
                .json()
                .path("request");
    }

    /** GET {@code path} with the admin key, which must answer 200 with JSON; that JSON. */
    JsonNode adminGet(String path) {
        return ok(get(path, admin), 200);
    }

    HttpResponse<String> post(String path, String token, String body) {
        return send("POST", path, Optional.of(token), Optional.of(body));
    }

    HttpResponse<String> delete(String path, String token) {
        return send("DELETE", path, Optional.of(token), Optional.empty());
    }

    HttpResponse<String> put(String path, String token, String body) {
        return send("PUT", path, Optional.of(token), Optional.of(body));
    }

    /** The official OpenAI Java SDK pointed at this gateway with {@code token}, without retries; close it. */
    OpenAIClient openAiClient(String token) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey(token)
                .maxRetries(0)
                .build();
    }

    static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        return read(r.body());
    }

    /**
     * Asserts an RFC 9457 problem with this status and returns it; on the OpenAI-compatible routes,
     * an OpenAI error body ({@code application/json}, {@code error.message}) with the problem fields
     * alongside.
     */
    static JsonNode problem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        boolean openAi = OpenAiErrors.isOpenAiRoute(r.uri().getPath());
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith(openAi ? "application/json" : Problem.MEDIA_TYPE));
        JsonNode p = read(r.body());
        if (openAi) {
            assertThat(p.path("error").path("message").asText())
                    .as(r.body())
                    .isEqualTo(p.path("detail").asText());
            assertThat(p.path("error").path("type").asText()).isNotBlank();
        }
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at ai.lukhas");
        return p;
    }

    /** The field names of a problem's {@code errors}. */
    static List<String> fields(JsonNode problem) {
        return problem.path("errors").findValuesAsText("field");
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every audit record, oldest first. */
    List<AuditRecord> auditRecords() {
        return gateway.audit().tail(100_000);
    }

    List<String> auditOutcomes() {
        return auditRecords().stream().map(r -> r.bundle().outcome()).toList();
    }

    @Override
    public void close() {
        server.close();
        gateway.close();
    }
}
