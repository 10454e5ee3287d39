package ai.lukhas.pwm.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.modulation.ModulatedParams;

/**
 * Safety invariant 2, feedback changes style only, as one assertion shared by the modulator's, the
 * feedback service's and the pipeline's property tests.
 */
public final class StyleOnly {
    private StyleOnly() {}

    /**
     * Feedback may move temperature, top_p and memory_write; every other parameter of {@code with} (the
     * parameters with feedback) equals {@code without}'s. {@code where} names the case in a failure.
     */
    public static void assertSameExceptStyle(ModulatedParams with, ModulatedParams without, String where) {
        assertThat(with.safetyMode()).as(where + ": safety_mode").isEqualTo(without.safetyMode());
        assertThat(with.toolAllowlist()).as(where + ": tool_allowlist").isEqualTo(without.toolAllowlist());
        assertThat(with.maxOutputTokens()).as(where + ": max_output_tokens").isEqualTo(without.maxOutputTokens());
        assertThat(with.reasoningEffort()).as(where + ": reasoning_effort").isEqualTo(without.reasoningEffort());
        assertThat(with.retrievalK()).as(where + ": retrieval_k").isEqualTo(without.retrievalK());
        assertThat(with.plannerBeam()).as(where + ": planner_beam").isEqualTo(without.plannerBeam());
    }
}
