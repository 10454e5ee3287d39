package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;

/** The contract over HTTP against a local server that speaks only the Responses API and answers like the offline provider. */
class ResponsesProviderContractTest extends FakeUpstreamContract {
    ResponsesProviderContractTest() {
        super(OfflineWire.responsesReply(), UpstreamApi.RESPONSES);
    }

    @AfterEach
    void assertOnlyResponsesWasCalled() {
        upstream.received.forEach(r -> assertThat(r.path()).isEqualTo("/v1/responses"));
    }
}
