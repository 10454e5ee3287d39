package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.ResponsesRoutesTest.ask;
import static ai.lukhas.pwm.server.api.ResponsesRoutesTest.followUp;
import static ai.lukhas.pwm.server.api.ResponsesRoutesTest.functionCall;
import static ai.lukhas.pwm.server.api.ResponsesRoutesTest.orderLookupTurn;
import static ai.lukhas.pwm.server.api.ResponsesRoutesTest.output;
import static ai.lukhas.pwm.server.api.ResponsesRoutesTest.stream;
import static ai.lukhas.pwm.server.api.ResponsesRoutesTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.api.ResponsesRoutesTest.Streamed;
import ai.lukhas.pwm.server.api.ScriptedUpstream.Call;
import ai.lukhas.pwm.server.api.ScriptedUpstream.Step;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #17, an upstream that speaks the Responses API ({@code upstream.api: responses}): the
 * official OpenAI Java SDK → gateway → a real local server that serves only {@code POST
 * /v1/responses} and refuses anything that is not a Responses request. Plain, streamed and a
 * function tool round trip; a chat completions client against the same upstream; and the governance
 * invariants on this wire: a harmful streamed answer is cut before it reaches the client
 * (invariant 3), and a tool the request was not offered never reaches it as a runnable call
 * (invariant 4).
 */
class ResponsesUpstreamTest extends ScriptedGatewayTest {
    @Override
    ScriptedUpstream startUpstream() {
        return ScriptedUpstream.startResponses();
    }

    @Test
    void sdkPlainFunctionToolRoundTripReachesTheUpstreamAsResponsesRequests() {
        Response first = orderLookupTurn(upstream, sdk());
        ResponseFunctionToolCall call = functionCall(first);
        assertThat(call.name()).isEqualTo("lookup_order");
        assertThat(call.callId()).isEqualTo("call_1");
        assertThat(call.arguments()).isEqualTo("{\"id\":\"42\"}");

        JsonNode asked = upstream.received().getFirst();
        // the governed request, in the Responses wire: flat tools, the ones offered (the test tenant opts
        // in to two gateway tools) and nothing else, the modulated limit
        assertThat(asked.path("tools").findValuesAsText("name"))
                .containsExactlyInAnyOrder("retrieve_knowledge", "schedule_task", "lookup_order");
        assertThat(asked.path("max_output_tokens").asInt()).isBetween(1, 200);
        assertThat(asked.path("store").asBoolean(true)).isFalse();
        assertThat(asked.toString()).contains("You are a shop assistant.", "Where is order 42?");

        upstream.script(Step.text("Order 42 ships tomorrow."));
        Response second = sdk().responses()
                .create(followUp(first.id(), output("call_1", "{\"status\":\"shipping tomorrow\"}"))
                        .build());
        assertThat(text(second)).isEqualTo("Order 42 ships tomorrow.");
        List<String> types = new ArrayList<>();
        upstream.received()
                .getLast()
                .path("input")
                .forEach(i -> types.add(i.path("type").asText()));
        assertThat(types).endsWith("function_call", "function_call_output");
    }

    @Test
    void sdkStreamedAnswerWithAFunctionCallComesThroughAsResponsesEvents() {
        upstream.script(
                new Step("Let me check that order. ", List.of(new Call("call_7", "lookup_order", "{\"id\":\"42\"}"))));
        Streamed s = stream(sdk(), ask("Where is order 42?").build());
        assertThat(s.text()).isEqualTo("Let me check that order. ");
        assertThat(s.completed().orElseThrow().output().stream()
                        .filter(ResponseOutputItem::isFunctionCall)
                        .map(i -> i.asFunctionCall().callId()))
                .containsExactly("call_7");
        assertThat(upstream.received().getLast().path("stream").asBoolean()).isTrue();
    }

    @Test
    void aChatCompletionsClientWorksAgainstAResponsesUpstream() {
        upstream.script(Step.text("Tides follow the moon."));
        ChatCompletion c = sdk().chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("What causes tides?")
                        .build());
        assertThat(c.choices().getFirst().message().content()).contains("Tides follow the moon.");
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(12);
        assertThat(upstream.received().getLast().path("input").toString()).contains("What causes tides?");

        // a chat field the Responses API has no counterpart for is a 400 naming it, not a silent drop
        HttpResponse<String> seed = gw.post(
                "/v1/chat/completions", gw.admin, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":7}");
        assertThat(seed.statusCode()).as(seed.body()).isEqualTo(400);
        assertThat(seed.body()).contains("seed").contains("upstream.api: responses");
        assertThat(upstream.received()).hasSize(1);
    }

    @Test
    void aHarmfulStreamedAnswerFromTheResponsesUpstreamIsCutBeforeItReachesTheClient() {
        upstream.script(Step.text("Sure thing. I will kill you tomorrow, john.doe@example.com"));
        HttpResponse<String> streamed = gw.post("/v1/responses", gw.admin, "{\"input\":\"hello\",\"stream\":true}");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body())
                .doesNotContain("kill you", "john.doe@example.com")
                .contains("event: response.incomplete", "content_filter", "flagged_output");

        upstream.script(Step.text("Sure thing. I will kill you tomorrow, john.doe@example.com"));
        HttpResponse<String> chat = gw.post(
                "/v1/chat/completions",
                gw.admin,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"stream\":true}");
        assertThat(chat.body())
                .doesNotContain("kill you", "john.doe@example.com")
                .contains("content_filter");
    }

    @Test
    void aToolThatWasNotOfferedNeverReachesTheClientAsARunnableCall() {
        for (boolean stream : List.of(false, true)) {
            // the model calls the gateway's exec_code, which this request was never offered
            upstream.script(Step.call("call_x", "exec_code", "{\"code\":\"rm -rf /\"}"), Step.text("Done."));
            upstream.clearReceived();
            HttpResponse<String> r = gw.post(
                    "/v1/responses",
                    gw.admin,
                    "{\"input\":\"run it\",\"stream\":" + stream + ",\"tools\":[{\"type\":\"function\","
                            + "\"name\":\"lookup_order\",\"parameters\":{\"type\":\"object\"}}]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("\"function_call\"").doesNotContain("rm -rf");
            assertThat(r.body()).contains("blocked_tool");
            // the upstream was never offered exec_code; after the violation the session is strict and the
            // next model step is offered fewer tools (the client's function is withdrawn)
            List<JsonNode> asked = upstream.received();
            assertThat(asked).hasSize(2);
            assertThat(asked.get(0).path("tools").findValuesAsText("name"))
                    .contains("lookup_order")
                    .doesNotContain("exec_code");
            assertThat(asked.get(1).path("tools").findValuesAsText("name")).doesNotContain("exec_code", "lookup_order");
        }
    }
}
