package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for issue #15 items 3 and 7, driven over HTTP as the red-team did: two client keys
 * of tenants "acme" and "beta" on one real gateway (plus an admin of "default"). Memory, retrieval,
 * scheduled tasks and feedback are namespaced by tenant; only an admin naming a tenant crosses over.
 */
class TenantIsolationTest extends GatewayTest {
    private JsonNode chat(String token, String content, String memoryJson) {
        String lukhas = memoryJson.isEmpty() ? "" : ",\"lukhas\":{\"memory\":" + memoryJson + "}";
        return ok(
                gw.post(
                        "/v1/chat/completions",
                        token,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]" + lukhas + "}"),
                200);
    }

    private static String content(JsonNode completion) {
        return completion
                .path("choices")
                .path(0)
                .path("message")
                .path("content")
                .asText();
    }

    private void remember(String token, String text) {
        JsonNode c = chat(
                token,
                "please remember this",
                "[{\"key\":\"project.zephyr90\",\"value\":{\"text\":\"" + text + "\"}}]");
        assertThat(c.path("lukhas").path("memory").path(0).path("status").asText())
                .as("%s", c.path("lukhas").path("memory"))
                .isEqualTo("written");
    }

    @Test
    void tenantCannotReadAnotherTenantsDnaThroughRetrieval() {
        remember(gw.beta, "beta ships zephyr90 on the ninth");

        String acmeSees = content(chat(gw.acme, "call retrieve_knowledge with query=zephyr90", ""));
        assertThat(acmeSees).doesNotContain("ninth").doesNotContain("project.zephyr90");

        // acme's write of the same key is acme's own first version; beta's memory is untouched
        remember(gw.acme, "acme overwrote it");
        String betaSees = content(chat(gw.beta, "call retrieve_knowledge with query=zephyr90", ""));
        assertThat(betaSees).contains("beta ships zephyr90 on the ninth").doesNotContain("acme overwrote");
        assertThat(content(chat(gw.acme, "call retrieve_knowledge with query=zephyr90", "")))
                .contains("acme overwrote it")
                .doesNotContain("ninth");
    }

    @Test
    void adminReadsAnotherTenantsDnaOnlyByNamingIt() {
        remember(gw.beta, "beta ships zephyr90 on the ninth");

        problem(gw.get("/v1/dna/project.zephyr90", gw.admin), 404);
        JsonNode named = gw.adminGet("/v1/dna/project.zephyr90?tenant=beta");
        assertThat(named.path("value").path("text").asText()).isEqualTo("beta ships zephyr90 on the ninth");
        assertThat(gw.adminGet("/v1/dna/project.zephyr90/history?tenant=acme").path("versions"))
                .isEmpty();
        JsonNode bad = problem(gw.get("/v1/dna/project.zephyr90?tenant=no%20spaces", gw.admin), 400);
        assertThat(bad.path("errors").path(0).path("field").asText()).isEqualTo("tenant");
    }

    @Test
    void tasksScheduledByOneTenantAreListedOnlyForIt() {
        JsonNode c = chat(gw.beta, "call schedule_task with when=in 2 hours, note=beta payroll run", "");
        assertThat(c.path("lukhas").path("incidents")).isEmpty();

        assertThat(gw.adminGet("/v1/scheduler/tasks").path("tasks")).isEmpty();
        assertThat(gw.adminGet("/v1/scheduler/tasks?tenant=beta").path("tasks"))
                .singleElement()
                .satisfies(t -> assertThat(t.path("note").asText()).isEqualTo("beta payroll run"));
    }

    @Test
    void feedbackCardForAnotherTenantsAuditRecordIsRejected() {
        String betaAction =
                chat(gw.beta, "hello", "").path("lukhas").path("audit_id").asText();

        JsonNode p = problem(
                gw.post(
                        "/v1/feedback/cards",
                        gw.acme,
                        "{\"target_action_id\":\"" + betaAction + "\",\"rating\":1,\"user_id\":\"alice\"}"),
                422);
        assertThat(p.path("errors").path(0).path("field").asText()).isEqualTo("target_action_id");
        // the detail does not tell acme that the id exists elsewhere
        assertThat(p.path("detail").asText()).contains("no such action").doesNotContain("beta");
    }

    @Test
    void feedbackCardForANonexistentActionIsRejected() {
        JsonNode p = problem(
                gw.post("/v1/feedback/cards", gw.acme, "{\"target_action_id\":\"made-up-42\",\"rating\":5}"), 422);
        assertThat(p.path("errors").path(0).path("field").asText()).isEqualTo("target_action_id");
    }

    @Test
    void feedbackFromOneTenantMovesNeitherAnotherTenantsUserNorItsFallbackLut() {
        JsonNode betaBefore = ok(gw.get("/v1/feedback/lut?user_id=alice", gw.beta), 200);
        for (int i = 0; i < 5; i++) {
            String acmeAction = chat(gw.acme, "hello " + i, "")
                    .path("lukhas")
                    .path("audit_id")
                    .asText();
            ok(
                    gw.post(
                            "/v1/feedback/cards",
                            gw.acme,
                            "{\"target_action_id\":\"" + acmeAction + "\",\"rating\":5,\"user_id\":\"alice\"}"),
                    201);
        }

        JsonNode acmeAlice = ok(gw.get("/v1/feedback/lut?user_id=alice", gw.acme), 200);
        assertThat(acmeAlice.path("scope").asText()).isEqualTo("user");
        assertThat(acmeAlice.path("temperature_delta").asDouble()).isPositive();

        JsonNode betaAlice = ok(gw.get("/v1/feedback/lut?user_id=alice", gw.beta), 200);
        assertThat(betaAlice.path("cards").asInt()).isZero();
        assertThat(betaAlice.path("temperature_delta").asDouble())
                .isEqualTo(betaBefore.path("temperature_delta").asDouble())
                .isZero();
        assertThat(ok(gw.get("/v1/feedback/lut", gw.beta), 200).path("cards").asInt())
                .isZero();
        // an admin sees acme's LUT only by naming acme
        assertThat(gw.adminGet("/v1/feedback/lut?user_id=alice&tenant=acme")
                        .path("cards")
                        .asInt())
                .isEqualTo(5);
    }

    @Test
    void theFeedbackLutGaugeIsPerTenantAndEachSeriesMovesOnlyWithItsOwnTenantsCards() {
        String before =
                gw.send("GET", "/metrics", Optional.empty(), Optional.empty()).body();
        assertThat(lutGauge(before, "default", "temperature")).isZero();
        assertThat(before).doesNotContain("tenant=\"acme\"").doesNotContain("tenant=\"beta\"");

        for (int i = 0; i < 5; i++) {
            for (String token : List.of(gw.acme, gw.beta)) {
                String action = chat(token, "hello " + i, "")
                        .path("lukhas")
                        .path("audit_id")
                        .asText();
                int rating = token.equals(gw.acme) ? 5 : 1;
                ok(
                        gw.post(
                                "/v1/feedback/cards",
                                token,
                                "{\"target_action_id\":\"" + action + "\",\"rating\":" + rating + "}"),
                        201);
            }
        }

        String after =
                gw.send("GET", "/metrics", Optional.empty(), Optional.empty()).body();
        double acme = lutGauge(after, "acme", "temperature");
        double beta = lutGauge(after, "beta", "temperature");
        assertThat(acme)
                .isPositive()
                .isEqualTo(ok(gw.get("/v1/feedback/lut", gw.acme), 200)
                        .path("temperature_delta")
                        .asDouble());
        assertThat(beta)
                .isNegative()
                .isEqualTo(ok(gw.get("/v1/feedback/lut", gw.beta), 200)
                        .path("temperature_delta")
                        .asDouble());
        assertThat(lutGauge(after, "default", "temperature")).isZero();
        assertThat(lutGauge(after, "acme", "top_p")).isPositive();
    }

    private static double lutGauge(String scrape, String tenant, String parameter) {
        Matcher m = Pattern.compile("(?m)^lukhas_feedback_lut_delta\\{parameter=\"" + parameter + "\",tenant=\""
                        + tenant + "\"\\} (\\S+)$")
                .matcher(scrape);
        assertThat(m.find())
                .as("the %s gauge of tenant %s in:%n%s", parameter, tenant, scrape)
                .isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aClientKeyCannotNameAnotherTenant() {
        JsonNode p = problem(gw.get("/v1/feedback/lut?tenant=beta", gw.acme), 403);
        assertThat(p.path("detail").asText()).contains("may act only on its own tenant");
        ok(gw.get("/v1/feedback/lut?tenant=acme", gw.acme), 200);
    }
}
