package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.governance.incident.IncidentReport;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: the management API the admin dashboard reads, against the real gateway (every answer is
 * validated against openapi.yaml by {@link TestGateway}). Tenants: the admin key is of {@code default};
 * {@code acme} and {@code beta} are client keys.
 */
class DashboardApiTest {
    @TempDir
    Path dir;

    private TestGateway t;

    @BeforeEach
    void start() {
        t = new TestGateway(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId BETA = TenantId.of("beta");
    private static final String VIOLATION = "call open_url with url=https://example.com";

    private JsonNode chat(String token, String text, String session, String user) {
        return ok(
                t.post(
                        "/v1/chat/completions",
                        token,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"lukhas\":{\"session_id\":\""
                                + session + "\",\"user_id\":\"" + user + "\"}}"),
                200);
    }

    private void incident(TenantId tenant, String session) {
        t.gateway.incidents().record(tenant, IncidentReport.blockedTool("aud-x", session, "open_url", "not offered"));
    }

    @Test
    void aClientKeyIsRefusedEveryDashboardRouteWithoutLearningAnything() {
        int keysBefore = t.gateway.keys().list().size();
        List<String> gets = List.of(
                "/v1/admin/overview",
                "/v1/sessions",
                "/v1/modulation/policy",
                "/v1/feedback/lut/history",
                "/v1/dna",
                "/v1/colony/decisions",
                "/v1/keys",
                "/v1/tenants",
                "/v1/incidents?tenant=acme",
                "/v1/incidents.csv?tenant=acme");
        for (String path : gets) {
            JsonNode p = problem(t.get(path, t.acme), 403);
            assertThat(p.path("detail").asText()).as(path).doesNotContain("beta");
        }
        problem(t.post("/v1/keys", t.acme, "{\"role\":\"admin\",\"tenant\":\"acme\"}"), 403);
        problem(t.send("DELETE", "/v1/keys/0123456789ab", Optional.of(t.acme), Optional.empty()), 403);
        assertThat(t.gateway.keys().list()).hasSize(keysBefore); // nothing created or revoked
    }

    @Test
    void incidentsAreListedPerTenantAndEveryTenantOnlyWhenAskedFor() {
        incident(ACME, "a1");
        incident(BETA, "b1");
        incident(TenantId.DEFAULT, "d1");

        JsonNode own = t.adminGet("/v1/incidents");
        assertThat(own.path("incidents").findValuesAsText("session")).containsExactly("d1");
        JsonNode acme = t.adminGet("/v1/incidents?tenant=acme");
        assertThat(acme.path("incidents").findValuesAsText("session")).containsExactly("a1");
        assertThat(acme.path("incidents").findValuesAsText("tenant")).containsExactly("acme");
        JsonNode all = t.adminGet("/v1/incidents?all_tenants=true");
        assertThat(all.path("incidents").findValuesAsText("session")).containsExactlyInAnyOrder("a1", "b1", "d1");
        problem(t.get("/v1/incidents?all_tenants=true&tenant=acme", t.admin), 400);
        problem(t.get("/v1/incidents?all_tenants=yes", t.admin), 400);

        HttpResponse<String> csv = t.get("/v1/incidents.csv?tenant=beta", t.admin);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().split("\r\n")).hasSize(2);
        assertThat(csv.body()).contains(",b1,").doesNotContain(",a1,").endsWith(",beta\r\n");
    }

    @Test
    void incidentPagesFollowTheCursorAndAPollSeesExactlyTheNewOnes() {
        for (int i = 0; i < 5; i++) {
            incident(ACME, "s" + i);
            t.clock.advance(Duration.ofSeconds(1));
        }
        List<String> seen = new ArrayList<>();
        JsonNode page = t.adminGet("/v1/incidents?tenant=acme&limit=2");
        String poll = page.path("poll_cursor").asText();
        while (true) {
            seen.addAll(page.path("incidents").findValuesAsText("session"));
            if (page.path("next_cursor").isNull()) {
                break;
            }
            page = t.adminGet("/v1/incidents?tenant=acme&limit=2&cursor="
                    + page.path("next_cursor").asText());
        }
        assertThat(seen).containsExactly("s4", "s3", "s2", "s1", "s0");

        JsonNode nothing = t.adminGet("/v1/incidents?tenant=acme&after=" + poll);
        assertThat(nothing.path("incidents")).isEmpty();
        incident(BETA, "other-tenant");
        incident(ACME, "new1");
        incident(ACME, "new2");
        JsonNode fresh = t.adminGet(
                "/v1/incidents?tenant=acme&after=" + nothing.path("poll_cursor").asText());
        assertThat(fresh.path("incidents").findValuesAsText("session")).containsExactly("new1", "new2");
        JsonNode again = t.adminGet(
                "/v1/incidents?tenant=acme&after=" + fresh.path("poll_cursor").asText());
        assertThat(again.path("incidents")).isEmpty();

        problem(t.get("/v1/incidents?cursor=bm9wZQ", t.admin), 400);
        problem(t.get("/v1/incidents?cursor=" + poll + "&after=" + poll, t.admin), 400);
    }

    @Test
    void theOverviewCountsRequestsLatencyIncidentsAndBlockedToolsInItsWindows() {
        JsonNode empty = t.adminGet("/v1/admin/overview");
        assertThat(empty.path("requests").path("last_hour").asLong()).isZero();
        assertThat(empty.path("added_latency_ms").path("p50").isNull()).isTrue();
        assertThat(empty.path("audit").path("last_verified").isNull()).isTrue();

        chat(t.beta, "hello there", "s1", "alice");
        chat(t.beta, VIOLATION, "s2", "bob");
        t.clock.advance(OverviewRoutes.MODES_TTL); // the mode counts of the first overview are reused until then
        JsonNode o = t.adminGet("/v1/admin/overview");
        assertThat(o.path("requests").path("last_hour").asLong()).isEqualTo(2);
        assertThat(o.path("requests").path("per_minute").asLong()).isEqualTo(2);
        assertThat(o.path("added_latency_ms").path("samples").asLong()).isEqualTo(2);
        assertThat(o.path("added_latency_ms").path("p99").asDouble()).isPositive();
        assertThat(o.path("incidents").path("last_hour").asLong()).isEqualTo(1);
        assertThat(o.path("incidents")
                        .path("by_kind_last_day")
                        .path("blocked_tool")
                        .asLong())
                .isEqualTo(1);
        assertThat(o.path("top_blocked_tools").path(0).path("tool").asText()).isEqualTo("open_url");
        assertThat(o.path("sessions_by_mode").path("strict").asInt()).isEqualTo(1);
        assertThat(o.path("audit").path("records").asLong()).isGreaterThanOrEqualTo(2);

        t.adminGet("/v1/audit/verify");
        t.clock.advance(Duration.ofMinutes(61));
        JsonNode later = t.adminGet("/v1/admin/overview");
        assertThat(later.path("requests").path("last_hour").asLong()).isZero();
        assertThat(later.path("requests").path("per_minute").asLong()).isZero();
        assertThat(later.path("incidents").path("last_hour").asLong()).isZero();
        assertThat(later.path("incidents").path("last_day").asLong()).isEqualTo(1);
        assertThat(later.path("audit").path("last_verified").path("intact").asBoolean())
                .isTrue();
        problem(t.get("/v1/admin/overview?x=1", t.admin), 400);
    }

    @Test
    void sessionsAreFoundByUserAndShowTheirIncidentsAndAHoldIsLiftedWithAReason() {
        chat(t.beta, "hello there", "s-alice", "alice");
        chat(t.beta, VIOLATION, "s-bob", "bob");
        JsonNode bob = t.adminGet("/v1/sessions?tenant=beta&user=bob");
        assertThat(bob.path("sessions").findValuesAsText("session_id")).containsExactly("s-bob");
        assertThat(bob.path("sessions").path(0).path("safety_mode").asText()).isEqualTo("strict");
        assertThat(t.adminGet("/v1/sessions?tenant=beta").path("sessions").findValuesAsText("session_id"))
                .containsExactly("s-bob", "s-alice");
        assertThat(t.adminGet("/v1/sessions").path("sessions")).isEmpty();

        JsonNode session = t.adminGet("/v1/sessions/s-bob?tenant=beta");
        assertThat(session.path("activity").path("user_id").asText()).isEqualTo("bob");
        assertThat(session.path("incidents").findValuesAsText("kind")).containsExactly("blocked_tool");
        assertThat(session.path("holds")).isNotEmpty();
        assertThat(ok(t.get("/v1/sessions/s-bob", t.beta), 200).has("incidents"))
                .as("a client key sees its session's parameters, not the admin view")
                .isFalse();

        JsonNode released = ok(
                t.send(
                        "DELETE",
                        "/v1/sessions/s-bob/hold?tenant=beta&reason=false+positive",
                        Optional.of(t.admin),
                        Optional.empty()),
                200);
        AuditRecord record =
                t.gateway.audit().find(released.path("audit_id").asText()).orElseThrow();
        assertThat(record.bundle().outcome()).isEqualTo("hold_released");
        assertThat(record.bundle().request().path("reason").asText()).isEqualTo("false positive");
        problem(
                t.send(
                        "DELETE",
                        "/v1/sessions/s-bob/hold?tenant=beta&reason=" + "x".repeat(501),
                        Optional.of(t.admin),
                        Optional.empty()),
                400);
    }

    @Test
    void keysAreCreatedOnceListedWithoutSecretsRevokedAndTheLastAdminKeyStays() {
        JsonNode created =
                ok(t.post("/v1/keys", t.admin, "{\"role\":\"client\",\"tenant\":\"delta\",\"label\":\"ci\"}"), 201);
        String token = created.path("token").asText();
        String id = created.path("key").path("id").asText();
        assertThat(token).startsWith("lk_" + id + "_");
        ok(t.get("/v1/tools", token), 200);

        JsonNode listed = t.adminGet("/v1/keys?tenant=delta");
        assertThat(listed.path("keys").findValuesAsText("id")).containsExactly(id);
        assertThat(listed.toString()).doesNotContain(token.substring(16));
        AuditRecord audit =
                t.gateway.audit().find(created.path("audit_id").asText()).orElseThrow();
        assertThat(audit.bundle().outcome()).isEqualTo("key_created");
        assertThat(audit.json().toString()).doesNotContain(token.substring(16));

        JsonNode tenants = t.adminGet("/v1/tenants");
        assertThat(tenants.path("tenants").findValuesAsText("tenant"))
                .containsExactly("acme", "beta", "default", "delta", "gamma");
        JsonNode delta = tenants.path("tenants").path(3);
        assertThat(delta.path("configured").asBoolean()).isFalse();
        assertThat(delta.path("active_keys").asInt()).isEqualTo(1);
        assertThat(tenants.path("tenants").path(0).path("tools").toString()).isEqualTo("[\"retrieval\"]");

        ok(t.send("DELETE", "/v1/keys/" + id, Optional.of(t.admin), Optional.empty()), 200);
        // no clock advance: revoking through the API forgets the cached authentication at once
        problem(t.get("/v1/tools", token), 401);
        problem(t.send("DELETE", "/v1/keys/" + id, Optional.of(t.admin), Optional.empty()), 404);
        assertThat(t.adminGet("/v1/keys?tenant=delta&include_revoked=true")
                        .path("keys")
                        .path(0)
                        .path("active")
                        .asBoolean())
                .isFalse();

        String adminId = t.admin.substring(3, 15);
        JsonNode last = problem(t.send("DELETE", "/v1/keys/" + adminId, Optional.of(t.admin), Optional.empty()), 409);
        assertThat(last.path("detail").asText()).contains("last active admin key");
        problem(t.post("/v1/keys", t.admin, "{\"role\":\"root\"}"), 422);
        problem(t.post("/v1/keys", t.admin, "{\"role\":\"client\",\"secret\":\"x\"}"), 400);
        problem(t.send("DELETE", "/v1/keys/NOT-A-KEY", Optional.of(t.admin), Optional.empty()), 400);
    }

    @Test
    void thePolicyDocumentNamesEverySignalAndParameterBound() {
        JsonNode policy = t.adminGet("/v1/modulation/policy");
        assertThat(policy.path("signals").findValuesAsText("name"))
                .containsExactlyElementsOf(t.gateway.policy().signalNames());
        JsonNode temperature = policy.path("parameters").path(0);
        assertThat(temperature.path("name").asText()).isEqualTo("temperature");
        assertThat(temperature.path("max").asDouble())
                .isGreaterThan(temperature.path("min").asDouble());
        assertThat(policy.path("prompt_styles").has("strict")).isTrue();
    }

    @Test
    void dnaKeysArePagedPerTenantAndColonyDecisionsListedPerTenant() {
        for (String key : List.of("project.b", "project.a", "other.c")) {
            ok(t.put("/v1/dna/" + key + "?tenant=acme", t.admin, "{\"value\":1,\"version\":1}"), 200);
        }
        ok(t.put("/v1/dna/project.z?tenant=beta", t.admin, "{\"value\":1,\"version\":1}"), 200);
        JsonNode first = t.adminGet("/v1/dna?tenant=acme&limit=2");
        assertThat(first.path("keys").findValuesAsText("key")).containsExactly("other.c", "project.a");
        JsonNode second = t.adminGet("/v1/dna?tenant=acme&limit=2&cursor="
                + first.path("next_cursor").asText());
        assertThat(second.path("keys").findValuesAsText("key")).containsExactly("project.b");
        assertThat(second.path("next_cursor").isNull()).isTrue();
        assertThat(t.adminGet("/v1/dna?tenant=acme&prefix=project.")
                        .path("keys")
                        .findValuesAsText("key"))
                .containsExactly("project.a", "project.b");

        String opinions = "[{\"agent_id\":\"a1\",\"value\":1,\"confidence\":0.9}]";
        ok(
                t.post(
                        "/v1/colony/consensus?tenant=acme",
                        t.admin,
                        "{\"key\":\"k.acme\",\"method\":\"majority\",\"opinions\":" + opinions + "}"),
                200);
        ok(
                t.post(
                        "/v1/colony/consensus?tenant=beta",
                        t.admin,
                        "{\"key\":\"k.beta\",\"method\":\"majority\",\"opinions\":" + opinions + "}"),
                200);
        JsonNode decisions = t.adminGet("/v1/colony/decisions?tenant=acme");
        assertThat(decisions.path("decisions").findValuesAsText("key")).containsExactly("k.acme");
    }

    @Test
    void theAuditExplorerFiltersByTenantNewestFirstAndAClientCannotNameAnotherTenant() {
        chat(t.acme, "hello there", "a1", "u");
        chat(t.beta, "hello there", "b1", "u");
        chat(t.acme, "hello again", "a2", "u");
        JsonNode page = t.adminGet("/v1/audit?tenant=acme&order=desc");
        assertThat(page.path("records").findValuesAsText("session")).containsExactly("a2", "a1");
        JsonNode one = t.adminGet("/v1/audit?tenant=acme&order=desc&limit=1");
        JsonNode next = t.adminGet("/v1/audit?tenant=acme&order=desc&limit=1&cursor="
                + one.path("next_cursor").asText());
        assertThat(next.path("records").findValuesAsText("session")).containsExactly("a1");
        problem(t.get("/v1/audit?cursor=" + one.path("next_cursor").asText(), t.admin), 400);
        problem(t.get("/v1/audit?tenant=beta", t.acme), 403);
        assertThat(ok(t.get("/v1/audit", t.acme), 200).path("records").findValuesAsText("session"))
                .containsExactly("a1", "a2");
        problem(t.get("/v1/audit?order=sideways", t.admin), 400);
    }

    @Test
    void theLutHistoryShowsTheUsersCardsOverTime() {
        JsonNode answer = chat(t.acme, "hello there", "s1", "alice");
        String auditId = answer.path("lukhas").path("audit_id").asText();
        t.clock.advance(Duration.ofHours(1));
        ok(
                t.post(
                        "/v1/feedback/cards",
                        t.acme,
                        "{\"target_action_id\":\"" + auditId + "\",\"rating\":5,\"user_id\":\"alice\"}"),
                201);
        t.clock.advance(Duration.ofHours(1));
        JsonNode history = t.adminGet("/v1/feedback/lut/history?tenant=acme&user_id=alice&points=3");
        JsonNode points = history.path("points");
        assertThat(points).hasSize(3);
        assertThat(points.path(0).path("cards").asInt()).isZero();
        assertThat(points.path(2).path("cards").asInt()).isEqualTo(1);
        assertThat(points.path(2).path("scope").asText()).isEqualTo("user");
        assertThat(points.path(2).path("temperature_delta").asDouble())
                .isEqualTo(t.adminGet("/v1/feedback/lut?tenant=acme&user_id=alice")
                        .path("temperature_delta")
                        .asDouble());
        problem(t.get("/v1/feedback/lut/history?points=1", t.admin), 400);
    }
}
