package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tenant's ceiling names client functions with client_tools, exact names or * patterns, never by accident. */
class OpenAiRequestsTest {
    private static final GatewayToolNames GATEWAY = new GatewayToolNames(Map.of(
            "retrieval", "retrieval", "retrieve_knowledge", "retrieval", "browser", "browser", "open_url", "browser"));

    @Test
    void aCeilingAdmitsClientFunctionsByClientToolsNameOrPattern() {
        assertThat(OpenAiRequests.admits(List.of("retrieval", "client_tools"), "anything", GATEWAY))
                .isTrue();
        assertThat(OpenAiRequests.admits(List.of("retrieval", "crm_*"), "crm_lookup", GATEWAY))
                .isTrue();
        assertThat(OpenAiRequests.admits(List.of("retrieval", "crm_*"), "erp_lookup", GATEWAY))
                .isFalse();
        assertThat(OpenAiRequests.admits(List.of("*_read"), "orders_read", GATEWAY))
                .isTrue();
        assertThat(OpenAiRequests.admits(List.of("lookup"), "lookup", GATEWAY)).isTrue();
        assertThat(OpenAiRequests.admits(List.of("lookup"), "lookup2", GATEWAY)).isFalse();
        // a regex metacharacter in a pattern is literal
        assertThat(OpenAiRequests.admits(List.of("a.c"), "abc", GATEWAY)).isFalse();
        // gateway tools in the ceiling never admit a client function
        assertThat(OpenAiRequests.admits(List.of("retrieval", "browser"), "retrieval", GATEWAY))
                .isFalse();
    }

    @Test
    void aGatewayToolIsInTheCeilingUnderEitherName() {
        assertThat(GATEWAY.inCeiling(List.of("retrieval"), "retrieve_knowledge"))
                .isTrue();
        assertThat(GATEWAY.inCeiling(List.of("open_url"), "browser")).isTrue();
        assertThat(GATEWAY.inCeiling(List.of("retrieval"), "browser")).isFalse();
        assertThat(GATEWAY.inCeiling(List.of("client_tools"), "nope")).isFalse();
    }
}
