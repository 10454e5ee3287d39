package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.server.api.ScriptedUpstream.Step;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseRetrieveParams;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.WebSearchTool;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Issue #17 item 1 through the real server: the official OpenAI Java SDK's {@code responses()}
 * (plain and streamed, with a function tool round trip over {@code previous_response_id}) against a
 * local upstream that speaks chat completions only; the store's tenant scoping; refusals that name
 * the field. Every response to a documented path is checked against openapi.yaml by {@link TestGateway}.
 */
class ResponsesRoutesTest extends ScriptedGatewayTest {

    /** A client function tool (shared with {@link ResponsesUpstreamTest}). */
    static FunctionTool lookupOrder() {
        return FunctionTool.builder()
                .name("lookup_order")
                .description("Look up an order by id.")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("id", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("id")))
                        .build())
                .strict(false)
                .build();
    }

    static ResponseInputItem output(String callId, String output) {
        return ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId(callId)
                .output(output)
                .build());
    }

    /** A request for {@code input} that offers {@link #lookupOrder()}. */
    static ResponseCreateParams.Builder ask(String input) {
        return ResponseCreateParams.builder().model("gpt-4o-mini").input(input).addTool(lookupOrder());
    }

    /** The next turn after {@code previousResponseId}: one function call's output, {@link #lookupOrder()} offered again. */
    static ResponseCreateParams.Builder followUp(String previousResponseId, ResponseInputItem output) {
        return ResponseCreateParams.builder()
                .model("gpt-4o-mini")
                .previousResponseId(previousResponseId)
                .inputOfResponse(List.of(output))
                .addTool(lookupOrder());
    }

    /** The first function call of an answer. */
    static ResponseFunctionToolCall functionCall(Response r) {
        return r.output().stream()
                .filter(ResponseOutputItem::isFunctionCall)
                .map(ResponseOutputItem::asFunctionCall)
                .findFirst()
                .orElseThrow();
    }

    /** What a streamed answer brought: its event types in order, its text deltas joined, its completed response. */
    record Streamed(List<String> types, String text, Optional<Response> completed) {}

    static Streamed stream(OpenAIClient client, ResponseCreateParams params) {
        List<String> types = new ArrayList<>();
        StringBuilder deltas = new StringBuilder();
        Response done = null;
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(params)) {
            for (ResponseStreamEvent e : (Iterable<ResponseStreamEvent>) s.stream()::iterator) {
                types.add(type(e));
                e.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                if (e.isCompleted()) {
                    done = e.asCompleted().response();
                }
            }
        }
        return new Streamed(List.copyOf(types), deltas.toString(), Optional.ofNullable(done));
    }

    /**
     * The first turn of both round trips (here and in {@link ResponsesUpstreamTest}): a shop assistant is
     * asked where order 42 is (at most 200 output tokens) and the model answers with the call {@code
     * call_1} of {@code lookup_order}.
     */
    static Response orderLookupTurn(ScriptedUpstream upstream, OpenAIClient sdk) {
        upstream.script(Step.call("call_1", "lookup_order", "{\"id\":\"42\"}"));
        return sdk.responses()
                .create(ask("Where is order 42?")
                        .instructions("You are a shop assistant.")
                        .maxOutputTokens(200L)
                        .build());
    }

    @Test
    void sdkFunctionToolRoundTripOverPreviousResponseId() {
        Response first = orderLookupTurn(upstream, sdk());
        assertThat(first.id()).startsWith("resp_");
        assertThat(first.status()).contains(ResponseStatus.COMPLETED);
        ResponseFunctionToolCall call = functionCall(first);
        assertThat(call.name()).isEqualTo("lookup_order");
        assertThat(call.callId()).isEqualTo("call_1");
        assertThat(call.arguments()).contains("42");

        upstream.script(Step.text("Order 42 ships tomorrow."));
        Response second = sdk().responses()
                .create(followUp(first.id(), output("call_1", "{\"status\":\"shipping tomorrow\"}"))
                        .build());
        assertThat(second.previousResponseId()).contains(first.id());
        assertThat(text(second)).isEqualTo("Order 42 ships tomorrow.");

        // the upstream spoke chat completions and saw the whole conversation, translated
        JsonNode asked = upstream.received().getLast();
        List<String> roles = new ArrayList<>();
        asked.path("messages").forEach(m -> roles.add(m.path("role").asText()));
        assertThat(roles).endsWith("user", "assistant", "tool");
        JsonNode assistant = asked.path("messages").get(roles.lastIndexOf("assistant"));
        assertThat(assistant.at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(assistant.at("/tool_calls/0/function/name").asText()).isEqualTo("lookup_order");
        assertThat(asked.path("messages")
                        .get(roles.lastIndexOf("tool"))
                        .path("tool_call_id")
                        .asText())
                .isEqualTo("call_1");
        assertThat(asked.toString()).contains("Where is order 42?").doesNotContain("You are a shop assistant.");
        assertThat(asked.path("tools").findValuesAsText("name")).contains("lookup_order");

        // both turns ran in one governance session; the stored object is what the client received
        List<String> sessions =
                gw.auditRecords().stream().map(r -> r.bundle().session()).toList();
        assertThat(sessions.get(sessions.size() - 1)).isEqualTo(sessions.get(sessions.size() - 2));
        Response again = sdk().responses()
                .retrieve(
                        ResponseRetrieveParams.builder().responseId(second.id()).build());
        assertThat(again.id()).isEqualTo(second.id());
        assertThat(text(again)).isEqualTo("Order 42 ships tomorrow.");
    }

    @Test
    void sdkStreamingFunctionToolRoundTrip() {
        upstream.script(new Step(
                "Let me check that order. ",
                List.of(new ScriptedUpstream.Call("call_7", "lookup_order", "{\"id\":\"42\"}"))));
        Streamed first = stream(sdk(), ask("Where is order 42?").build());
        assertThat(first.types().getFirst()).isEqualTo("response.created");
        assertThat(first.types())
                .contains(
                        "response.output_item.added",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.done")
                .endsWith("response.completed");
        assertThat(first.text()).isEqualTo("Let me check that order. ");
        Response done = first.completed().orElseThrow();
        assertThat(functionCall(done).callId()).isEqualTo("call_7");

        upstream.script(Step.text("Order 42 ships tomorrow."));
        Streamed second = stream(
                sdk(),
                followUp(done.id(), output("call_7", "shipping tomorrow")).build());
        assertThat(second.text()).isEqualTo("Order 42 ships tomorrow.");
        JsonNode asked = upstream.received().getLast();
        assertThat(asked.path("stream").asBoolean()).isTrue();
        assertThat(asked.toString()).contains("Let me check that order.", "call_7", "shipping tomorrow");
    }

    /** The wire type of each SDK event kind a test expects, in the order the SDK is asked. */
    private static final List<Map.Entry<Predicate<ResponseStreamEvent>, String>> EVENT_TYPES = List.of(
            Map.entry(ResponseStreamEvent::isCreated, "response.created"),
            Map.entry(ResponseStreamEvent::isInProgress, "response.in_progress"),
            Map.entry(ResponseStreamEvent::isOutputItemAdded, "response.output_item.added"),
            Map.entry(ResponseStreamEvent::isContentPartAdded, "response.content_part.added"),
            Map.entry(ResponseStreamEvent::isOutputTextDelta, "response.output_text.delta"),
            Map.entry(ResponseStreamEvent::isOutputTextDone, "response.output_text.done"),
            Map.entry(ResponseStreamEvent::isContentPartDone, "response.content_part.done"),
            Map.entry(ResponseStreamEvent::isFunctionCallArgumentsDelta, "response.function_call_arguments.delta"),
            Map.entry(ResponseStreamEvent::isFunctionCallArgumentsDone, "response.function_call_arguments.done"),
            Map.entry(ResponseStreamEvent::isOutputItemDone, "response.output_item.done"),
            Map.entry(ResponseStreamEvent::isCompleted, "response.completed"));

    private static String type(ResponseStreamEvent e) {
        return EVENT_TYPES.stream()
                .filter(t -> t.getKey().test(e))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("other");
    }

    static String text(Response r) {
        StringBuilder sb = new StringBuilder();
        r.output().forEach(i -> i.message()
                .ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> sb.append(t.text())))));
        return sb.toString();
    }

    @Test
    void anErrorsMessageSurfacesInTheSdkException() {
        assertThatThrownBy(() -> sdk().responses()
                        .create(ResponseCreateParams.builder()
                                .model("gpt-4o-mini")
                                .input("hi")
                                .addTool(WebSearchTool.builder()
                                        .type(WebSearchTool.Type.WEB_SEARCH)
                                        .build())
                                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("tools[0].type")
                .hasMessageContaining("only function tools are supported");
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void flaggedModelOutputEndsIncompleteAndNeverReachesTheClientStreamedOrNot() {
        String hostile = "I will kill you tomorrow, john.doe@example.com";
        upstream.script(Step.text(hostile));
        HttpResponse<String> plain = gw.post("/v1/responses", gw.admin, "{\"input\":\"hello\"}");
        JsonNode p = TestGateway.ok(plain, 200);
        assertThat(plain.body()).doesNotContain("I will kill you", "john.doe@example.com");
        assertThat(p.path("status").asText()).isEqualTo("incomplete");
        assertThat(p.at("/incomplete_details/reason").asText()).isEqualTo("content_filter");
        assertThat(p.at("/lukhas/incidents/0/kind").asText()).isEqualTo("flagged_output");

        upstream.script(Step.text(hostile));
        HttpResponse<String> streamed = gw.post("/v1/responses", gw.admin, "{\"input\":\"hello\",\"stream\":true}");
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body())
                .doesNotContain("I will kill you", "john.doe@example.com")
                .contains("event: response.incomplete", "content_filter");
    }

    @Test
    void anotherTenantsResponseIsIndistinguishableFromAnUnknownOne() {
        JsonNode mine = TestGateway.ok(gw.post("/v1/responses", gw.admin, "{\"input\":\"hello\"}"), 200);
        String id = mine.path("id").asText();
        assertThat(TestGateway.ok(gw.get("/v1/responses/" + id, gw.admin), 200)
                        .path("id")
                        .asText())
                .isEqualTo(id);

        HttpResponse<String> theirs = gw.get("/v1/responses/" + id, gw.acme);
        HttpResponse<String> unknown = gw.get("/v1/responses/resp_unknown", gw.acme);
        assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
        assertThat(theirs.body().replace(id, "X")).isEqualTo(unknown.body().replace("resp_unknown", "X"));

        HttpResponse<String> chained =
                gw.post("/v1/responses", gw.acme, "{\"input\":\"go on\",\"previous_response_id\":\"" + id + "\"}");
        HttpResponse<String> chainedUnknown =
                gw.post("/v1/responses", gw.acme, "{\"input\":\"go on\",\"previous_response_id\":\"resp_unknown\"}");
        assertThat(chained.statusCode()).isEqualTo(400).isEqualTo(chainedUnknown.statusCode());
        assertThat(chained.body().replace(id, "X"))
                .isEqualTo(chainedUnknown.body().replace("resp_unknown", "X"));
        assertThat(chained.body()).doesNotContain("hello");
    }

    @Test
    void storeFalseKeepsNothing() {
        JsonNode r = TestGateway.ok(gw.post("/v1/responses", gw.admin, "{\"input\":\"hello\",\"store\":false}"), 200);
        assertThat(r.path("store").asBoolean(true)).isFalse();
        assertThat(gw.get("/v1/responses/" + r.path("id").asText(), gw.admin).statusCode())
                .isEqualTo(404);
    }

    @Test
    void unknownAndUnsupportedFieldsAre400sNamingTheField() {
        assertThat(TestGateway.fields(TestGateway.problem(
                        gw.post("/v1/responses", gw.admin, "{\"input\":\"hi\",\"background\":true}"), 400)))
                .contains("background");
        assertThat(TestGateway.fields(TestGateway.problem(
                        gw.post(
                                "/v1/responses",
                                gw.admin,
                                "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                                        + "\"image_url\":\"https://x.test/a.png\"}]}]}"),
                        400)))
                .contains("input[0].content[0].type");
        assertThat(TestGateway.fields(TestGateway.problem(
                        gw.post("/v1/responses", gw.admin, "{\"input\":\"hi\",\"tools\":[{\"type\":\"web_search\"}]}"),
                        400)))
                .contains("tools[0].type");
        assertThat(TestGateway.fields(TestGateway.problem(
                        gw.post("/v1/responses", gw.admin, "{\"input\":[{\"type\":\"item_reference\",\"id\":\"x\"}]}"),
                        400)))
                .contains("input[0].type");
        assertThat(TestGateway.fields(TestGateway.problem(
                        gw.post("/v1/responses", gw.admin, "{\"input\":\"hi\",\"max_output_tokens\":0}"), 400)))
                .contains("max_output_tokens");
        assertThat(TestGateway.fields(TestGateway.problem(
                        gw.post("/v1/responses", gw.admin, "{\"input\":\"hi\",\"reasoning\":{\"summary\":\"auto\"}}"),
                        400)))
                .contains("reasoning.summary");
        assertThat(TestGateway.fields(TestGateway.problem(gw.post("/v1/responses", gw.admin, "{}"), 400)))
                .contains("input");
        // nothing refused reached the upstream
        assertThat(upstream.received()).isEmpty();
    }

    @Test
    void deleteAndInputItemsAreTenantScopedAndOpenAiShaped() {
        String body =
                "{\"input\":[{\"role\":\"user\",\"content\":\"one\"},{\"role\":\"assistant\",\"content\":\"two\"},"
                        + "{\"role\":\"user\",\"content\":\"three, mail me at jane.roe@example.com\"}]}";
        String id = TestGateway.ok(gw.post("/v1/responses", gw.admin, body), 200)
                .path("id")
                .asText();

        JsonNode all = TestGateway.ok(gw.get("/v1/responses/" + id + "/input_items?order=asc", gw.admin), 200);
        assertThat(all.path("object").asText()).isEqualTo("list");
        assertThat(all.path("data")).hasSize(3);
        assertThat(all.path("has_more").asBoolean()).isFalse();
        assertThat(all.at("/data/0/content/0/text").asText()).isEqualTo("one");
        assertThat(all.at("/data/1/content/0/type").asText()).isEqualTo("output_text");
        // kept as the audit keeps it: personal data redacted
        assertThat(all.toString()).doesNotContain("jane.roe@example.com").contains("[REDACTED");

        // newest first by default, paged with after
        JsonNode page1 = TestGateway.ok(gw.get("/v1/responses/" + id + "/input_items?limit=2", gw.admin), 200);
        assertThat(page1.path("data")).hasSize(2);
        assertThat(page1.path("has_more").asBoolean()).isTrue();
        assertThat(page1.path("first_id").asText())
                .isEqualTo(all.at("/data/2/id").asText());
        JsonNode page2 = TestGateway.ok(
                gw.get(
                        "/v1/responses/" + id + "/input_items?limit=2&after="
                                + page1.path("last_id").asText(),
                        gw.admin),
                200);
        assertThat(page2.path("data")).hasSize(1);
        assertThat(page2.path("last_id").asText())
                .isEqualTo(all.at("/data/0/id").asText());
        assertThat(page2.path("has_more").asBoolean()).isFalse();
        assertThat(TestGateway.fields(
                        TestGateway.problem(gw.get("/v1/responses/" + id + "/input_items?limit=101", gw.admin), 400)))
                .contains("limit");
        assertThat(TestGateway.fields(
                        TestGateway.problem(gw.get("/v1/responses/" + id + "/input_items?order=up", gw.admin), 400)))
                .contains("order");
        assertThat(TestGateway.fields(
                        TestGateway.problem(gw.get("/v1/responses/" + id + "/input_items?after=nope", gw.admin), 400)))
                .contains("after");

        // another tenant: the same 404 as an unknown id, for both routes, and nothing is deleted
        HttpResponse<String> theirs = gw.get("/v1/responses/" + id + "/input_items", gw.acme);
        HttpResponse<String> unknown = gw.get("/v1/responses/resp_unknown/input_items", gw.acme);
        assertThat(theirs.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
        assertThat(theirs.body().replace(id, "X")).isEqualTo(unknown.body().replace("resp_unknown", "X"));
        HttpResponse<String> theirDelete = gw.delete("/v1/responses/" + id, gw.acme);
        assertThat(theirDelete.statusCode()).isEqualTo(404);
        assertThat(TestGateway.read(theirDelete.body()).at("/error/message").asText())
                .contains("no stored response");
        assertThat(gw.get("/v1/responses/" + id, gw.admin).statusCode()).isEqualTo(200);

        JsonNode deleted = TestGateway.ok(gw.delete("/v1/responses/" + id, gw.admin), 200);
        assertThat(deleted.toString())
                .isEqualTo("{\"id\":\"" + id + "\",\"object\":\"response.deleted\",\"deleted\":true}");
        assertThat(gw.get("/v1/responses/" + id, gw.admin).statusCode()).isEqualTo(404);
        assertThat(gw.get("/v1/responses/" + id + "/input_items", gw.admin).statusCode())
                .isEqualTo(404);
        assertThat(gw.delete("/v1/responses/" + id, gw.admin).statusCode()).isEqualTo(404);
        assertThat(gw.post("/v1/responses", gw.admin, "{\"input\":\"go on\",\"previous_response_id\":\"" + id + "\"}")
                        .statusCode())
                .isEqualTo(400);
    }
}
