package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.pipeline.ClientParams;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Exchange;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client's parameters as {@link ChatRequestReader} reads them into one {@link ClientParams}:
 * every component from the body, the same record the chain of {@code with…} copies made.
 */
class ChatRequestReaderParamsTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** An exchange with no headers; the reader asks for nothing else. */
    private static final Exchange NO_HEADERS = (Exchange) Proxy.newProxyInstance(
            Exchange.class.getClassLoader(), new Class<?>[] {Exchange.class}, (proxy, method, args) -> {
                if (method.getName().equals("header") && method.getParameterCount() == 1) {
                    return Optional.empty();
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private static ClientParams read(String json) throws Exception {
        ChatRequestReader reader =
                new ChatRequestReader(List.of("stress"), tenant -> List.of(), new GatewayToolNames(Map.of()), Set.of());
        return reader.read(NO_HEADERS, (ObjectNode) M.readTree(json), new Principal("key_1", Role.CLIENT, "default"))
                .request()
                .params();
    }

    @Test
    void everyParameterOfTheBodyIsInTheRecord() throws Exception {
        ClientParams p = read("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],
                 "temperature":0.25,"top_p":0.5,"max_tokens":300,"max_completion_tokens":200,
                 "reasoning_effort":"medium","stop":["END","STOP"],"tool_choice":"none","seed":7,"user":"u-1"}""");
        ClientParams chained = new ClientParams(Optional.of(0.25), Optional.of(0.5), Optional.of(200))
                .withStop(List.of("END", "STOP"))
                .withPassThrough(Map.of(
                        "seed",
                        M.readTree("7"),
                        "user",
                        M.readTree("\"u-1\""),
                        "reasoning_effort",
                        M.readTree("\"medium\"")))
                .withReasoningEffort(0.5)
                .withToolChoice(p.toolChoice().orElseThrow());
        assertThat(p.temperature()).contains(0.25);
        assertThat(p.topP()).contains(0.5);
        assertThat(p.maxTokens()).contains(200);
        assertThat(p.reasoningEffort()).contains(0.5);
        assertThat(p.stop()).containsExactly("END", "STOP");
        assertThat(p.toolChoice()).isPresent();
        assertThat(p.passThrough()).containsOnlyKeys("seed", "user", "reasoning_effort");
        assertThat(p).isEqualTo(chained);
    }

    @Test
    void aBodyWithoutParametersHasNone() throws Exception {
        ClientParams p = read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(p).isEqualTo(new ClientParams(Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(p).isEqualTo(ClientParams.NONE);
    }
}
