package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The upstream request body holds each tool's own schema node ({@link FunctionDefinition#schema}),
 * not a copy: building and serializing the body leaves every definition as it was, and the bytes
 * are those of a body holding copies, for both wires.
 */
class WireSchemaSharingTest {
    private static final String SCHEMA = """
            {"type":"object","properties":{"query":{"type":"string","description":"what to look for"},
             "k":{"type":"integer","minimum":1},"tags":{"type":"array","items":{"type":"string"}}},
             "required":["query"],"additionalProperties":false}""";

    @Test
    void aBodyLeavesTheDefinitionsAsTheyWereAndWritesWhatCopiesWrite() throws Exception {
        ObjectNode schema = (ObjectNode) OpenAiWire.JSON.readTree(SCHEMA);
        List<FunctionDefinition> tools = List.of(
                new FunctionDefinition("retrieve_knowledge", "Search the knowledge base.", schema),
                new FunctionDefinition("lookup", "", (ObjectNode) OpenAiWire.JSON.readTree("{\"type\":\"object\"}")));
        ChatRequest request = ChatRequest.builder("gpt-4o-mini")
                .user("find the refund policy")
                .tools(tools)
                .build();
        OpenAiCompatibleConfig config = OpenAiCompatibleConfig.builder(URI.create("http://127.0.0.1:1/v1"))
                .build();
        ProviderErrors errors = new ProviderErrors("test", Optional.empty(), Clock.systemUTC());
        for (UpstreamWire wire : List.of(new OpenAiWire(config, errors), new ResponsesWire(config, errors))) {
            for (boolean stream : new boolean[] {false, true}) {
                ObjectNode body = wire.requestBody(request, stream);
                byte[] shared = OpenAiWire.JSON.writeValueAsBytes(body);
                ObjectNode copied = wire.requestBody(request, stream);
                for (JsonNode tool : copied.path("tools")) {
                    ObjectNode fn = tool.has("function") ? (ObjectNode) tool.get("function") : (ObjectNode) tool;
                    fn.set("parameters", fn.get("parameters").deepCopy());
                }
                assertThat(shared).isEqualTo(OpenAiWire.JSON.writeValueAsBytes(copied));
                assertThat(body.path("tools")).hasSize(2);
                assertThat(tools.get(0).parameters()).isEqualTo(OpenAiWire.JSON.readTree(SCHEMA));
                assertThat(tools.get(1).parameters()).isEqualTo(OpenAiWire.JSON.readTree("{\"type\":\"object\"}"));
            }
        }
    }
}
