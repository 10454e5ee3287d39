package ai.lukhas.pwm.pipeline;

/**
 * How the modulated {@code memory_write} gates memory writes. The policy treats memory_write as
 * eagerness to remember (novelty, trust and positive feedback raise it; tightening lowers it), so
 * the consensus strength a write needs is {@code 1 − memory_write}: an eager context accepts weaker
 * consensus, a tightened one demands stronger.
 *
 * <p>A strength reaches the requirement when {@code strength >= required − EPSILON}. The tolerance
 * only absorbs rounding in the two computations ({@code 1 − 0.7} is {@code 0.30000000000000004}); it
 * is far below any difference a colony can produce.
 *
 * <pre>{@code
 * MemoryWriteRule rule = new MemoryWriteRule(0.4);  // the default policy
 * rule.requiredStrength();                          // 0.6
 * rule.admits(0.875);                               // true
 * }</pre>
 *
 * @param memoryWrite the request's modulated memory_write (after client tightening)
 */
record MemoryWriteRule(double memoryWrite) {
    /** The rounding tolerance of {@link #admits(double)}. */
    static final double EPSILON = 1e-9;

    MemoryWriteRule {
        if (!Double.isFinite(memoryWrite)) {
            throw new IllegalArgumentException("memory_write must be a finite number, but was " + memoryWrite);
        }
    }

    /** The least consensus strength a decision to store needs: {@code 1 − memory_write}. */
    double requiredStrength() {
        return 1.0 - memoryWrite;
    }

    /** True when {@code strength} reaches {@link #requiredStrength()} (within {@link #EPSILON}). */
    boolean admits(double strength) {
        return strength >= requiredStrength() - EPSILON;
    }
}
