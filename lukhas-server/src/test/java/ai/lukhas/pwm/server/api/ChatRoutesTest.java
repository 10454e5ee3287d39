package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.audit.AuditVerifier;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.server.contract.OpenApiContract;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatRoutesTest extends GatewayTest {
    private final OpenApiContract contract = OpenApiContract.load();

    private HttpResponse<String> chat(String token, String body) {
        HttpResponse<String> r = gw.post("/v1/chat/completions", token, body);
        contract.validateResponse("POST", r);
        return r;
    }

    @Test
    void aPlainAnswerIsInTheOpenAiShapeWithTheLukhasExtensionAndHeaders() {
        HttpResponse<String> r = chat(gw.acme, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello there"}],
                 "lukhas":{"session_id":"acme-1","signals":[{"name":"stress","level":0.4}]}}""");
        JsonNode c = ok(r, 200);
        assertThat(c.path("object").asText()).isEqualTo("chat.completion");
        assertThat(c.path("choices").path(0).path("message").path("content").asText())
                .contains("lukhas-offline");
        JsonNode x = c.path("lukhas");
        assertThat(x.path("session_id").asText()).isEqualTo("acme-1");
        assertThat(x.path("safety_mode").asText()).isEqualTo("balanced");
        assertThat(x.path("incidents")).isEmpty();
        assertThat(r.headers().firstValue("x-lukhas-audit-id"))
                .contains(x.path("audit_id").asText());
        assertThat(r.headers().firstValue("x-lukhas-safety-mode")).contains("balanced");
        assertThat(r.headers().firstValue("x-lukhas-session")).contains("acme-1");
        AuditRecord audited =
                gw.gateway.audit().find(x.path("audit_id").asText()).orElseThrow();
        assertThat(audited.bundle().tenant()).isEqualTo("acme");
        assertThat(AuditVerifier.verify(gw.gateway.auditDirectory()).intact()).isTrue();
    }

    private static JsonNode audited(TestGateway g, JsonNode completion) {
        return g.auditedRequest(completion).path("memory");
    }

    @Test
    void proposedMemoryIsWrittenWhenItsStrengthReachesOneMinusMemoryWrite() {
        JsonNode written = ok(chat(gw.acme, """
                {"messages":[{"role":"user","content":"I like brief answers"}],
                 "lukhas":{"session_id":"mem-1","memory":[{"key":"user.1.tone","value":{"tone":"brief"}}]}}"""), 200);
        JsonNode m = written.path("lukhas").path("memory").path(0);
        double memoryWrite =
                written.path("lukhas").path("params").path("memory_write").asDouble();
        assertThat(m.path("status").asText()).as("%s", m).isEqualTo("written");
        assertThat(m.path("strength").asDouble()).isGreaterThanOrEqualTo(1 - memoryWrite);
        assertThat(gw.gateway.helix().read(TenantId.of("acme"), "user.1.tone")).isPresent();
        JsonNode audit = audited(gw, written);
        assertThat(audit.path("memory_write").asDouble()).isEqualTo(memoryWrite);
        assertThat(audit.path("required_strength").asDouble()).isEqualTo(1 - memoryWrite);
        assertThat(audit.path("proposals").path(0).path("status").asText()).isEqualTo("written");
    }

    /**
     * With a policy whose alignment_risk caps memory_write (the default policy's does not), strict mode
     * demands a stronger consensus: the same colony's decision is written in a plain session and
     * refused in a session at alignment_risk 1.
     */
    @Test
    void strictModeUnderAPolicyThatCapsMemoryWriteRefusesWhatAPlainSessionWrites() throws Exception {
        Path policy = dir.resolve("cautious-policy.yaml");
        String text;
        try (var in = ModulationPolicy.class.getClassLoader().getResourceAsStream(ModulationPolicy.DEFAULT_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String anchor = "    planner_beam:     \"max(1, round(6 - 4*x))\"\n";
        assertThat(text).contains(anchor);
        Files.writeString(policy, text.replace(anchor, anchor + "    memory_write:     \"max(0.1, 0.4 - 0.3*x)\"\n"));
        Path cautiousDir = Files.createDirectory(dir.resolve("cautious"));
        try (TestGateway g = new TestGateway(cautiousDir, "policy: {path: '" + policy + "'}")) {
            JsonNode plain = ok(g.post("/v1/chat/completions", g.acme, """
                    {"messages":[{"role":"user","content":"I like brief answers"}],
                     "lukhas":{"session_id":"mem-1","memory":[{"key":"user.1.tone","value":{"tone":"brief"}}]}}"""), 200);
            JsonNode strict = ok(g.post("/v1/chat/completions", g.acme, """
                    {"messages":[{"role":"user","content":"Tell me about tides"}],
                     "lukhas":{"session_id":"mem-2","signals":[{"name":"alignment_risk","level":1}],
                               "memory":[{"key":"user.1.topic","value":{"topic":"tides"}}]}}"""), 200);

            JsonNode w = plain.path("lukhas").path("memory").path(0);
            JsonNode r = strict.path("lukhas").path("memory").path(0);
            double plainWrite =
                    plain.path("lukhas").path("params").path("memory_write").asDouble();
            double strictWrite =
                    strict.path("lukhas").path("params").path("memory_write").asDouble();
            assertThat(strict.path("lukhas").path("safety_mode").asText()).isEqualTo("strict");
            assertThat(strictWrite).isLessThan(plainWrite);
            // Both colonies reach the same strength (three rule agents back it, the offline model abstains).
            assertThat(r.path("strength").asDouble())
                    .isEqualTo(w.path("strength").asDouble());
            assertThat(w.path("status").asText()).as("%s", w).isEqualTo("written");
            assertThat(w.path("strength").asDouble()).isGreaterThanOrEqualTo(1 - plainWrite);
            assertThat(r.path("status").asText()).as("%s", r).isEqualTo("below_required_strength");
            assertThat(r.path("strength").asDouble()).isLessThan(1 - strictWrite);
            assertThat(g.gateway.helix().read(TenantId.of("acme"), "user.1.tone"))
                    .isPresent();
            assertThat(g.gateway.helix().read(TenantId.of("acme"), "user.1.topic"))
                    .isEmpty();
            JsonNode audit = audited(g, strict);
            assertThat(audit.path("required_strength").asDouble()).isEqualTo(1 - strictWrite);
            assertThat(audit.path("proposals").path(0).path("status").asText()).isEqualTo("below_required_strength");
        }
    }

    @Test
    void tooManyOrMalformedMemoryProposalsAreRefusedNamingTheField() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 17; i++) {
            many.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":1}");
        }
        HttpResponse<String> tooMany = chat(
                gw.acme,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"lukhas\":{\"memory\":[" + many + "]}}");
        assertThat(tooMany.statusCode()).isBetween(400, 499);
        assertThat(tooMany.body()).contains("lukhas.memory");
        HttpResponse<String> noValue = chat(
                gw.acme,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"lukhas\":{\"memory\":[{\"key\":\"k\"}]}}");
        assertThat(noValue.statusCode()).isBetween(400, 499);
        assertThat(noValue.body()).contains("lukhas.memory[0].value");
    }

    @Test
    void aToolOutsideTheAllowlistIsBlockedIsOneIncidentAndTightensTheSessionToStrict() {
        // open_url is not offered (BROWSER_TOOL is off); the offline model calls it anyway
        JsonNode c = ok(chat(gw.admin, """
                        {"messages":[{"role":"user","content":"call open_url with url=https://example.com"}],
                         "lukhas":{"session_id":"gov-1"}}"""), 200);
        assertThat(c.path("lukhas").path("incidents")).hasSize(1);
        assertThat(c.path("lukhas").path("incidents").path(0).path("kind").asText())
                .isEqualTo("blocked_tool");
        assertThat(c.path("lukhas").path("safety_mode").asText()).isEqualTo("strict");
        JsonNode session = gw.adminGet("/v1/sessions/gov-1");
        assertThat(session.toString()).contains("strict");
    }

    @Test
    void signalsFromTheHeaderAreAppliedAndBadOnesAreRefusedNamingTheHeader() {
        HttpResponse<String> r = gw.send(
                "POST",
                "/v1/chat/completions",
                Optional.of(gw.acme),
                Optional.of("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        ok(r, 200);
        for (String bad : List.of("stress=NaN", "joy=0.5", "stress")) {
            HttpResponse<String> refused = gw.sendWithHeader(
                    "/v1/chat/completions",
                    gw.acme,
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    "x-lukhas-signals",
                    bad);
            JsonNode p = problem(refused, 400);
            assertThat(TestGateway.fields(p)).contains("x-lukhas-signals");
            assertThat(p.path("error").path("param").asText()).isEqualTo("x-lukhas-signals");
        }
    }

    @Test
    void malformedRequestsAreClear4xxNamingTheField() {
        assertThat(TestGateway.fields(problem(chat(gw.acme, "{\"messages\":[]}"), 400)))
                .contains("messages");
        assertThat(TestGateway.fields(
                        problem(chat(gw.acme, "{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}"), 400)))
                .contains("messages[0].role");
        assertThat(TestGateway.fields(problem(
                        chat(gw.acme, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temprature\":1}"), 400)))
                .contains("temprature");
        assertThat(TestGateway.fields(problem(
                        chat(gw.acme, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":7}"),
                        400)))
                .contains("temperature");
        assertThat(TestGateway.fields(
                        problem(chat(gw.acme, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}"), 400)))
                .contains("n");
        assertThat(TestGateway.fields(problem(
                        chat(
                                gw.acme,
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                                        + "\"lukhas\":{\"signals\":[{\"name\":\"joy\",\"level\":1}]}}"),
                        400)))
                .contains("lukhas.signals[0].name");
        problem(chat(gw.acme, "{not json"), 400);
        problem(
                gw.send(
                        "POST",
                        "/v1/chat/completions",
                        Optional.empty(),
                        Optional.of("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")),
                401);
    }

    @Test
    void aClientCannotSteerAnotherTenantsSession() {
        JsonNode acme = ok(
                chat(
                        gw.acme,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"call open_url with url=https://x.example\"}],"
                                + "\"lukhas\":{\"session_id\":\"shared\"}}"),
                200);
        assertThat(acme.path("lukhas").path("safety_mode").asText()).isEqualTo("strict");
        // beta's "shared" is beta's own session: not acme's strict one, and beta's signals never reach acme's
        JsonNode beta = ok(
                chat(
                        gw.beta,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"lukhas\":{\"session_id\":\"shared\","
                                + "\"signals\":[{\"name\":\"novelty\",\"level\":1}]}}"),
                200);
        assertThat(beta.path("lukhas").path("safety_mode").asText()).isEqualTo("balanced");
        JsonNode acmeSession = ok(gw.get("/v1/sessions/shared", gw.acme), 200);
        assertThat(acmeSession.path("params").path("safety_mode").asText()).isEqualTo("strict");
        assertThat(acmeSession.path("trace").path("signals").findValuesAsText("name"))
                .doesNotContain("novelty");
    }

    @Test
    void streamingSendsChunksThenTheExtensionThenDone() {
        HttpResponse<String> r = gw.post(
                "/v1/chat/completions",
                gw.acme,
                "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me about tides\"}],"
                        + "\"lukhas\":{\"session_id\":\"st-1\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<String> events = r.body()
                .lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> l.substring(6))
                .toList();
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream()
                .map(TestGateway::read)
                .toList();
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(
                c.path("choices").path(0).path("delta").path("content").asText("")));
        assertThat(text.toString()).contains("lukhas-offline");
        JsonNode finish = chunks.stream()
                .filter(c -> c.path("choices").path(0).path("finish_reason").isTextual())
                .findFirst()
                .orElseThrow();
        assertThat(finish.path("lukhas").path("audit_id").asText()).isNotBlank();
        assertThat(chunks.get(chunks.size() - 1)
                        .path("usage")
                        .path("total_tokens")
                        .isInt())
                .isTrue();
        assertThat(gw.gateway
                        .audit()
                        .find(finish.path("lukhas").path("audit_id").asText()))
                .isPresent();
    }

    @Test
    void modelsListsTheModelTheProviderAnswersAs() throws Exception {
        // offline: the model every answer names, not the configured upstream model (regression: it said gpt-4o-mini)
        HttpResponse<String> r = gw.get("/v1/models", gw.acme);
        contract.validateResponse("GET", r);
        JsonNode m = ok(r, 200);
        assertThat(m.path("data").path(0).path("id").asText()).isEqualTo("lukhas-offline");
        assertThat(m.path("data").path(0).path("owned_by").asText()).isEqualTo("offline");
        String answered = ok(chat(gw.acme, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), 200)
                .path("model")
                .asText();
        assertThat(answered).isEqualTo("lukhas-offline");

        Path other = Files.createDirectories(dir.resolve("upstream"));
        try (TestGateway upstream =
                new TestGateway(other, "upstream: {url: 'http://127.0.0.1:9/v1', model: house-model}\n")) {
            JsonNode listed = ok(upstream.get("/v1/models", upstream.acme), 200);
            assertThat(listed.path("data").path(0).path("id").asText()).isEqualTo("house-model");
            assertThat(listed.path("data").path(0).path("owned_by").asText()).isEqualTo("openai-compatible");
        }
    }

    @Test
    void clientToolsAreOfferedOnlyToTenantsWhoseCeilingAdmitsThem() {
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"call lookup_order with id=42\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup_order\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},"
                + "\"required\":[\"id\"]}}}]}";
        JsonNode admitted = ok(chat(gw.admin, body), 200);
        assertThat(admitted.path("choices").path(0).path("finish_reason").asText())
                .isEqualTo("tool_calls");
        // acme's ceiling is [retrieval]: the application's function is refused with a 400 naming the
        // ceiling (issue 17: never a silent drop), and nothing reaches the model
        JsonNode refused = problem(chat(gw.acme, body), 400);
        assertThat(refused.path("error").path("param").asText()).isEqualTo("tools[0].function.name");
        assertThat(refused.path("error").path("message").asText())
                .contains("lookup_order")
                .contains("tenant 'acme'")
                .contains("tenants.acme.tools")
                .contains("client_tools");
    }

    @Test
    void theRetrievalToolFindsWhatWasWrittenToDnaMemory() {
        ok(
                gw.put(
                        "/v1/dna/policy.refunds",
                        gw.admin,
                        "{\"value\":{\"text\":\"refunds within 45 days\"},\"version\":1}"),
                200);
        JsonNode c = ok(
                chat(
                        gw.admin,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"call retrieve_knowledge with query=refunds\"}]}"),
                200);
        assertThat(c.path("choices").path(0).path("message").path("content").asText())
                .contains("policy.refunds")
                .contains("45 days");
        assertThat(c.path("lukhas").path("incidents")).isEmpty();
    }

    @Test
    void theToolLoopLimitsOfTheConfigurationReachThePipeline() throws Exception {
        Path other = Files.createDirectory(dir.resolve("limited"));
        try (TestGateway g = new TestGateway(
                other, "tools:\n  limits: {max_steps: 2, calls_per_message: 1, calls_per_request: 1}\n")) {
            JsonNode c = ok(
                    g.post(
                            "/v1/chat/completions",
                            g.acme,
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"call retrieve_knowledge with"
                                    + " query=tides and call retrieve_knowledge with query=moon\"}]}"),
                    200);
            JsonNode bundle = g.gateway
                    .audit()
                    .find(c.path("lukhas").path("audit_id").asText())
                    .orElseThrow()
                    .json();
            assertThat(bundle.at("/request/max_steps").asInt()).isEqualTo(2);
            assertThat(bundle.at("/tool_calls/calls").findValuesAsText("limit")).containsExactly("per_message");
        }
    }
}
