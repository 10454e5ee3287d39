package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.ToolDefinition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat request as the pipeline receives it after authentication.
 *
 * <pre>{@code
 * new GovernedRequest(caller, "s-1", "u-9", List.of(new UserMessage("hello")), List.of(),
 *         Optional.empty(), ClientParams.NONE, List.of(), Optional.empty());
 * }</pre>
 *
 * @param signals live context signals to record in the session before modulating
 * @param toolAllowlist the request's own tool allowlist (absent: this layer does not narrow)
 * @param clientTools functions the application defined and runs itself; governed like any tool
 * @param model the model to ask for (absent: the pipeline's default model)
 * @param memory memories proposed during the request (see {@link MemoryProposal}); at most 16
 */
public record GovernedRequest(
        Caller caller,
        String sessionId,
        String userId,
        List<ChatMessage> messages,
        List<SignalInput> signals,
        Optional<List<String>> toolAllowlist,
        ClientParams params,
        List<ToolDefinition> clientTools,
        Optional<String> model,
        List<MemoryProposal> memory) {

    /** The most memory proposals one request may carry. */
    public static final int MAX_MEMORY_PROPOSALS = 16;

    public GovernedRequest {
        Objects.requireNonNull(caller, "caller");
        Checks.notBlank(sessionId, "sessionId");
        Checks.notBlank(userId, "userId");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must hold at least one message, but was empty");
        }
        signals = List.copyOf(Objects.requireNonNull(signals, "signals"));
        toolAllowlist = Objects.requireNonNull(toolAllowlist, "toolAllowlist").map(List::copyOf);
        Objects.requireNonNull(params, "params");
        clientTools = List.copyOf(Objects.requireNonNull(clientTools, "clientTools"));
        Objects.requireNonNull(model, "model");
        model.ifPresent(m -> Checks.notBlank(m, "model"));
        memory = List.copyOf(Objects.requireNonNull(memory, "memory"));
        if (memory.size() > MAX_MEMORY_PROPOSALS) {
            throw new IllegalArgumentException(
                    "memory must hold at most " + MAX_MEMORY_PROPOSALS + " proposals, but held " + memory.size());
        }
    }

    /** A request proposing no memories. */
    public GovernedRequest(
            Caller caller,
            String sessionId,
            String userId,
            List<ChatMessage> messages,
            List<SignalInput> signals,
            Optional<List<String>> toolAllowlist,
            ClientParams params,
            List<ToolDefinition> clientTools,
            Optional<String> model) {
        this(caller, sessionId, userId, messages, signals, toolAllowlist, params, clientTools, model, List.of());
    }
}
