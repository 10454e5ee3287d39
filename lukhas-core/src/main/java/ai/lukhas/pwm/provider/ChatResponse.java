package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * One completed model answer: the upstream id, the model that actually answered (the offline
 * provider always says {@code "lukhas-offline"}), the assistant message, why it stopped, and the
 * token usage when the upstream reported it.
 *
 * <pre>{@code
 * ChatResponse r = provider.complete(request);
 * if (r.message().hasToolCalls()) { ... } else { r.message().content().orElse(""); }
 * }</pre>
 */
public record ChatResponse(
        String id, String model, AssistantMessage message, FinishReason finishReason, Optional<Usage> usage) {
    public ChatResponse {
        Checks.notBlank(id, "response id");
        Checks.notBlank(model, "response model");
        Objects.requireNonNull(message, "response message must not be null");
        Objects.requireNonNull(finishReason, "response finishReason must not be null");
        Objects.requireNonNull(usage, "response usage must not be null (use Optional.empty())");
    }
}
