package ai.lukhas.pwm.feedback;

import java.util.List;

/**
 * The four style deltas of the LUT, computed from ratings newest first: weight wᵢ = 0.98^i,
 * delta = Σ(rᵢ − 3)·wᵢ / Σwᵢ (0 with no ratings), then
 * temperature_delta = clamp(0.05·delta, ±0.1), top_p_delta = clamp(0.05·delta, ±0.1),
 * memory_write_boost = clamp(0.04·max(0, delta), 0, 0.2), verbosity_bias = clamp(0.1·delta, ±0.3).
 *
 * <pre>{@code LutValues.fromRatingsNewestFirst(List.of(2, 4, 4)).temperatureDelta(); // 0.015991...}</pre>
 */
public record LutValues(
        double temperatureDelta, double topPDelta, double memoryWriteBoost, double verbosityBias, int cards) {
    public static final double DECAY = 0.98;
    public static final double MAX_TEMPERATURE_DELTA = 0.1;
    public static final double MAX_TOP_P_DELTA = 0.1;
    public static final double MAX_MEMORY_WRITE_BOOST = 0.2;
    public static final double MAX_VERBOSITY_BIAS = 0.3;

    public static final LutValues NONE = new LutValues(0, 0, 0, 0, 0);

    public LutValues {
        within("temperatureDelta", temperatureDelta, -MAX_TEMPERATURE_DELTA, MAX_TEMPERATURE_DELTA);
        within("topPDelta", topPDelta, -MAX_TOP_P_DELTA, MAX_TOP_P_DELTA);
        within("memoryWriteBoost", memoryWriteBoost, 0, MAX_MEMORY_WRITE_BOOST);
        within("verbosityBias", verbosityBias, -MAX_VERBOSITY_BIAS, MAX_VERBOSITY_BIAS);
        if (cards < 0) {
            throw new IllegalArgumentException("cards must be >= 0, but was " + cards);
        }
    }

    /** The LUT for {@code ratings}, newest first (each 1..5). */
    public static LutValues fromRatingsNewestFirst(List<Integer> ratings) {
        double weighted = 0;
        double weights = 0;
        double w = 1; // DECAY^i by repeated multiplication: within 1e-13 of Math.pow for i < 100000
        for (int i = 0; i < ratings.size(); i++) {
            int r = ratings.get(i);
            if (r < FeedbackCard.MIN_RATING || r > FeedbackCard.MAX_RATING) {
                throw new IllegalArgumentException("ratings[" + i + "] must be 1..5, but was " + r);
            }
            weighted += (r - 3) * w;
            weights += w;
            w *= DECAY;
        }
        double delta = weights == 0 ? 0 : weighted / weights;
        return new LutValues(
                clamp(0.05 * delta, -MAX_TEMPERATURE_DELTA, MAX_TEMPERATURE_DELTA),
                clamp(0.05 * delta, -MAX_TOP_P_DELTA, MAX_TOP_P_DELTA),
                clamp(0.04 * Math.max(0, delta), 0, MAX_MEMORY_WRITE_BOOST),
                clamp(0.1 * delta, -MAX_VERBOSITY_BIAS, MAX_VERBOSITY_BIAS),
                ratings.size());
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static void within(String field, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], but was " + v);
        }
    }
}
