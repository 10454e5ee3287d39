package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.server.contract.OpenApiContract;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 10: a gateway without API keys (keyless local mode, what {@code bin/lukhas serve}
 * runs on a laptop) must not be usable by web pages. Requests go over a raw socket, so Host, Origin
 * and Content-Type are exactly what a browser (or an attacker) would send.
 */
class LocalModeCrossSiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final String CONSENSUS = """
            {"key":"site.evil","method":"majority","persist":true,"opinions":[
              {"agent_id":"a1","value":{"v":1},"confidence":0.9},
              {"agent_id":"a2","value":{"v":1},"confidence":0.9}]}""";

    @TempDir
    Path dir;

    private Gateway gateway;
    private GatewayServer server;

    @BeforeEach
    void start() {
        LukhasConfig config = TestConfigs.inDirectory(dir);
        gateway = Gateway.open(config, Map.of(), new MutableClock(Instant.parse("2026-12-04T12:00:00Z")));
        server = gateway.start(new ServerSettings("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        server.close();
        gateway.close();
    }

    private RawHttp.Response send(String method, String path, Map<String, String> headers, String body) {
        RawHttp.Response r = RawHttp.send(server.port(), method + " " + path + " HTTP/1.1", headers, body);
        CONTRACT.validateResponse(
                method, path, r.status(), r.header("content-type").orElse(""), r.body());
        return r;
    }

    private Map<String, String> headers(String... pairs) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + server.port());
        for (int i = 0; i < pairs.length; i += 2) {
            h.put(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    private static JsonNode problem(RawHttp.Response r, int status) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith(Problem.MEDIA_TYPE));
        return JSON.readTree(r.body());
    }

    @Test
    void textPlainBodyIsRefusedOnJsonRoutes() throws Exception {
        // what <form enctype="text/plain"> or fetch(..., {mode: "no-cors"}) sends without a preflight
        JsonNode p = problem(
                send("POST", "/v1/colony/consensus", headers("Content-Type", "text/plain;charset=UTF-8"), CONSENSUS),
                415);

        assertThat(p.path("detail").asText())
                .contains("POST /v1/colony/consensus")
                .containsIgnoringCase("'text/plain;charset=UTF-8'")
                .contains("application/json");
        assertThat(gateway.helix().read(TenantId.DEFAULT, "site.evil")).isEmpty();
        problem(send("POST", "/v1/colony/consensus", headers(), CONSENSUS), 415);
        problem(
                send(
                        "POST",
                        "/v1/colony/consensus",
                        headers("Content-Type", "application/x-www-form-urlencoded"),
                        CONSENSUS),
                415);
        JsonNode latin1 = problem(
                send(
                        "POST",
                        "/v1/colony/consensus",
                        headers("Content-Type", "application/json; charset=iso-8859-1"),
                        CONSENSUS),
                415);
        assertThat(latin1.path("detail").asText()).contains("'iso-8859-1'").contains("UTF-8");
        assertThat(gateway.helix().read(TenantId.DEFAULT, "site.evil")).isEmpty();
    }

    @Test
    void jsonContentTypesWithACharsetOrASuffixAreAccepted() {
        assertThat(send(
                                "POST",
                                "/v1/colony/consensus",
                                headers("Content-Type", "application/json; charset=utf-8"),
                                CONSENSUS)
                        .status())
                .isEqualTo(200);
        assertThat(send(
                                "POST",
                                "/v1/modulation/preview",
                                headers("Content-Type", "Application/JSON"),
                                "{\"signals\":[]}")
                        .status())
                .isEqualTo(200);
        assertThat(send(
                                "POST",
                                "/v1/modulation/preview",
                                headers("Content-Type", "application/vnd.lukhas+json"),
                                "{\"signals\":[]}")
                        .status())
                .isEqualTo(200);
        assertThat(gateway.helix().read(TenantId.DEFAULT, "site.evil")).isPresent();
    }

    @Test
    void foreignOriginIsRefusedInKeylessMode() throws Exception {
        JsonNode p = problem(
                send(
                        "POST",
                        "/v1/colony/consensus",
                        headers("Origin", "http://evil.example", "Content-Type", "application/json"),
                        CONSENSUS),
                403);

        assertThat(p.path("detail").asText())
                .contains("Origin 'http://evil.example' is not a loopback origin")
                .contains("lukhas keys create");
        assertThat(gateway.helix().read(TenantId.DEFAULT, "site.evil")).isEmpty();
        problem(send("GET", "/v1/tools", headers("Origin", "null"), ""), 403);
        problem(send("GET", "/v1/tools", headers("Origin", "http://127.0.0.1.evil.example"), ""), 403);
        // a page served from this machine may call it (the dashboard, a local app)
        assertThat(send("GET", "/v1/tools", headers("Origin", "http://localhost:3000"), "")
                        .status())
                .isEqualTo(200);
        assertThat(send("GET", "/v1/tools", headers("Origin", "https://127.0.0.1"), "")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void foreignHostIsRefusedInKeylessMode() throws Exception {
        // DNS rebinding: attacker.example now resolves to 127.0.0.1, the browser still says its name
        Map<String, String> rebound = new LinkedHashMap<>(Map.of("Host", "attacker.example:" + server.port()));
        JsonNode p = problem(send("GET", "/v1/tools", rebound, ""), 403);

        assertThat(p.path("detail").asText())
                .contains("Host 'attacker.example:" + server.port() + "' is not one")
                .contains("lukhas keys create");
        problem(send("GET", "/healthz", rebound, ""), 403);
        problem(send("GET", "/v1/tools", new LinkedHashMap<>(Map.of("Host", "127.0.0.1.nip.io")), ""), 403);
        for (String loopback : new String[] {"localhost", "LOCALHOST:1", "127.0.0.1", "127.9.8.7:8080", "[::1]:9"}) {
            assertThat(send("GET", "/v1/tools", new LinkedHashMap<>(Map.of("Host", loopback)), "")
                            .status())
                    .as(loopback)
                    .isEqualTo(200);
        }
    }

    /**
     * With keys configured the key is the protection: a browser never attaches one by itself, and
     * without CORS headers no other origin can read the answer. Host and Origin are not checked then
     * (a gateway behind a load balancer answers to its public name).
     */
    @Test
    void withKeysHostAndOriginAreLeftToTheKeyAndToCors() {
        String key = gateway.keys().issue(Role.ADMIN, "default", "ops").token();
        ((MutableClock) gateway.clock()).advance(java.time.Duration.ofSeconds(3)); // "any keys?" is cached
        Map<String, String> h = new LinkedHashMap<>(Map.of(
                "Host", "gateway.example.com", "Origin", "https://app.example.com", "Authorization", "Bearer " + key));
        assertThat(send("GET", "/v1/tools", h, "").status()).isEqualTo(200);
        h.remove("Authorization");
        assertThat(send("GET", "/v1/tools", h, "").status()).isEqualTo(401);
    }
}
