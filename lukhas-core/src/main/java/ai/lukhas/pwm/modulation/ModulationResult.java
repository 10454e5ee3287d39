package ai.lukhas.pwm.modulation;

import java.util.Objects;

/**
 * What {@link Modulator#modulate} returns: the parameters, the prompt style for their safety mode, the
 * trace that explains them and the policy that produced them.
 *
 * <pre>{@code
 * ModulationResult r = modulator.modulate("s1", StyleDeltas.NONE);
 * r.params().safetyMode(); r.promptStyle().preamble(); r.policy().sha256();
 * }</pre>
 */
public record ModulationResult(
        ModulatedParams params, PromptStyle promptStyle, ModulationTrace trace, PolicyInfo policy) {
    public ModulationResult {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(promptStyle, "promptStyle");
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(policy, "policy");
    }
}
