package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModerationProviderExceptionTest {
    private static final ModerationRequest REQUEST =
            new ModerationRequest(ContentKind.USER_INPUT, Optional.empty(), "hello", ModerationPreset.STANDARD);

    private static ModerationProvider failing(String name, ModerationProviderException e) {
        return new ModerationProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
                throw e;
            }
        };
    }

    @Test
    void aCombinedProviderNamesTheFailingOneAndKeepsWhetherARetryHelps() {
        ModerationProviderException unavailable = new ModerationUnavailableException("connect timed out");
        ModerationProviderException failed = new ModerationFailedException("HTTP 401: bad key");

        assertThat(catchThrowable(() -> ModerationProvider.combined(List.of(failing("remote", unavailable)))
                        .moderate(REQUEST)))
                .isInstanceOf(ModerationUnavailableException.class)
                .hasMessage("remote: connect timed out")
                .hasCause(unavailable);
        assertThat(catchThrowable(() -> ModerationProvider.combined(List.of(failing("remote", failed)))
                        .moderate(REQUEST)))
                .isInstanceOf(ModerationFailedException.class)
                .hasMessage("remote: HTTP 401: bad key");

        ModerationOutcome outcome = Moderator.create(
                        ModerationProvider.combined(List.of(failing("remote", unavailable))))
                .userInput("hello", ModerationPreset.STANDARD);
        assertThat(outcome).isInstanceOf(ModerationOutcome.ProviderFailed.class);
        assertThat(outcome.blocked()).isTrue();
    }

    @Test
    void upstreamStatusesAreMappedInOnePlace() {
        assertThat(ModerationProviderException.forStatus(429, "m").retriable()).isTrue();
        assertThat(ModerationProviderException.forStatus(502, "m").retriable()).isTrue();
        assertThat(ModerationProviderException.forStatus(408, "m").retriable()).isTrue();
        assertThat(ModerationProviderException.forStatus(401, "m").retriable()).isFalse();
        assertThat(ModerationProviderException.forStatus(400, "m"))
                .isInstanceOf(ModerationFailedException.class)
                .hasMessage("m");
    }
}
