package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode read(String s) throws Exception {
        return json.readTree(s.replace('\'', '"'));
    }

    @Test
    void parsesEveryRoleAsTheOfficialSdksSendThem() throws Exception {
        List<ChatMessage> msgs = OpenAiJson.parseMessages(read("["
                + "{'role':'developer','content':'be brief'},"
                + "{'role':'user','content':[{'type':'text','text':'hi'},{'type':'text','text':'there'}],'name':'ann'},"
                + "{'role':'assistant','content':null,'refusal':null,'tool_calls':[{'id':'c1','type':'function',"
                + "'function':{'name':'retrieve_knowledge','arguments':'{\\'query\\':\\'x\\'}'}}]},"
                + "{'role':'tool','tool_call_id':'c1','content':'found'}]"));
        assertThat(msgs)
                .containsExactly(
                        new SystemMessage("be brief"),
                        new UserMessage("hi\nthere"),
                        AssistantMessage.toolCalls(
                                List.of(new FunctionCall("c1", "retrieve_knowledge", "{\"query\":\"x\"}"))),
                        new ToolMessage("c1", "found"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{'messages':[]} | messages | non-empty array",
                "{'messages':[{'role':'bot','content':'x'}]} | messages[0].role | 'bot'",
                "{'messages':[{'role':'user'}]} | messages[0].content | is required",
                "{'messages':[{'role':'user','content':7}]} | messages[0].content | string or an array",
                "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{}}]}]} | messages[0].content[0].type | 'image_url'",
                "{'messages':[{'role':'tool','content':'x'}]} | messages[0].tool_call_id | is required",
                "{'messages':[{'role':'assistant'}]} | messages[0] | content or tool_calls",
                "{'messages':[{'role':'assistant','tool_calls':[{'id':'c','function':{}}]}]} | messages[0].tool_calls[0].function.name | is required",
            })
    void refusesBadMessagesNamingThePath(String body, String field, String detail) throws Exception {
        assertThatThrownBy(() -> OpenAiJson.parseMessages(read(body).path("messages")))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.problem()).contains(detail);
                });
    }

    @Test
    void parsesFunctionToolsAndRefusesOthers() throws Exception {
        List<FunctionDefinition> tools = OpenAiJson.parseTools(read(
                "[{'type':'function','function':{'name':'lookup','parameters':{'type':'object','properties':{'q':{'type':'string'}}}}},"
                        + "{'type':'function','function':{'name':'ping'}}]"));
        assertThat(tools).extracting(FunctionDefinition::name).containsExactly("lookup", "ping");
        assertThat(tools.get(1).parameters().path("type").asText()).isEqualTo("object");
        assertThat(OpenAiJson.parseTools(json.missingNode())).isEmpty();
        assertThatThrownBy(() -> OpenAiJson.parseTools(read("[{'type':'web_search'}]")))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.field()).isEqualTo("tools[0].type"));
        assertThatThrownBy(() -> OpenAiJson.parseTools(read("[{'type':'function','function':{'name':'bad name'}}]")))
                .isInstanceOfSatisfying(
                        WireFormatException.class, e -> assertThat(e.field()).isEqualTo("tools[0].function.name"));
    }

    @Test
    void rendersACompletionInTheWireShape() {
        ChatResponse r = new ChatResponse(
                "chatcmpl-1",
                "lukhas-offline",
                new AssistantMessage(Optional.of("hello"), List.of(new FunctionCall("c1", "ping", "{}"))),
                FinishReason.TOOL_CALLS,
                Optional.of(new Usage(3, 2, 5)));
        JsonNode c = OpenAiJson.completion(r, 1700000000L);
        assertThat(c.path("object").asText()).isEqualTo("chat.completion");
        assertThat(c.path("created").asLong()).isEqualTo(1700000000L);
        JsonNode choice = c.path("choices").path(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("hello");
        assertThat(choice.path("message")
                        .path("tool_calls")
                        .path(0)
                        .path("function")
                        .path("name")
                        .asText())
                .isEqualTo("ping");
        assertThat(c.path("usage").path("total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void rendersEveryKindOfStreamDelta() {
        JsonNode start = OpenAiJson.chunk("id", "m", 1, new ChatDelta.Started("id", "m"));
        assertThat(start.path("choices").path(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        JsonNode text = OpenAiJson.chunk("id", "m", 1, new ChatDelta.Content("Hel"));
        assertThat(text.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(text.path("choices").path(0).path("delta").path("content").asText())
                .isEqualTo("Hel");
        JsonNode tool = OpenAiJson.chunk(
                "id", "m", 1, new ChatDelta.ToolCallFragment(0, Optional.of("c1"), Optional.of("ping"), "{"));
        JsonNode call =
                tool.path("choices").path(0).path("delta").path("tool_calls").path(0);
        assertThat(call.path("id").asText()).isEqualTo("c1");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{");
        JsonNode fin = OpenAiJson.chunk("id", "m", 1, new ChatDelta.Finished(FinishReason.CONTENT_FILTER));
        assertThat(fin.path("choices").path(0).path("finish_reason").asText()).isEqualTo("content_filter");
        JsonNode usage = OpenAiJson.chunk("id", "m", 1, new ChatDelta.UsageReport(new Usage(1, 1, 2)));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void aRenderedMessageParsesBackToItself() throws Exception {
        List<ChatMessage> original = List.of(
                new SystemMessage("s"),
                new UserMessage("u"),
                new AssistantMessage(Optional.of("a"), List.of(new FunctionCall("c1", "t", "{\"k\":1}"))),
                new ToolMessage("c1", "r"));
        var array = json.createArrayNode();
        original.forEach(m -> array.add(OpenAiJson.message(m)));
        assertThat(OpenAiJson.parseMessages(array)).isEqualTo(original);
    }
}
