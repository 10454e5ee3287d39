package ai.lukhas.pwm.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LutValuesTest {
    /** The issue lists ratings oldest to newest; the formula weighs newest first. */
    private static LutValues fromOldestFirst(Integer... ratings) {
        List<Integer> newestFirst = new ArrayList<>(List.of(ratings));
        Collections.reverse(newestFirst);
        return LutValues.fromRatingsNewestFirst(newestFirst);
    }

    @Test
    void issueExampleSingleFive() {
        LutValues v = fromOldestFirst(5);
        assertThat(v.temperatureDelta()).isCloseTo(0.1, within(1e-6));
        assertThat(v.topPDelta()).isCloseTo(0.1, within(1e-6));
        assertThat(v.memoryWriteBoost()).isCloseTo(0.08, within(1e-6));
        assertThat(v.verbosityBias()).isCloseTo(0.2, within(1e-6));
    }

    @Test
    void issueExampleSingleOne() {
        LutValues v = fromOldestFirst(1);
        assertThat(v.temperatureDelta()).isCloseTo(-0.1, within(1e-6));
        assertThat(v.topPDelta()).isCloseTo(-0.1, within(1e-6));
        assertThat(v.memoryWriteBoost()).isCloseTo(0.0, within(1e-6));
        assertThat(v.verbosityBias()).isCloseTo(-0.2, within(1e-6));
    }

    @Test
    void issueExampleFourFourTwo() {
        LutValues v = fromOldestFirst(4, 4, 2);
        // newest first 2, 4, 4: delta = (-1 + 0.98 + 0.9604) / (1 + 0.98 + 0.9604) = 0.31982...
        assertThat(v.temperatureDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(v.topPDelta()).isCloseTo(0.015991, within(1e-6));
        assertThat(v.memoryWriteBoost()).isCloseTo(0.012793, within(1e-6));
        assertThat(v.verbosityBias()).isCloseTo(0.031982, within(1e-6));
        assertThat(v.cards()).isEqualTo(3);
    }

    @Test
    void noCardsMeansNoChange() {
        assertThat(LutValues.fromRatingsNewestFirst(List.of())).isEqualTo(LutValues.NONE);
    }

    @Test
    void newerCardsWeighMore() {
        assertThat(fromOldestFirst(1, 5).temperatureDelta()).isPositive();
        assertThat(fromOldestFirst(5, 1).temperatureDelta()).isNegative();
    }

    @Property
    void everyDeltaStaysWithinItsBound(@ForAll @Size(max = 300) List<@IntRange(min = 1, max = 5) Integer> ratings) {
        LutValues v = LutValues.fromRatingsNewestFirst(ratings);
        assertThat(Math.abs(v.temperatureDelta())).isLessThanOrEqualTo(0.1);
        assertThat(Math.abs(v.topPDelta())).isLessThanOrEqualTo(0.1);
        assertThat(v.memoryWriteBoost()).isBetween(0.0, 0.2);
        assertThat(Math.abs(v.verbosityBias())).isLessThanOrEqualTo(0.3);
        // the sign follows the ratings: all >= 3 never lowers temperature, all <= 3 never raises it
        if (ratings.stream().allMatch(r -> r >= 3)) {
            assertThat(v.temperatureDelta()).isGreaterThanOrEqualTo(0);
        }
        if (ratings.stream().allMatch(r -> r <= 3)) {
            assertThat(v.temperatureDelta()).isLessThanOrEqualTo(0);
            assertThat(v.memoryWriteBoost()).isZero();
        }
    }
}
