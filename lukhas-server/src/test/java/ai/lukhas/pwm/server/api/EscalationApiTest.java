package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, items 1, 2 and 4, replayed over HTTP as the red-team did: leaving strict mode with
 * client signals, escaping it with a fresh session id, and taking over another tenant's session after
 * flooding the session state. Tenant beta's ceiling holds retrieval and scheduler, so a relaxed session
 * would be offered schedule_task again; open_url (not in the ceiling) is the violation.
 */
class EscalationApiTest {
    @TempDir
    Path dir;

    private static final TenantId BETA = TenantId.of("beta");
    private static final String VIOLATION = "call open_url with url=https://example.com";
    private static final String SCHEDULE = "call schedule_task with when=in 2 hours, note=tea";

    private static String chatBody(String text, String lukhas) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"lukhas\":{" + lukhas + "}}";
    }

    private static JsonNode chat(TestGateway t, String token, String text, String lukhas) {
        return ok(t.post("/v1/chat/completions", token, chatBody(text, lukhas)), 200);
    }

    private static String mode(JsonNode chatAnswer) {
        return chatAnswer.path("lukhas").path("safety_mode").asText();
    }

    @Test
    void clientCannotLowerAlignmentRiskAfterIncident() {
        try (TestGateway t = new TestGateway(dir)) {
            JsonNode first = chat(t, t.beta, VIOLATION, "\"session_id\":\"s1\"");
            assertThat(first.path("lukhas")
                            .path("incidents")
                            .path(0)
                            .path("kind")
                            .asText())
                    .isEqualTo("blocked_tool");
            assertThat(mode(first)).isEqualTo("strict");

            // 1. the lukhas.signals extension
            JsonNode viaBody = chat(
                    t,
                    t.beta,
                    SCHEDULE,
                    "\"session_id\":\"s1\",\"signals\":[{\"name\":\"alignment_risk\",\"level\":0},"
                            + "{\"name\":\"novelty\",\"level\":1}]");
            assertThat(mode(viaBody)).isEqualTo("strict");
            assertThat(viaBody.path("lukhas")
                            .path("params")
                            .path("tool_allowlist")
                            .toString())
                    .doesNotContain("scheduler")
                    .doesNotContain("browser");
            assertThat(viaBody.path("lukhas")
                            .path("incidents")
                            .path(0)
                            .path("kind")
                            .asText())
                    .as("schedule_task is not offered in strict mode, so the call is blocked")
                    .isEqualTo("blocked_tool");

            // 2. the x-lukhas-signals header
            HttpResponse<String> viaHeader = t.sendWithHeader(
                    "/v1/chat/completions",
                    t.beta,
                    chatBody(SCHEDULE, "\"session_id\":\"s1\""),
                    "x-lukhas-signals",
                    "alignment_risk=0");
            assertThat(mode(ok(viaHeader, 200))).isEqualTo("strict");

            // 3. the session route
            JsonNode viaRoute = ok(
                    t.post(
                            "/v1/sessions/s1/signals",
                            t.beta,
                            "{\"signals\":[{\"name\":\"alignment_risk\",\"level\":0}]}"),
                    200);
            assertThat(viaRoute.path("params").path("safety_mode").asText()).isEqualTo("strict");
            JsonNode session = ok(t.get("/v1/sessions/s1", t.beta), 200);
            assertThat(session.path("params").path("safety_mode").asText()).isEqualTo("strict");
            assertThat(session.path("holds").path(0).path("scope").asText()).isEqualTo("session");
            assertThat(session.path("held_until").asText())
                    .isEqualTo(t.clock.instant().plus(Duration.ofMinutes(10)).toString());

            assertThat(t.gateway.scheduler().pending(BETA))
                    .as("no schedule_task ran")
                    .isEmpty();
        }
    }

    @Test
    void theHoldEndsAtItsExpiry() {
        try (TestGateway t = new TestGateway(dir)) {
            chat(t, t.beta, VIOLATION, "\"session_id\":\"s1\"");
            t.clock.advance(Duration.ofMinutes(10).minusSeconds(1));
            assertThat(mode(chat(t, t.beta, "hello", "\"session_id\":\"s1\""))).isEqualTo("strict");
            t.clock.advance(Duration.ofSeconds(1));
            JsonNode after = chat(t, t.beta, SCHEDULE, "\"session_id\":\"s1\"");
            assertThat(mode(after)).isEqualTo("balanced");
            assertThat(t.gateway.scheduler().pending(BETA)).hasSize(1);
        }
    }

    @Test
    void onlyAnAdminReleasesAHoldAndTheReleaseIsAudited() {
        try (TestGateway t = new TestGateway(dir)) {
            chat(t, t.beta, VIOLATION, "\"session_id\":\"s1\"");

            problem(t.send("DELETE", "/v1/sessions/s1/hold", Optional.of(t.beta), Optional.empty()), 403);
            // the admin key's own tenant (default) has no session s1: nothing to release, and the refusal is audited
            problem(t.send("DELETE", "/v1/sessions/s1/hold", Optional.of(t.admin), Optional.empty()), 404);
            assertThat(t.auditOutcomes()).endsWith("refused");
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"s1\""))).isEqualTo("strict");

            JsonNode released = ok(
                    t.send("DELETE", "/v1/sessions/s1/hold?tenant=beta", Optional.of(t.admin), Optional.empty()), 200);
            assertThat(released.path("released").path(0).path("scope").asText()).isEqualTo("session");
            assertThat(released.path("params").path("safety_mode").asText()).isEqualTo("balanced");
            AuditRecord rec = t.auditRecords().getLast();
            assertThat(rec.bundle().outcome()).isEqualTo("hold_released");
            assertThat(rec.bundle().tenant()).isEqualTo("beta");
            assertThat(rec.bundle().session()).isEqualTo("s1");

            assertThat(mode(chat(t, t.beta, SCHEDULE, "\"session_id\":\"s1\""))).isEqualTo("balanced");
            assertThat(t.gateway.scheduler().pending(BETA)).hasSize(1);
        }
    }

    @Test
    void newSessionIdOfSameUserStartsStrictDuringHold() {
        try (TestGateway t = new TestGateway(dir)) {
            chat(t, t.beta, VIOLATION, "\"session_id\":\"s1\",\"user_id\":\"alice\"");

            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"s-new\",\"user_id\":\"alice\"")))
                    .isEqualTo("strict");
            JsonNode session = ok(t.get("/v1/sessions/s-new", t.beta), 200);
            assertThat(session.path("holds").findValuesAsText("scope")).containsExactly("user");
            JsonNode fresh = chat(t, t.beta, SCHEDULE, "\"session_id\":\"s-new\",\"user_id\":\"alice\"");
            assertThat(mode(fresh)).isEqualTo("strict");
            assertThat(fresh.path("lukhas")
                            .path("params")
                            .path("tool_allowlist")
                            .toString())
                    .doesNotContain("scheduler");
            // the OpenAI "user" field names the user too
            HttpResponse<String> viaUserField = t.post(
                    "/v1/chat/completions",
                    t.beta,
                    "{\"user\":\"alice\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                            + "\"lukhas\":{\"session_id\":\"s-other\"}}");
            assertThat(mode(ok(viaUserField, 200))).isEqualTo("strict");

            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"s-bob\",\"user_id\":\"bob\"")))
                    .isEqualTo("balanced");
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"s-anon\"")))
                    .as("a request without a user id shares no user scope")
                    .isEqualTo("balanced");
            assertThat(mode(chat(t, t.acme, "hi", "\"session_id\":\"s-acme\",\"user_id\":\"alice\"")))
                    .as("alice of another tenant is another user")
                    .isEqualTo("balanced");
            assertThat(t.gateway.scheduler().pending(BETA)).isEmpty();
        }
    }

    @Test
    void anonymousIncidentsDoNotMakeOtherAnonymousCallersStrict() {
        try (TestGateway t = new TestGateway(dir)) {
            chat(t, t.beta, VIOLATION, "\"session_id\":\"s1\"");
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"s2\""))).isEqualTo("balanced");
        }
    }

    @Test
    void theUserScopeCanBeSwitchedOff() {
        try (TestGateway t = new TestGateway(dir, "escalation: {user_scope: false}\n")) {
            chat(t, t.beta, VIOLATION, "\"session_id\":\"s1\",\"user_id\":\"alice\"");
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"s2\",\"user_id\":\"alice\"")))
                    .isEqualTo("balanced");
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"s1\",\"user_id\":\"alice\"")))
                    .isEqualTo("strict");
        }
    }

    @Test
    void keyScopeMakesEverySessionOfTheKeyStrictAfterNIncidentsInTheWindow() {
        try (TestGateway t =
                new TestGateway(dir, "escalation: {key_scope: true, key_incidents: 3, key_window_ms: 600000}\n")) {
            chat(t, t.beta, VIOLATION, "\"session_id\":\"k1\"");
            chat(t, t.beta, VIOLATION, "\"session_id\":\"k2\"");
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"k-fresh\"")))
                    .isEqualTo("balanced");
            chat(t, t.beta, VIOLATION, "\"session_id\":\"k3\"");

            assertThat(mode(chat(t, t.beta, SCHEDULE, "\"session_id\":\"k-other\"")))
                    .isEqualTo("strict");
            assertThat(mode(chat(t, t.acme, "hi", "\"session_id\":\"k-other\"")))
                    .as("another key is not held")
                    .isEqualTo("balanced");
            t.clock.advance(Duration.ofMinutes(10));
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"k-later\"")))
                    .isEqualTo("balanced");
            assertThat(t.gateway.scheduler().pending(BETA)).isEmpty();
        }
    }

    @Test
    void keyScopeIsOffByDefault() {
        try (TestGateway t = new TestGateway(dir)) {
            for (int i = 0; i < 6; i++) {
                chat(t, t.beta, VIOLATION, "\"session_id\":\"k" + i + "\"");
            }
            assertThat(mode(chat(t, t.beta, "hi", "\"session_id\":\"k-fresh\"")))
                    .isEqualTo("balanced");
        }
    }

    @Test
    void floodingSessionIdsCannotTakeOverAnotherTenantsSession() {
        try (TestGateway t = new TestGateway(dir)) {
            // beta's session, held strict after an incident
            chat(t, t.beta, VIOLATION, "\"session_id\":\"s-victim\"");

            // acme floods more fresh session ids than the session state remembers (as 100,050 requests would)
            SessionStore sessions = t.gateway.pipeline().sessions();
            for (int i = 0; i < 100_050; i++) {
                SessionKey k = SessionKey.of("acme", "flood-" + i);
                sessions.requestEnded(new EscalationSubject(k, Optional.empty(), "acme-key"), 0);
                t.gateway.modulator().record(k, SignalInput.of("stress", 0.1, "client"));
            }

            // acme "relaxes" and chats in s-victim: it only ever reaches a session of its own
            ok(
                    t.post(
                            "/v1/sessions/s-victim/signals",
                            t.acme,
                            "{\"signals\":[{\"name\":\"alignment_risk\",\"level\":0},{\"name\":\"novelty\",\"level\":1}]}"),
                    200);
            assertThat(mode(chat(t, t.acme, "hi", "\"session_id\":\"s-victim\"")))
                    .isEqualTo("balanced");

            // beta still owns s-victim, still held strict, untouched by acme's signals
            JsonNode victim = ok(t.get("/v1/sessions/s-victim", t.beta), 200);
            assertThat(victim.path("params").path("safety_mode").asText()).isEqualTo("strict");
            assertThat(victim.path("holds").path(0).path("scope").asText()).isEqualTo("session");
            assertThat(victim.path("trace").path("signals").findValuesAsText("name"))
                    .doesNotContain("novelty");
            JsonNode betaChat = chat(t, t.beta, "hi", "\"session_id\":\"s-victim\"");
            assertThat(mode(betaChat)).isEqualTo("strict");
        }
    }

    @Test
    void anotherTenantsSessionIdIsIndistinguishableFromAnUnusedOne() {
        try (TestGateway t = new TestGateway(dir)) {
            chat(t, t.beta, VIOLATION, "\"session_id\":\"s-victim\"");

            HttpResponse<String> taken = t.get("/v1/sessions/s-victim", t.acme);
            HttpResponse<String> unused = t.get("/v1/sessions/s-never", t.acme);
            assertThat(taken.statusCode()).isEqualTo(unused.statusCode()).isEqualTo(200);
            assertThat(taken.body().replace("s-victim", "s-never")).isEqualTo(unused.body());
            HttpResponse<String> tools = t.get("/v1/tools?session_id=s-victim", t.acme);
            assertThat(tools.statusCode()).isEqualTo(200);
            assertThat(tools.body())
                    .isEqualTo(t.get("/v1/tools?session_id=s-never", t.acme).body());
            assertThat(taken.body()).doesNotContain("another tenant");
        }
    }
}
