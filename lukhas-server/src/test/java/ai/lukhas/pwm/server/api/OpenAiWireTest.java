package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 items 3, 5 and 7 against a local OpenAI-wire upstream that records what it receives:
 * every OpenAI chat field is forwarded (after modulation, which only tightens) or refused with a 400
 * naming it; the application's request is not changed beyond that (no gateway tools unless opted in);
 * the x-lukhas-* headers say what was applied and how long the gateway itself took.
 */
class OpenAiWireTest {
    @TempDir
    Path dir;

    private CapturingUpstream upstream;
    private TestGateway gw;

    @BeforeEach
    void start() {
        upstream = CapturingUpstream.start();
        gw = new TestGateway(dir, upstream.yaml(), 2 * 1024 * 1024);
    }

    @AfterEach
    void stop() {
        gw.close();
        upstream.close();
    }

    private HttpResponse<String> chat(String token, String body) {
        return gw.post("/v1/chat/completions", token, body);
    }

    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]";

    @Test
    void aPlainChatReachesTheUpstreamWithNoToolsAndNoToolChoice() {
        ok(chat(gw.gamma, "{" + HELLO + "}"), 200);
        JsonNode sent = upstream.lastChat();
        assertThat(sent.has("tools")).as("%s", sent).isFalse();
        assertThat(sent.has("tool_choice")).as("%s", sent).isFalse();
        assertThat(sent.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void everyForwardedFieldReachesTheUpstreamAndModulationOnlyTightens() {
        HttpResponse<String> r = chat(gw.gamma, """
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello"}],
                 "seed":7,"response_format":{"type":"json_schema","json_schema":{"name":"answer",
                   "schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},"strict":true}},
                 "stop":["END","STOP"],"presence_penalty":0.5,"frequency_penalty":-0.5,"logit_bias":{"50256":-100},
                 "metadata":{"app":"notes"},"store":false,"service_tier":"flex",
                 "prediction":{"type":"content","content":"The tide"},"user":"u-17","reasoning_effort":"medium",
                 "modalities":["text"],"prompt_cache_key":"k1","safety_identifier":"sid-1","verbosity":"low",
                 "temperature":2,"top_p":0.5,"max_completion_tokens":100000,"logprobs":false,"n":1,
                 "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}],
                 "tool_choice":{"type":"function","function":{"name":"lookup"}},"parallel_tool_calls":false}""");
        JsonNode answer = ok(r, 200);
        JsonNode sent = upstream.lastChat();
        assertThat(sent.path("seed").asInt()).isEqualTo(7);
        assertThat(sent.path("response_format").path("json_schema").path("name").asText())
                .isEqualTo("answer");
        assertThat(sent.path("response_format")
                        .path("json_schema")
                        .path("strict")
                        .asBoolean())
                .isTrue();
        assertThat(sent.path("stop").toString()).isEqualTo("[\"END\",\"STOP\"]");
        assertThat(sent.path("presence_penalty").asDouble()).isEqualTo(0.5);
        assertThat(sent.path("frequency_penalty").asDouble()).isEqualTo(-0.5);
        assertThat(sent.path("logit_bias").path("50256").asInt()).isEqualTo(-100);
        assertThat(sent.path("metadata").path("app").asText()).isEqualTo("notes");
        assertThat(sent.path("store").isBoolean()).isTrue();
        assertThat(sent.path("service_tier").asText()).isEqualTo("flex");
        assertThat(sent.path("prediction").path("content").asText()).isEqualTo("The tide");
        assertThat(sent.path("user").asText()).isEqualTo("u-17");
        assertThat(sent.path("reasoning_effort").asText()).as("%s", sent).isIn("medium", "high");
        assertThat(sent.path("modalities").toString()).isEqualTo("[\"text\"]");
        assertThat(sent.path("prompt_cache_key").asText()).isEqualTo("k1");
        assertThat(sent.path("safety_identifier").asText()).isEqualTo("sid-1");
        assertThat(sent.path("verbosity").asText()).isEqualTo("low");
        assertThat(sent.path("parallel_tool_calls").isBoolean()).isTrue();
        assertThat(sent.path("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(sent.path("tool_choice").path("function").path("name").asText())
                .isEqualTo("lookup");
        assertThat(sent.path("tools").findValuesAsText("name")).containsExactly("lookup");
        // the client may only tighten: temperature 2 and 100000 tokens are lowered to the modulated values,
        // top_p 0.5 (below the modulated one) is kept
        JsonNode params = answer.path("lukhas").path("params");
        assertThat(sent.path("temperature").asDouble())
                .isEqualTo(params.path("temperature").asDouble())
                .isLessThan(2);
        assertThat(sent.path("top_p").asDouble()).isEqualTo(0.5);
        int sentMax = sent.has("max_tokens")
                ? sent.path("max_tokens").asInt()
                : sent.path("max_completion_tokens").asInt();
        assertThat(sentMax).isEqualTo(params.path("max_output_tokens").asInt()).isLessThan(100000);
        // headers say what was applied
        assertThat(r.headers().firstValue("x-lukhas-params")).hasValueSatisfying(v -> assertThat(v)
                .contains("temperature=" + sent.path("temperature").asDouble())
                .contains("top_p=0.5")
                .contains("max_tokens=" + sentMax));
        assertThat(answer.path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isEqualTo(CapturingUpstream.ANSWER);
        // the audit bundle names the forwarded fields, not their values
        JsonNode audited = gw.auditedRequest(answer);
        assertThat(audited.path("client_params").path("pass_through").toString())
                .contains("seed", "response_format", "metadata")
                .doesNotContain("notes");
    }

    @Test
    void aModulatedParameterTheClientDidNotSendIsStillAppliedAndNamedInTheHeaders() {
        HttpResponse<String> r =
                chat(gw.gamma, "{" + HELLO + ",\"lukhas\":{\"signals\":[{\"name\":\"alignment_risk\",\"level\":1}]}}");
        JsonNode answer = ok(r, 200);
        JsonNode sent = upstream.lastChat();
        double t = answer.path("lukhas").path("params").path("temperature").asDouble();
        assertThat(sent.path("temperature").asDouble()).isEqualTo(t);
        assertThat(r.headers().firstValue("x-lukhas-params"))
                .hasValueSatisfying(v -> assertThat(v).contains("temperature=" + t));
        assertThat(r.headers().firstValue("x-lukhas-safety-mode")).contains("strict");
    }

    @Test
    void fieldsTheGatewayCannotHonourAreRefusedWithA400NamingThem() {
        Map<String, String> refused = Map.of(
                "logprobs", "\"logprobs\":true",
                "top_logprobs", "\"top_logprobs\":3",
                "n", "\"n\":2",
                "audio", "\"audio\":{\"voice\":\"alloy\",\"format\":\"mp3\"}",
                "modalities", "\"modalities\":[\"text\",\"audio\"]",
                "functions", "\"functions\":[{\"name\":\"f\"}]",
                "web_search_options", "\"web_search_options\":{}",
                "frobnicate", "\"frobnicate\":1",
                "stream_options", "\"stream_options\":{\"include_usage\":true}");
        refused.forEach((field, json) -> {
            JsonNode p = problem(chat(gw.gamma, "{" + HELLO + "," + json + "}"), 400);
            assertThat(p.path("error").path("param").asText()).as(json).isEqualTo(field);
            assertThat(p.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        });
        assertThat(upstream.chatBodies()).isEmpty();
    }

    @Test
    void gatewayToolsAreOfferedOnlyWhenTheRequestOrTheTenantOptsIn() {
        ok(chat(gw.gamma, "{" + HELLO + ",\"lukhas\":{\"tool_allowlist\":[\"retrieval\"]}}"), 200);
        assertThat(upstream.lastChat().path("tools").findValuesAsText("name")).containsExactly("retrieve_knowledge");
        assertThat(upstream.lastChat().path("tool_choice").asText()).isEqualTo("auto");
        // acme opted in for every request (default_tools in the tenant's configuration)
        ok(chat(gw.acme, "{" + HELLO + "}"), 200);
        assertThat(upstream.lastChat().path("tools").findValuesAsText("name")).containsExactly("retrieve_knowledge");
        // outside gamma's ceiling, or naming nothing: a 400 that says so
        JsonNode outside =
                problem(chat(gw.gamma, "{" + HELLO + ",\"lukhas\":{\"tool_allowlist\":[\"browser\"]}}"), 400);
        assertThat(outside.path("error").path("param").asText()).isEqualTo("lukhas.tool_allowlist[0]");
        assertThat(outside.path("error").path("message").asText()).contains("tenants.gamma.tools");
        JsonNode unknown = problem(chat(gw.gamma, "{" + HELLO + ",\"lukhas\":{\"tool_allowlist\":[\"nope\"]}}"), 400);
        assertThat(unknown.path("error").path("message").asText()).contains("names no gateway tool");
    }

    @Test
    void overheadIsReportedOnEveryGovernedAnswerAndInTheAuditBundle() {
        HttpResponse<String> r = chat(gw.gamma, "{" + HELLO + "}");
        JsonNode answer = ok(r, 200);
        double header = Double.parseDouble(
                r.headers().firstValue("x-lukhas-overhead-ms").orElseThrow());
        assertThat(header).isGreaterThanOrEqualTo(0);
        JsonNode audited = gw.auditedRequest(answer);
        assertThat(audited.path("overhead_ms").isNumber()).as("%s", audited).isTrue();
        assertThat(audited.path("upstream_ms").isNumber()).isTrue();
        HttpResponse<String> streamed = chat(gw.gamma, "{\"stream\":true," + HELLO + "}");
        assertThat(streamed.headers().firstValue("x-lukhas-overhead-ms")).isPresent();
        assertThat(streamed.body()).contains("\"overhead_ms\":");
        HttpResponse<String> embedded =
                gw.post("/v1/embeddings", gw.gamma, "{\"model\":\"text-embedding-3-small\",\"input\":\"tides\"}");
        assertThat(embedded.headers().firstValue("x-lukhas-overhead-ms")).isPresent();
    }
}
