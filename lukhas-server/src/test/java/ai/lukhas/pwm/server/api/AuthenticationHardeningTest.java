package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.RawHttp;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15 item 11: the Authorization header and failed authentications, against a real gateway. */
class AuthenticationHardeningTest extends GatewayTest {
    private RawHttp.Response get(InetAddress from, String path, String authorization) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + gw.server.port());
        if (authorization != null) {
            h.put("Authorization", authorization);
        }
        RawHttp.Response r = RawHttp.sendFrom(from, gw.server.port(), "GET " + path + " HTTP/1.1", h, "");
        TestGateway.CONTRACT.validateResponse(
                "GET", path, r.status(), r.header("content-type").orElse(""), r.body());
        return r;
    }

    private RawHttp.Response get(String path, String authorization) {
        return get(InetAddress.getLoopbackAddress(), path, authorization);
    }

    private static JsonNode problem(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return TestGateway.read(r.body());
    }

    @Test
    void authorizationWithoutBearerSchemeIsRefused() {
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + gw.admin).getBytes(StandardCharsets.UTF_8));
        JsonNode p = problem(get("/v1/tools", basic), 401);
        assertThat(p.path("detail").asText())
                .contains("scheme 'Basic'")
                .contains("Authorization: Bearer <key>")
                .doesNotContain(gw.admin);
        JsonNode bare = problem(get("/v1/tools", gw.admin), 401);
        assertThat(bare.path("detail").asText()).contains("no scheme").doesNotContain(gw.admin);
        problem(get("/v1/tools", "Token " + gw.admin), 401);
        // a key followed by something else: its first word is no scheme name and is not repeated
        JsonNode garbled = problem(get("/v1/tools", gw.admin + " " + gw.admin), 401);
        assertThat(garbled.path("detail").asText()).contains("no known scheme").doesNotContain("lk_");
        assertThat(get("/v1/tools", "Basic " + gw.admin).header("www-authenticate"))
                .contains("Bearer");

        // the scheme is case-insensitive (RFC 7235 section 2.1)
        assertThat(get("/v1/tools", "bearer " + gw.admin).status()).isEqualTo(200);
        assertThat(get("/v1/tools", "BEARER  " + gw.admin).status()).isEqualTo(200);
    }

    @Test
    void repeatedInvalidKeysAreThrottled() throws Exception {
        assertThat(get("/v1/tools", "Bearer " + gw.admin).status()).isEqualTo(200); // a key in use
        int unauthorized = 0;
        int throttled = 0;
        for (int i = 0; i < 300; i++) {
            RawHttp.Response r = get("/v1/tools", "Bearer lk_" + String.format("%012x", i) + "_" + "A".repeat(43));
            if (r.status() == 401) {
                unauthorized++;
            } else {
                JsonNode p = problem(r, 429);
                assertThat(r.header("retry-after")).contains("5");
                assertThat(p.path("detail").asText()).contains("too many failed authentications");
                throttled++;
            }
        }
        assertThat(unauthorized).as("the default burst of failed attempts").isEqualTo(10);
        assertThat(throttled).isEqualTo(290);

        // the key already in use keeps working from the same address; open routes need no key
        assertThat(get("/v1/tools", "Bearer " + gw.admin).status()).isEqualTo(200);
        assertThat(get("/healthz", null).status()).isEqualTo(200);
        // another client address has its own allowance
        InetAddress other = InetAddress.getByName("127.0.0.2");
        assertThat(get(other, "/v1/tools", "Bearer nope").status()).isEqualTo(401);
        // a key this gateway has not seen yet waits like any other guess from the throttled address
        assertThat(get("/v1/tools", "Bearer " + gw.beta).status()).isEqualTo(429);

        // one attempt comes back every 5 s (0.2 per second), on the gateway's clock
        gw.clock.advance(Duration.ofSeconds(5));
        assertThat(get("/v1/tools", "Bearer " + gw.beta).status()).isEqualTo(200);
        assertThat(get("/v1/tools", "Bearer wrong").status()).isEqualTo(401);
        assertThat(get("/v1/tools", "Bearer wrong").status()).isEqualTo(429);
    }
}
