package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.fields;
import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.audit.InclusionProof;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.IncidentReport;
import ai.lukhas.pwm.governance.tools.ToolCall;
import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.governance.tools.ToolOfferRequest;
import ai.lukhas.pwm.governance.tools.ToolRunResult;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.StyleDeltas;
import ai.lukhas.pwm.server.RawHttp;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ManagementApiTest extends GatewayTest {
    private static final java.time.Duration ONE_FAILED_ATTEMPT_BACK = java.time.Duration.ofSeconds(5);

    // ---- readiness and metrics ----------------------------------------------------------------

    @Test
    void readyzIsOkWhileStorageIsWritableAnd503WhenTheAuditDirectoryIsGone() throws Exception {
        JsonNode ready = ok(gw.send("GET", "/readyz", Optional.empty(), Optional.empty()), 200);
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        assertThat(ready.path("checks").path("store").asText()).isEqualTo("ok");
        assertThat(ready.path("checks").path("audit").asText()).isEqualTo("ok");

        try (Stream<Path> files = Files.walk(gw.gateway.auditDirectory())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        JsonNode p = problem(gw.send("GET", "/readyz", Optional.empty(), Optional.empty()), 503);
        assertThat(p.path("detail").asText()).contains("audit directory");
        assertThat(fields(p)).containsExactly("audit");
    }

    @Test
    void metricsExposeRequestsAndTheComponentsCounters() {
        ToolOffer offer = gw.gateway.toolGate().offer(ToolOfferRequest.of(List.of("retrieval")));
        String browser = gw.gateway.tools().definition("browser").orElseThrow().name();
        ToolRunResult run =
                gw.gateway.toolGate().run(offer, new ToolCall("c1", browser, "{}"), ToolContext.of(TenantId.DEFAULT));
        assertThat(run).isInstanceOf(ToolRunResult.Blocked.class);
        gw.gateway
                .guardian()
                .onBlockedCall(
                        new EscalationSubject(SessionKey.of("acme", "s1"), Optional.empty(), "key-1"),
                        "aud-1",
                        ((ToolRunResult.Blocked) run).decision(),
                        StyleDeltas.NONE);
        ok(gw.get("/v1/tools", gw.acme), 200);
        // methods the client invents must not each become a timer (unbounded metric cardinality)
        for (String invented : List.of("FOOA", "FOOB", "FOOC")) {
            // raw, since the contract-checked client refuses a method openapi.yaml does not document
            assertThat(RawHttp.send(
                                    gw.server.port(),
                                    invented + " /healthz HTTP/1.1",
                                    java.util.Map.of("Host", "127.0.0.1"),
                                    "")
                            .status())
                    .isEqualTo(405);
        }

        HttpResponse<String> r = gw.send("GET", "/metrics", Optional.empty(), Optional.empty());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body())
                .contains("lukhas_http_requests_seconds_count{method=\"GET\",route=\"/v1/tools\",status=\"200\"} 1")
                .contains("lukhas_http_requests_seconds_bucket{")
                .contains("lukhas_http_requests_seconds_count{method=\"other\",route=\"unmatched\",status=\"405\"} 3")
                .doesNotContain("FOOA")
                .contains("lukhas_tool_calls_total{outcome=\"blocked_tool\",tool=\"" + browser + "\"} 1.0")
                .contains("lukhas_incidents_total{kind=\"blocked_tool\"} 1.0")
                .contains("lukhas_modulation_sessions")
                .contains("lukhas_audit_records_total")
                .contains("lukhas_audit_append_seconds")
                .contains("lukhas_feedback_lut_delta{parameter=\"temperature\",tenant=\"default\"} 0");
    }

    // ---- modulation preview and sessions ------------------------------------------------------

    @Test
    void previewReturnsParamsAndTraceWithoutTouchingAnySession() {
        JsonNode out = ok(
                gw.post(
                        "/v1/modulation/preview",
                        gw.acme,
                        "{\"signals\":[{\"name\":\"alignment_risk\",\"level\":1.0},{\"name\":\"stress\",\"level\":0.4}]}"),
                200);
        assertThat(out.path("params").path("safety_mode").asText()).isEqualTo("strict");
        assertThat(out.path("params").path("temperature").isNumber()).isTrue();
        assertThat(out.path("trace")
                        .path("parameters")
                        .path("temperature")
                        .path("contributions")
                        .isArray())
                .isTrue();
        assertThat(out.path("trace").path("signals").findValuesAsText("status")).containsOnly("active");
        assertThat(out.path("policy").path("sha256").asText()).hasSize(64);

        JsonNode strict =
                ok(gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":[],\"strict_default\":true}"), 200);
        assertThat(strict.path("params").path("safety_mode").asText()).isEqualTo("strict");
        assertThat(strict.path("trace").path("strict_default").asBoolean()).isTrue();
        JsonNode clamped = ok(
                gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":[{\"name\":\"stress\",\"level\":1.5}]}"), 200);
        assertThat(clamped.path("trace")
                        .path("signals")
                        .get(0)
                        .path("clamped_from")
                        .asDouble())
                .isEqualTo(1.5);
        assertThat(gw.gateway.modulator().sessionCount()).isZero();
        assertThat(gw.auditRecords()).isEmpty();
    }

    @Test
    void previewRefusesUnknownSignalsNaNWrongTypesUnknownFieldsAndOutOfRangeLevels() {
        JsonNode unknown = problem(
                gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":[{\"name\":\"joy\",\"level\":0.5}]}"), 422);
        assertThat(fields(unknown)).containsExactly("signals[0].name");
        assertThat(unknown.path("detail").asText())
                .contains("unknown signal 'joy'")
                .contains("stress");

        JsonNode nan = problem(
                gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":[{\"name\":\"stress\",\"level\":NaN}]}"), 400);
        assertThat(nan.path("detail").asText()).contains("not valid JSON").contains("NaN");

        JsonNode inf = problem(
                gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":[{\"name\":\"stress\",\"level\":1e400}]}"),
                422);
        assertThat(inf.path("detail").asText()).contains("signals[0].level must be a finite number");

        JsonNode type = problem(
                gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":[{\"name\":\"stress\",\"level\":\"high\"}]}"),
                400);
        assertThat(type.path("detail").asText())
                .isEqualTo("signals[0].level must be a number, but was the string \"high\"");

        JsonNode twice = problem(
                gw.post(
                        "/v1/modulation/preview",
                        gw.acme,
                        "{\"signals\":[{\"name\":\"stress\",\"level\":0.1},{\"name\":\"stress\",\"level\":0.2}]}"),
                422);
        assertThat(fields(twice)).containsExactly("signals[1].name");

        JsonNode field = problem(
                gw.post(
                        "/v1/modulation/preview",
                        gw.acme,
                        "{\"signals\":[{\"name\":\"stress\",\"level\":0.5,\"levle\":1}],\"sesion\":\"x\"}"),
                400);
        assertThat(fields(field)).containsExactlyInAnyOrder("sesion", "signals[0].levle");

        problem(gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":"), 400);
        problem(gw.post("/v1/modulation/preview", gw.acme, "[]"), 400);
        problem(gw.post("/v1/modulation/preview", gw.acme, "{\"signals\":[],\"signals\":[]}"), 400);
        assertThat(gw.gateway.modulator().sessionCount()).isZero();
    }

    @Test
    void signalsAreRecordedForTheSessionAndAudited() {
        HttpResponse<String> r = gw.post(
                "/v1/sessions/s-1/signals", gw.acme, "{\"signals\":[{\"name\":\"alignment_risk\",\"level\":1}]}");
        JsonNode out = ok(r, 200);
        assertThat(out.path("session_id").asText()).isEqualTo("s-1");
        assertThat(out.path("outcomes").get(0).path("status").asText()).isEqualTo("accepted");
        assertThat(out.path("params").path("safety_mode").asText()).isEqualTo("strict");
        assertThat(r.headers().firstValue("x-lukhas-safety-mode")).hasValue("strict");

        HttpResponse<String> get = gw.get("/v1/sessions/s-1", gw.acme);
        JsonNode session = ok(get, 200);
        assertThat(session.path("params").path("safety_mode").asText()).isEqualTo("strict");
        assertThat(session.path("trace").path("signals").findValuesAsText("name"))
                .contains("alignment_risk");
        assertThat(get.headers().firstValue("x-lukhas-safety-mode")).hasValue("strict");

        JsonNode fresh = ok(gw.get("/v1/sessions/never-used", gw.acme), 200);
        assertThat(fresh.path("trace").path("signals").size()).isZero();

        AuditRecord rec = gw.auditRecords().getLast();
        assertThat(rec.bundle().outcome()).isEqualTo("signals_recorded");
        assertThat(rec.bundle().tenant()).isEqualTo("acme");
        assertThat(rec.bundle().session()).isEqualTo("s-1");
    }

    @Test
    void aRefusedSignalWritesNothingButTheAuditRecordOfTheRefusal() {
        String[] bad = {
            "{\"signals\":[{\"name\":\"stress\",\"level\":0.2},{\"name\":\"joy\",\"level\":0.5}]}",
            "{\"signals\":[{\"name\":\"stress\",\"level\":NaN}]}",
            "{\"signals\":[{\"name\":\"stress\",\"level\":\"0.4\"}]}",
            "{\"signals\":[{\"name\":\"stress\",\"level\":0.4}],\"extra\":true}",
            "{\"signals\":[]}",
            "not json",
        };
        for (String body : bad) {
            HttpResponse<String> r = gw.post("/v1/sessions/s-2/signals", gw.acme, body);
            assertThat(r.statusCode()).as(body).isIn(400, 422);
            problem(r, r.statusCode());
        }
        assertThat(gw.gateway.modulator().signals(SessionKey.of("acme", "s-2"))).isEmpty();
        assertThat(gw.auditOutcomes()).hasSize(bad.length).containsOnly("refused");
        AuditRecord first = gw.auditRecords().getFirst();
        assertThat(first.bundle().tenant()).isEqualTo("acme");
        assertThat(first.bundle().request().path("detail").asText()).contains("unknown signal 'joy'");
    }

    @Test
    void anOversizedBodyIs413AndWritesNothing() {
        String big = "{\"signals\":[{\"name\":\"stress\",\"level\":0.4,\"source\":\"" + "x".repeat(20_000) + "\"}]}";
        JsonNode p = problem(gw.post("/v1/sessions/s-3/signals", gw.acme, big), 413);
        assertThat(p.path("detail").asText()).contains("larger than the limit of " + TestGateway.MAX_BODY);
        assertThat(gw.gateway.modulator().signals(SessionKey.of("acme", "s-3"))).isEmpty();
        assertThat(gw.auditRecords()).isEmpty();
    }

    @Test
    void aBadSessionIdIsRefused() {
        JsonNode p = problem(gw.get("/v1/sessions/" + "x".repeat(200), gw.acme), 400);
        assertThat(fields(p)).containsExactly("id");
    }

    // ---- tools and scheduler ------------------------------------------------------------------

    @Test
    void toolsAreTheOfferUnderTheCallersTenantCeiling() {
        JsonNode acme = ok(gw.get("/v1/tools", gw.acme), 200);
        assertThat(acme.path("flags").path("BROWSER_TOOL").asBoolean(true)).isFalse();
        assertThat(acme.path("allowlist").isNull()).isTrue();
        assertThat(acme.path("offered").size()).isEqualTo(1);
        assertThat(acme.path("excluded").findValuesAsText("stage")).contains("tenant_ceiling");

        JsonNode beta = ok(gw.get("/v1/tools", gw.beta), 200);
        assertThat(beta.path("offered").size()).isEqualTo(2);
        JsonNode narrowed = ok(gw.get("/v1/tools?allowlist=retrieval", gw.beta), 200);
        assertThat(narrowed.path("offered").size()).isEqualTo(1);
        assertThat(narrowed.path("allowlist").get(0).asText()).isEqualTo("retrieval");
        assertThat(narrowed.path("excluded").findValuesAsText("stage")).contains("request_allowlist");

        JsonNode unknown = problem(gw.get("/v1/tools?allowlist=retrieval,teleport", gw.beta), 400);
        assertThat(fields(unknown)).containsExactly("allowlist");
        problem(gw.get("/v1/tools?session=s1", gw.beta), 400);
    }

    @Test
    void schedulerTasksAreListedForAdmins() {
        JsonNode out = gw.adminGet("/v1/scheduler/tasks");
        assertThat(out.path("tasks").isArray()).isTrue();
        gw.adminGet("/v1/scheduler/tasks?status=done");
        assertThat(fields(problem(gw.get("/v1/scheduler/tasks?status=later", gw.admin), 400)))
                .containsExactly("status");
        problem(gw.get("/v1/scheduler/tasks", gw.acme), 403);
    }

    // ---- audit --------------------------------------------------------------------------------

    @Test
    void auditQueriesPageWithACursorAndVerifyReportsAnIntactChain() {
        for (int i = 0; i < 3; i++) {
            ok(
                    gw.post(
                            "/v1/sessions/q-" + i + "/signals",
                            gw.acme,
                            "{\"signals\":[{\"name\":\"stress\",\"level\":0.3}]}"),
                    200);
        }
        JsonNode page1 = gw.adminGet("/v1/audit?limit=2");
        assertThat(page1.path("records").size()).isEqualTo(2);
        String cursor = page1.path("next_cursor").asText();
        assertThat(cursor).isNotBlank();
        JsonNode page2 = gw.adminGet("/v1/audit?limit=2&cursor=" + cursor);
        assertThat(page2.path("records").size()).isEqualTo(1);
        assertThat(page2.path("next_cursor").isNull()).isTrue();

        JsonNode bySession = gw.adminGet("/v1/audit?session=q-1&outcome=signals_recorded");
        assertThat(bySession.path("records").size()).isEqualTo(1);

        problem(gw.get("/v1/audit?sesion=q-1", gw.admin), 400);
        problem(gw.get("/v1/audit?limit=0", gw.admin), 400);
        problem(gw.get("/v1/audit?from=yesterday", gw.admin), 400);
        problem(gw.get("/v1/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", gw.admin), 400);
        problem(gw.get("/v1/audit?cursor=garbage", gw.admin), 400);

        JsonNode verify = gw.adminGet("/v1/audit/verify");
        assertThat(verify.path("intact").asBoolean()).isTrue();
        assertThat(verify.path("records").asLong()).isEqualTo(3);
        problem(gw.get("/v1/audit/verify", gw.acme), 403);
    }

    @Test
    void aClientReadsItsOwnTenantsAuditRecordsOnly() {
        ok(gw.post("/v1/sessions/a-1/signals", gw.acme, "{\"signals\":[{\"name\":\"stress\",\"level\":0.3}]}"), 200);
        ok(gw.post("/v1/sessions/b-1/signals", gw.beta, "{\"signals\":[{\"name\":\"stress\",\"level\":0.3}]}"), 200);
        String acmeId = gw.auditRecords().getFirst().bundle().auditId();

        assertThat(ok(gw.get("/v1/audit/" + acmeId, gw.acme), 200)
                        .path("tenant")
                        .asText())
                .isEqualTo("acme");
        assertThat(gw.adminGet("/v1/audit/" + acmeId).path("audit_id").asText()).isEqualTo(acmeId);
        JsonNode hidden = problem(gw.get("/v1/audit/" + acmeId, gw.beta), 404);
        assertThat(hidden.path("detail").asText()).contains("tenant beta");

        // The inclusion proof is scoped the same way, and says nothing before a checkpoint covers it.
        problem(gw.get("/v1/audit/" + acmeId + "/proof", gw.acme), 409);
        problem(gw.get("/v1/audit/" + acmeId + "/proof", gw.beta), 404);
        gw.gateway.audit().checkpoint();
        JsonNode proof = ok(gw.get("/v1/audit/" + acmeId + "/proof", gw.acme), 200);
        assertThat(proof.at("/record/audit_id").asText()).isEqualTo(acmeId);
        assertThat(InclusionProof.fromJson(proof)
                        .check(gw.gateway.audit().checkpointPublicKey().orElseThrow()))
                .isInstanceOf(InclusionProof.Check.Valid.class);
        JsonNode hiddenProof = problem(gw.get("/v1/audit/" + acmeId + "/proof", gw.beta), 404);
        assertThat(hiddenProof.path("detail").asText()).contains("tenant beta").doesNotContain("checkpoint");

        JsonNode betaList = ok(gw.get("/v1/audit", gw.beta), 200);
        assertThat(betaList.path("records").findValuesAsText("tenant")).containsExactly("beta");
        JsonNode adminList = gw.adminGet("/v1/audit");
        assertThat(adminList.path("records").findValuesAsText("tenant")).containsExactly("acme", "beta");
    }

    @Test
    void tenantsUsingTheSameSessionIdHaveTwoSessions() {
        ok(gw.post("/v1/sessions/shared/signals", gw.acme, "{\"signals\":[{\"name\":\"stress\",\"level\":0.3}]}"), 200);
        JsonNode betaView = ok(gw.get("/v1/sessions/shared", gw.beta), 200);
        assertThat(betaView.path("trace").path("signals").size()).isZero();
        ok(gw.get("/v1/tools?session_id=shared", gw.beta), 200);
        ok(gw.post("/v1/sessions/shared/signals", gw.beta, "{\"signals\":[{\"name\":\"stress\",\"level\":0.9}]}"), 200);
        assertThat(gw.gateway.modulator().signals(SessionKey.of("acme", "shared")))
                .singleElement()
                .satisfies(s -> assertThat(s.level()).isEqualTo(0.3));
        assertThat(gw.gateway.modulator().signals(SessionKey.of("beta", "shared")))
                .singleElement()
                .satisfies(s -> assertThat(s.level()).isEqualTo(0.9));
        JsonNode adminView = gw.adminGet("/v1/sessions/shared?tenant=acme");
        assertThat(adminView.path("trace").path("signals").findValuesAsText("level"))
                .containsExactly("0.3");
        assertThat(fields(problem(gw.get("/v1/sessions/shared?tenant=acme", gw.beta), 403)))
                .containsExactly("tenant");
        assertThat(fields(problem(gw.get("/v1/sessions/shared?tenant=a%20b", gw.admin), 400)))
                .containsExactly("tenant");
    }

    // ---- incidents ----------------------------------------------------------------------------

    @Test
    void incidentsAreListedFilteredAndExportedAsCsv() {
        gw.gateway.incidents().record(IncidentReport.blockedTool("aud-1", "s1", "run_code", "not offered"));
        gw.gateway.incidents().record(IncidentReport.invalidArguments("aud-2", "s2", "search", "bad k"));

        JsonNode all = gw.adminGet("/v1/incidents");
        assertThat(all.path("incidents").findValuesAsText("kind"))
                .containsExactlyInAnyOrder("blocked_tool", "invalid_arguments");
        JsonNode some = gw.adminGet("/v1/incidents?kind=blocked_tool&session=s1");
        assertThat(some.path("incidents").size()).isEqualTo(1);
        assertThat(some.path("incidents").get(0).path("tool").asText()).isEqualTo("run_code");

        HttpResponse<String> csv = gw.get("/v1/incidents.csv", gw.admin);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(csv.body().lines().count()).isEqualTo(3);
        assertThat(csv.body()).contains("run_code");

        JsonNode badKind = problem(gw.get("/v1/incidents?kind=oops", gw.admin), 400);
        assertThat(badKind.path("detail").asText()).contains("blocked_tool");
        problem(gw.get("/v1/incidents", gw.acme), 403);
        problem(gw.get("/v1/incidents.csv", gw.acme), 403);
    }

    // ---- feedback -----------------------------------------------------------------------------

    @Test
    void feedbackCardsAreStoredAndTheLutIsReadable() {
        ok(gw.post("/v1/sessions/a-1/signals", gw.acme, "{\"signals\":[{\"name\":\"stress\",\"level\":0.3}]}"), 200);
        String acmeAction = gw.auditRecords().getLast().bundle().auditId();
        JsonNode card = ok(
                gw.post(
                        "/v1/feedback/cards",
                        gw.acme,
                        "{\"target_action_id\":\"" + acmeAction
                                + "\",\"rating\":5,\"note\":\"mail me at a@b.example\",\"tags\":[\"tone\"]}"),
                201);
        assertThat(card.path("card").path("rating").asInt()).isEqualTo(5);
        assertThat(card.path("note_redacted").asBoolean()).isTrue();
        assertThat(card.path("lut").path("version").asLong()).isPositive();
        assertThat(gw.auditOutcomes()).containsExactly("signals_recorded", "feedback_recorded");

        JsonNode lut = ok(gw.get("/v1/feedback/lut", gw.acme), 200);
        assertThat(lut.path("scope").asText()).isEqualTo("global");
        assertThat(lut.path("temperature_delta").isNumber()).isTrue();
        problem(gw.get("/v1/feedback/lut?usr=x", gw.acme), 400);
    }

    @Test
    void feedbackRefusesOutOfRangeRatingsWrongTypesAndAnotherTenantsActions() {
        JsonNode rating =
                problem(gw.post("/v1/feedback/cards", gw.acme, "{\"target_action_id\":\"a\",\"rating\":9}"), 422);
        assertThat(fields(rating)).containsExactly("rating");
        JsonNode tags = problem(
                gw.post("/v1/feedback/cards", gw.acme, "{\"target_action_id\":\"a\",\"rating\":3,\"tags\":\"x\"}"),
                400);
        assertThat(fields(tags)).containsExactly("tags");

        ok(gw.post("/v1/sessions/b-1/signals", gw.beta, "{\"signals\":[{\"name\":\"stress\",\"level\":0.3}]}"), 200);
        String betaAction = gw.auditRecords().getLast().bundle().auditId();
        JsonNode foreign = problem(
                gw.post("/v1/feedback/cards", gw.acme, "{\"target_action_id\":\"" + betaAction + "\",\"rating\":1}"),
                422);
        assertThat(fields(foreign)).containsExactly("target_action_id");
        assertThat(gw.auditOutcomes()).containsExactly("refused", "refused", "signals_recorded", "refused");
    }

    // ---- flags --------------------------------------------------------------------------------

    @Test
    void anAdminChangesAFlagAndTheChangeIsAudited() {
        JsonNode list = gw.adminGet("/v1/flags");
        assertThat(list.path("flags").findValuesAsText("name")).contains("BROWSER_TOOL");

        HttpResponse<String> r = gw.put("/v1/flags/BROWSER_TOOL", gw.admin, "{\"value\": true}");
        JsonNode changed = ok(r, 200);
        assertThat(changed.path("flag").path("value").asText()).isEqualTo("true");
        assertThat(changed.path("flag").path("source").asText()).isEqualTo("override");
        assertThat(gw.gateway.flags().isEnabled("BROWSER_TOOL", false)).isTrue();

        AuditRecord rec = gw.auditRecords().getLast();
        assertThat(changed.path("audit_id").asText()).isEqualTo(rec.bundle().auditId());
        assertThat(r.headers().firstValue("x-lukhas-audit-id"))
                .hasValue(rec.bundle().auditId());
        assertThat(rec.bundle().outcome()).isEqualTo("flag_changed");
        assertThat(rec.bundle().request().path("flag").asText()).isEqualTo("BROWSER_TOOL");
        assertThat(rec.bundle().request().path("to").asText()).isEqualTo("true");

        // issue 20: the override is removed again over HTTP; the flag falls back to its default, audited
        HttpResponse<String> cleared =
                gw.send("DELETE", "/v1/flags/BROWSER_TOOL", Optional.of(gw.admin), Optional.empty());
        JsonNode back = ok(cleared, 200);
        assertThat(back.path("flag").path("source").asText()).isEqualTo("default");
        assertThat(back.path("flag").path("value").asText()).isEqualTo("false");
        assertThat(gw.gateway.flags().isEnabled("BROWSER_TOOL", true)).isFalse();
        AuditRecord clearRec = gw.auditRecords().getLast();
        assertThat(back.path("audit_id").asText()).isEqualTo(clearRec.bundle().auditId());
        assertThat(clearRec.bundle().request().path("from").asText()).isEqualTo("true");
        assertThat(clearRec.bundle().request().path("to").asText()).isEqualTo("false");
        problem(gw.send("DELETE", "/v1/flags/NO_SUCH_FLAG", Optional.of(gw.admin), Optional.empty()), 404);
    }

    @Test
    void flagChangesAreRefusedForClientsUnknownFlagsAndBadValues() {
        problem(gw.put("/v1/flags/BROWSER_TOOL", gw.acme, "{\"value\": true}"), 403);
        problem(gw.put("/v1/flags/NO_SUCH_FLAG", gw.admin, "{\"value\": true}"), 404);
        JsonNode bad = problem(gw.put("/v1/flags/BROWSER_TOOL", gw.admin, "{\"value\": \"maybe\"}"), 422);
        assertThat(fields(bad)).containsExactly("value");
        JsonNode type = problem(gw.put("/v1/flags/BROWSER_TOOL", gw.admin, "{\"value\": 3}"), 422);
        assertThat(fields(type)).containsExactly("value");
        JsonNode text = problem(gw.put("/v1/flags/BROWSER_TOOL", gw.admin, "{\"value\": \"true\"}"), 422);
        assertThat(text.path("detail").asText()).contains("true or false");
        problem(gw.put("/v1/flags/BROWSER_TOOL", gw.admin, "{\"valeu\": true}"), 400);
        assertThat(gw.gateway.flags().isEnabled("BROWSER_TOOL", false)).isFalse();
        assertThat(gw.auditOutcomes()).containsOnly("refused").hasSize(5);
    }

    // ---- colony and DNA -----------------------------------------------------------------------

    @Test
    void consensusPersistsToDnaWhichIsReadWrittenAndVersioned() {
        String opinions = "[{\"agent_id\":\"a1\",\"value\":{\"tone\":\"brief\"},\"confidence\":0.9},"
                + "{\"agent_id\":\"a2\",\"value\":{\"tone\":\"brief\"},\"confidence\":0.7},"
                + "{\"agent_id\":\"a3\",\"value\":{\"tone\":\"warm\"},\"confidence\":0.6,\"rationale\":\"ui\"}]";
        JsonNode decided = ok(
                gw.post(
                        "/v1/colony/consensus",
                        gw.admin,
                        "{\"key\":\"user.42.tone\",\"method\":\"majority\",\"opinions\":" + opinions
                                + ",\"persist\":true}"),
                200);
        assertThat(decided.path("decided").asBoolean()).isTrue();
        assertThat(decided.path("votes_for").asInt()).isEqualTo(2);
        assertThat(decided.path("dissent").findValuesAsText("agent_id")).containsExactly("a3");
        assertThat(decided.path("persisted").path("written").asBoolean()).isTrue();

        JsonNode current = gw.adminGet("/v1/dna/user.42.tone");
        assertThat(current.path("version").asLong()).isEqualTo(1);
        assertThat(current.path("value").path("tone").asText()).isEqualTo("brief");

        JsonNode written = ok(
                gw.put(
                        "/v1/dna/user.42.tone",
                        gw.admin,
                        "{\"value\":{\"tone\":\"warm\"},\"version\":2,\"strength\":0.5}"),
                200);
        assertThat(written.path("outcome").asText()).isEqualTo("written");
        JsonNode stale =
                ok(gw.put("/v1/dna/user.42.tone", gw.admin, "{\"value\":{\"tone\":\"cold\"},\"version\":1}"), 200);
        assertThat(stale.path("outcome").asText()).isEqualTo("stale");
        assertThat(stale.path("upserted").asBoolean()).isFalse();

        JsonNode history = gw.adminGet("/v1/dna/user.42.tone/history");
        assertThat(history.path("versions").findValuesAsText("version")).containsExactly("1", "2");
        assertThat(gw.adminGet("/v1/dna/user.42.tone?version=1")
                        .path("value")
                        .path("tone")
                        .asText())
                .isEqualTo("brief");
        assertThat(gw.adminGet("/v1/dna/nobody/history").path("versions").size())
                .isZero();

        problem(gw.get("/v1/dna/nobody", gw.admin), 404);
        problem(gw.get("/v1/dna/k?version=1&as_of=2026-01-01T00:00:00Z", gw.admin), 400);
        problem(gw.put("/v1/dna/k", gw.admin, "{\"value\":1,\"version\":\"one\"}"), 400);
        problem(gw.put("/v1/dna/k", gw.admin, "{\"value\":1,\"version\":1,\"meta\":[]}"), 400);
        JsonNode method = problem(
                gw.post(
                        "/v1/colony/consensus",
                        gw.admin,
                        "{\"key\":\"k\",\"method\":\"vibes\",\"opinions\":" + opinions + "}"),
                422);
        assertThat(fields(method)).containsExactly("method");
        JsonNode confidence = problem(
                gw.post(
                        "/v1/colony/consensus",
                        gw.admin,
                        "{\"key\":\"k\",\"method\":\"majority\",\"opinions\":[{\"agent_id\":\"a\",\"value\":1,\"confidence\":2}]}"),
                422);
        assertThat(fields(confidence)).containsExactly("opinions[0].confidence");
        assertThat(gw.auditOutcomes())
                .containsExactly(
                        "consensus_decided", "dna_written", "dna_stale", "refused", "refused", "refused", "refused");
    }

    // ---- auth ---------------------------------------------------------------------------------

    @Test
    void everyV1RouteNeedsAKeyAndAdminRoutesRefuseClientKeys() {
        // every 401 takes one of the address's failed attempts (auth.failed_attempts: one comes back
        // every 5 s); the clock gives them back so that this test sees 401s, not the throttle's 429
        for (String route : List.of(
                "GET /v1/audit/verify",
                "GET /v1/incidents",
                "GET /v1/incidents.csv",
                "GET /v1/flags",
                "PUT /v1/flags/BROWSER_TOOL",
                "DELETE /v1/flags/BROWSER_TOOL",
                "POST /v1/colony/consensus",
                "GET /v1/dna/k",
                "PUT /v1/dna/k",
                "GET /v1/dna/k/history",
                "GET /v1/scheduler/tasks")) {
            String[] r = route.split(" ");
            JsonNode forbidden = problem(gw.send(r[0], r[1], Optional.of(gw.acme), emptyBodyFor(r[0])), 403);
            assertThat(forbidden.path("detail").asText()).contains("needs an admin key");
            gw.clock.advance(ONE_FAILED_ATTEMPT_BACK);
            problem(gw.send(r[0], r[1], Optional.empty(), emptyBodyFor(r[0])), 401);
        }
        for (String route : List.of(
                "POST /v1/modulation/preview",
                "POST /v1/sessions/s/signals",
                "GET /v1/sessions/s",
                "GET /v1/tools",
                "GET /v1/audit/x",
                "GET /v1/audit",
                "POST /v1/feedback/cards",
                "GET /v1/feedback/lut")) {
            String[] r = route.split(" ");
            gw.clock.advance(ONE_FAILED_ATTEMPT_BACK.multipliedBy(2));
            problem(gw.send(r[0], r[1], Optional.empty(), emptyBodyFor(r[0])), 401);
            problem(gw.send(r[0], r[1], Optional.of("lk_not_a_key"), emptyBodyFor(r[0])), 401);
        }
        assertThat(gw.auditRecords()).isEmpty();
        ok(gw.send("GET", "/readyz", Optional.empty(), Optional.empty()), 200);
        assertThat(gw.send("GET", "/metrics", Optional.empty(), Optional.empty())
                        .statusCode())
                .isEqualTo(200);
    }

    /** No body for a GET, an empty JSON object otherwise. */
    private static Optional<String> emptyBodyFor(String method) {
        return method.equals("GET") ? Optional.empty() : Optional.of("{}");
    }

    @Test
    void anUnknownRouteIsAProblem() {
        problem(gw.get("/v1/nothing-here", gw.admin), 404);
    }
}
