package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.util.Optional;

/**
 * The result of moderating one text. {@link Flagged} and {@link ProviderFailed} both block: a provider that
 * cannot answer is treated as if it had flagged the text (fail closed).
 *
 * <pre>{@code
 * switch (moderator.toolOutput("open_url", page, preset)) {
 *     case ModerationOutcome.Passed p -> release(page);
 *     case ModerationOutcome.Flagged f -> block(f.verdict().summary());
 *     case ModerationOutcome.ProviderFailed e -> block(e.error());
 * }
 * }</pre>
 */
public sealed interface ModerationOutcome {
    ContentKind kind();

    /** The tool whose output was moderated; present exactly for {@link ContentKind#TOOL_OUTPUT}. */
    Optional<String> tool();

    /** Whether the text must not be released. */
    boolean blocked();

    /** Nothing reached a threshold. */
    record Passed(ContentKind kind, Optional<String> tool, ModerationVerdict verdict) implements ModerationOutcome {
        public Passed {
            Checks.nonNull("kind, tool, verdict", kind, tool, verdict);
            if (verdict.isFlagged()) {
                throw new IllegalArgumentException(
                        "a passed outcome cannot carry flagged categories " + verdict.flagged());
            }
        }

        @Override
        public boolean blocked() {
            return false;
        }
    }

    /** At least one category reached its threshold. */
    record Flagged(ContentKind kind, Optional<String> tool, ModerationVerdict verdict) implements ModerationOutcome {
        public Flagged {
            Checks.nonNull("kind, tool, verdict", kind, tool, verdict);
            if (!verdict.isFlagged()) {
                throw new IllegalArgumentException("a flagged outcome needs at least one flagged category");
            }
        }

        @Override
        public boolean blocked() {
            return true;
        }
    }

    /**
     * The provider could not give a verdict (unreachable, timed out, malformed answer, or a bug in it). Blocks,
     * and the guardian records a {@code provider_error} incident for it.
     */
    record ProviderFailed(ContentKind kind, Optional<String> tool, String provider, String error)
            implements ModerationOutcome {
        public ProviderFailed {
            Checks.nonNull("kind, tool, provider, error", kind, tool, provider, error);
            if (error.isBlank()) {
                throw new IllegalArgumentException("error must say what failed");
            }
        }

        @Override
        public boolean blocked() {
            return true;
        }
    }
}
