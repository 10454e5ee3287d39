package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;

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
        Checks.nonNull("params, promptStyle, trace, policy", params, promptStyle, trace, policy);
    }
}
