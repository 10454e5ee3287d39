package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A failed moderation names the provider that failed even when the provider cannot name itself: a
 * blank name or a {@code name()} that throws falls back to the provider's class name, and the text
 * is still blocked. Written against the PIT survivor of {@code Moderator.providerName} (docs/quality.md).
 */
class ModerationProviderNameTest {
    /** Down, and its {@code name()} is broken too. */
    static final class NamelessProvider implements ModerationProvider {
        private final boolean nameThrows;

        NamelessProvider(boolean nameThrows) {
            this.nameThrows = nameThrows;
        }

        @Override
        public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
            throw new ModerationUnavailableException("connection refused");
        }

        @Override
        public String name() {
            if (nameThrows) {
                throw new IllegalStateException("no name configured");
            }
            return " ";
        }
    }

    private static ModerationOutcome.ProviderFailed failedWith(ModerationProvider provider) {
        ModerationOutcome outcome =
                Moderator.create(provider).toolOutput("open_url", "fine", ModerationPreset.STANDARD);
        assertThat(outcome.blocked()).isTrue();
        assertThat(outcome).isInstanceOf(ModerationOutcome.ProviderFailed.class);
        return (ModerationOutcome.ProviderFailed) outcome;
    }

    @Test
    void aProviderWhoseNameThrowsIsNamedByItsClassWhenItFails() {
        assertThat(failedWith(new NamelessProvider(true)).provider()).isEqualTo(NamelessProvider.class.getName());
    }

    @Test
    void aProviderWithABlankNameIsNamedByItsClassWhenItFails() {
        assertThat(failedWith(new NamelessProvider(false)).provider()).isEqualTo(NamelessProvider.class.getName());
    }
}
