package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ToolChoice;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the client asked for beyond its conversation. The modulated parameters can only be tightened
 * by it: a temperature, top_p or max_tokens above the modulated value is lowered to it (and the audit
 * trace says so), a lower one is kept; a reasoning effort below the modulated one is raised to it.
 * Everything else is the application's own choice and reaches the upstream as asked.
 *
 * <pre>{@code
 * new ClientParams(Optional.of(0.2), Optional.empty(), Optional.of(300));
 * ClientParams.NONE.withToolChoice(ToolChoice.NONE).withStop(List.of("END"))
 *         .withPassThrough(Map.of("seed", IntNode.valueOf(7)));
 * }</pre>
 *
 * @param reasoningEffort the client's reasoning effort in [0, 1] (low 0, medium 0.5, high 1)
 * @param stop the client's stop sequences (the policy's own are added to them)
 * @param toolChoice the client's {@code tool_choice}; absent: {@code auto} when tools are offered
 * @param passThrough fields forwarded unchanged (only names in {@link ChatRequest#PASS_THROUGH})
 */
public record ClientParams(
        Optional<Double> temperature,
        Optional<Double> topP,
        Optional<Integer> maxTokens,
        Optional<Double> reasoningEffort,
        List<String> stop,
        Optional<ToolChoice> toolChoice,
        Map<String, JsonNode> passThrough) {
    /** No client parameters: the modulated ones apply unchanged. */
    public static final ClientParams NONE = new ClientParams(Optional.empty(), Optional.empty(), Optional.empty());

    public ClientParams {
        Checks.nonNull("temperature, topP, maxTokens", temperature, topP, maxTokens);
        Checks.nonNull("reasoningEffort, toolChoice", reasoningEffort, toolChoice);
        stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
        temperature.ifPresent(t -> {
            if (!(t >= 0 && t <= 2)) {
                throw new IllegalArgumentException("temperature must be in [0, 2], but was " + t);
            }
        });
        topP.ifPresent(p -> {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("top_p must be in [0, 1], but was " + p);
            }
        });
        maxTokens.ifPresent(m -> {
            if (m < 1) {
                throw new IllegalArgumentException("max_tokens must be at least 1, but was " + m);
            }
        });
        reasoningEffort.ifPresent(e -> {
            if (!(e >= 0 && e <= 1)) {
                throw new IllegalArgumentException("reasoning effort must be in [0, 1], but was " + e);
            }
        });
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        Objects.requireNonNull(passThrough, "passThrough").forEach((k, v) -> {
            if (!ChatRequest.PASS_THROUGH.contains(k)) {
                throw new IllegalArgumentException("'" + k + "' is not a pass-through field; those are "
                        + ChatRequest.PASS_THROUGH.stream().sorted().toList());
            }
            copy.put(k, Objects.requireNonNull(v, k).deepCopy());
        });
        passThrough = java.util.Collections.unmodifiableMap(copy);
    }

    /** Only the sampling parameters. */
    public ClientParams(Optional<Double> temperature, Optional<Double> topP, Optional<Integer> maxTokens) {
        this(temperature, topP, maxTokens, Optional.empty(), List.of(), Optional.empty(), Map.of());
    }

    public ClientParams withReasoningEffort(double effort) {
        return new ClientParams(temperature, topP, maxTokens, Optional.of(effort), stop, toolChoice, passThrough);
    }

    public ClientParams withStop(List<String> sequences) {
        return new ClientParams(temperature, topP, maxTokens, reasoningEffort, sequences, toolChoice, passThrough);
    }

    public ClientParams withToolChoice(ToolChoice choice) {
        return new ClientParams(temperature, topP, maxTokens, reasoningEffort, stop, Optional.of(choice), passThrough);
    }

    public ClientParams withPassThrough(Map<String, JsonNode> fields) {
        return new ClientParams(temperature, topP, maxTokens, reasoningEffort, stop, toolChoice, fields);
    }
}
