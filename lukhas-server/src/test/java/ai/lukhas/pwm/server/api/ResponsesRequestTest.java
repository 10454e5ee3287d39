package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.responses.StoredResponse;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The translation of a Responses request into the chat completions body the shared reader takes. */
class ResponsesRequestTest {
    private static ObjectNode body(String json) {
        return (ObjectNode) TestGateway.read(json);
    }

    private static ResponsesRequest translate(String json) {
        return ResponsesRequest.translate(body(json), Optional.empty());
    }

    @Test
    void everySupportedFieldLandsWhereTheChatReaderReadsIt() {
        ResponsesRequest q = translate("""
                {"model":"gpt-4o-mini","instructions":"Be brief.","input":"What causes tides?",
                 "tools":[{"type":"function","name":"lookup","description":"d","parameters":{"type":"object"},"strict":true}],
                 "tool_choice":{"type":"function","name":"lookup"},"parallel_tool_calls":false,
                 "max_output_tokens":300,"temperature":0.4,"top_p":0.9,"reasoning":{"effort":"high"},
                 "text":{"format":{"type":"json_schema","name":"answer","schema":{"type":"object"},"strict":true}},
                 "metadata":{"k":"v"},"user":"ann","store":false,"stream":true,
                 "lukhas":{"session_id":"s-1"}}""");
        JsonNode chat = q.chatBody();
        assertThat(chat.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(chat.at("/messages/0/content").asText()).isEqualTo("Be brief.");
        assertThat(chat.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(chat.at("/messages/1/content").asText()).isEqualTo("What causes tides?");
        assertThat(chat.at("/tools/0/function/name").asText()).isEqualTo("lookup");
        assertThat(chat.at("/tools/0/function/strict").asBoolean()).isTrue();
        assertThat(chat.at("/tool_choice/function/name").asText()).isEqualTo("lookup");
        assertThat(chat.path("parallel_tool_calls").asBoolean(true)).isFalse();
        assertThat(chat.path("max_completion_tokens").asInt()).isEqualTo(300);
        assertThat(chat.path("temperature").asDouble()).isEqualTo(0.4);
        assertThat(chat.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(chat.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(chat.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(chat.at("/response_format/json_schema/name").asText()).isEqualTo("answer");
        assertThat(chat.path("user").asText()).isEqualTo("ann");
        assertThat(chat.path("stream").asBoolean()).isTrue();
        assertThat(chat.at("/lukhas/session_id").asText()).isEqualTo("s-1");
        // kept by the gateway, never sent upstream
        assertThat(chat.has("metadata")).isFalse();
        assertThat(chat.has("store")).isFalse();
        assertThat(q.store()).isFalse();
        assertThat(q.echo().at("/metadata/k").asText()).isEqualTo("v");
        assertThat(q.echo().path("instructions").asText()).isEqualTo("Be brief.");
        // instructions are not part of the conversation a continuation inherits
        assertThat(q.items().toString()).doesNotContain("Be brief.");
    }

    @Test
    void anAssistantMessageAndTheCallsAfterItAreOneChatMessage() {
        ResponsesRequest q = translate("""
                {"input":[{"role":"user","content":"hi"},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Checking."}]},
                  {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
                  {"type":"function_call","call_id":"c2","name":"g","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"one"},
                  {"type":"function_call_output","call_id":"c2","output":[{"type":"input_text","text":"two"}]}]}""");
        ArrayNode m = (ArrayNode) q.chatBody().path("messages");
        assertThat(m).hasSize(4);
        assertThat(m.get(1).path("content").asText()).isEqualTo("Checking.");
        assertThat(m.get(1).path("tool_calls")).hasSize(2);
        assertThat(m.get(3).path("tool_call_id").asText()).isEqualTo("c2");
        assertThat(m.get(3).path("content").asText()).isEqualTo("two");
        assertThat(q.origins()).containsExactly("input[0]", "input[1]", "input[4]", "input[5]");
    }

    @Test
    void aContinuationStartsWithThePreviousConversationAndItsOutput() {
        ObjectNode prev = body("""
                {"id":"resp_1","output":[{"type":"function_call","id":"fc_c1","call_id":"c1","name":"f",
                  "arguments":"{}","status":"completed"}]}""");
        ArrayNode items = (ArrayNode) TestGateway.read("[{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}]");
        StoredResponse stored = new StoredResponse(TenantId.of("acme"), "resp_1", Instant.EPOCH, "s-9", prev, items);
        ResponsesRequest q = ResponsesRequest.translate(
                body("{\"input\":[{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":\"done\"}],"
                        + "\"previous_response_id\":\"resp_1\"}"),
                Optional.of(stored));
        ArrayNode m = (ArrayNode) q.chatBody().path("messages");
        assertThat(m).hasSize(3);
        assertThat(m.get(0).path("content").asText()).isEqualTo("hi");
        assertThat(m.get(1).at("/tool_calls/0/id").asText()).isEqualTo("c1");
        assertThat(m.get(2).path("role").asText()).isEqualTo("tool");
        assertThat(q.items()).hasSize(3);
        assertThat(q.origins()).containsExactly("previous_response_id", "previous_response_id", "input[0]");
    }

    @Test
    void chatFieldNamesInAReadersProblemBecomeTheResponsesFields() {
        ResponsesRequest q = translate("{\"instructions\":\"x\",\"input\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ProblemException e = q.rename(new ProblemException(Problem.of(400, "Invalid request", "messages[1].content bad")
                .withErrors(List.of(
                        new Problem.FieldError("messages[1].content", "bad"),
                        new Problem.FieldError("tools[0].function.parameters", "bad"),
                        new Problem.FieldError("max_completion_tokens", "bad")))));
        assertThat(e.problem().detail()).isEqualTo("input[0].content bad");
        assertThat(e.problem().errors())
                .extracting(Problem.FieldError::field)
                .containsExactly("input[0].content", "tools[0].parameters", "max_output_tokens");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"input":"hi","conversation":"c"}                               | conversation
            {"input":"hi","tool_choice":"always"}                           | tool_choice
            {"input":"hi","text":{"format":{"type":"xml"}}}                 | text.format.type
            {"input":"hi","text":{"verbosity":"low"}}                       | text.verbosity
            {"input":"hi","include":["reasoning.encrypted_content"]}        | include
            {"input":"hi","truncation":"auto"}                              | truncation
            {"input":[{"type":"function_call","call_id":"c","name":"f"}]}   | input[0].arguments
            {"input":[{"role":"tool","content":"x"}]}                       | input[0].role
            {"input":42}                                                    | input
            """)
    void unsupportedThingsAreRefusedNamingTheField(String body, String field) {
        assertThatThrownBy(() -> translate(body)).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(
                        e.problem().errors())
                .extracting(Problem.FieldError::field)
                .contains(field));
    }
}
