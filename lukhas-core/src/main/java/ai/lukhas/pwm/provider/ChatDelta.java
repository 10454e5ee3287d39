package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of a streamed completion. A stream yields {@link Started} first, then any number of
 * {@link Content} and {@link ToolCallFragment} deltas, then {@link Finished}, and {@link
 * UsageReport} when the upstream reports usage (normally after {@code Finished}).
 *
 * <pre>{@code
 * switch (delta) {
 *     case ChatDelta.Started s -> id = s.id();
 *     case ChatDelta.Content c -> held.append(c.text());
 *     case ChatDelta.ToolCallFragment t -> tools.accept(t);
 *     case ChatDelta.Finished f -> reason = f.reason();
 *     case ChatDelta.UsageReport u -> usage = u.usage();
 * }
 * }</pre>
 */
public sealed interface ChatDelta {
    /** The stream is open: the response id and the model that answers. */
    record Started(String id, String model) implements ChatDelta {
        public Started {
            Checks.notBlank(id, "stream id");
            Checks.notBlank(model, "stream model");
        }
    }

    /** More answer text. */
    record Content(String text) implements ChatDelta {
        public Content {
            Objects.requireNonNull(text, "content delta text must not be null");
        }
    }

    /**
     * A piece of the tool call at {@code index}: the first piece carries its id and name, later
     * pieces append to its arguments text.
     */
    record ToolCallFragment(int index, Optional<String> id, Optional<String> name, String argumentsFragment)
            implements ChatDelta {
        public ToolCallFragment {
            if (index < 0) {
                throw new IllegalArgumentException("tool call delta index must be >= 0, but was " + index);
            }
            Objects.requireNonNull(id, "tool call delta id must not be null (use Optional.empty())");
            Objects.requireNonNull(name, "tool call delta name must not be null (use Optional.empty())");
            Objects.requireNonNull(argumentsFragment, "tool call delta arguments must not be null (use \"\")");
        }
    }

    /** The model stopped, for this reason. */
    record Finished(FinishReason reason) implements ChatDelta {
        public Finished {
            Objects.requireNonNull(reason, "finish reason must not be null");
        }
    }

    /** Token usage of the whole completion. */
    record UsageReport(Usage usage) implements ChatDelta {
        public UsageReport {
            Objects.requireNonNull(usage, "usage must not be null");
        }
    }
}
