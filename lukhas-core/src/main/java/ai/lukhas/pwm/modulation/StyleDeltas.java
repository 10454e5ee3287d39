package ai.lukhas.pwm.modulation;

/**
 * Style adjustments from feedback, added before the safety caps and bounds, so they can never relax
 * a cap, and touching only temperature, top_p and memory_write (never safety_mode, tools or tokens).
 *
 * <pre>{@code
 * modulator.modulate("s1", new StyleDeltas(-0.05, 0.0, 0.1));
 * }</pre>
 */
public record StyleDeltas(double temperatureDelta, double topPDelta, double memoryWriteBoost) {
    /** No adjustment. */
    public static final StyleDeltas NONE = new StyleDeltas(0, 0, 0);

    public StyleDeltas {
        requireFinite("temperatureDelta", temperatureDelta);
        requireFinite("topPDelta", topPDelta);
        requireFinite("memoryWriteBoost", memoryWriteBoost);
    }

    private static void requireFinite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be a finite number, but was " + v);
        }
    }
}
