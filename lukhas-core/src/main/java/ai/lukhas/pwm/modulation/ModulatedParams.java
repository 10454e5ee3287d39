package ai.lukhas.pwm.modulation;

import java.util.List;
import java.util.Objects;

/**
 * The bounded model parameters for one request. {@code toolAllowlist} is in the policy's universe
 * order.
 *
 * <pre>{@code
 * ModulatedParams p = modulator.modulate("s1", StyleDeltas.NONE).params();
 * p.temperature(); p.safetyMode(); p.toolAllowlist(); // 0.6, BALANCED, [retrieval, browser, scheduler]
 * }</pre>
 */
public record ModulatedParams(
        double temperature,
        double topP,
        int maxOutputTokens,
        double reasoningEffort,
        int retrievalK,
        int plannerBeam,
        double memoryWrite,
        SafetyMode safetyMode,
        List<String> toolAllowlist) {
    public ModulatedParams {
        requireFinite("temperature", temperature);
        requireFinite("topP", topP);
        requireFinite("reasoningEffort", reasoningEffort);
        requireFinite("memoryWrite", memoryWrite);
        Objects.requireNonNull(safetyMode, "safetyMode");
        toolAllowlist = List.copyOf(toolAllowlist);
    }

    private static void requireFinite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number, but was " + v);
        }
    }
}
