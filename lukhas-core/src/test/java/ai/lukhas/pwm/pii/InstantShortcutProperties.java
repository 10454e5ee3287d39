package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@link PiiScanner#mask} returns a text of an instant's shape without a scan only where the scan finds
 * nothing: checked against {@link PiiScanner#scan} for every text the shortcut takes among random
 * instants, random digits in the shape (months and hours out of range included) and texts one edit
 * away from the shape, for several default phone regions.
 */
class InstantShortcutProperties {
    /** Characters an edit puts in: separators the detectors read, letters, digits. */
    private static final String EDITS = "0123456789 -+./:()@TZAKsk_\u00a0";

    private static void assertSoundFor(String text) {
        ShortcutChecks.assertSoundFor(PiiScanner::isInstantOfMillis, text);
    }

    private static String randomShape(Random r) {
        StringBuilder b = new StringBuilder("DDDD-DD-DDTDD:DD:DD");
        if (r.nextBoolean()) {
            b.append(".DDD");
        }
        b.append('Z');
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) == 'D') {
                b.setCharAt(i, (char) ('0' + r.nextInt(10)));
            }
        }
        return b.toString();
    }

    @Property(tries = 300)
    void instantsAreTakenAndHoldNothing(
            @ForAll @LongRange(min = -62_167_219_200_000L, max = 253_402_300_799_999L) long millis) {
        Instant at = Instant.ofEpochMilli(millis);
        String text = at.toString();
        assertThat(PiiScanner.isInstantOfMillis(text)).as(text).isTrue();
        assertSoundFor(text);
        String seconds = at.truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(PiiScanner.isInstantOfMillis(seconds)).as(seconds).isTrue();
        assertSoundFor(seconds);
    }

    @Property(tries = 300)
    void anyDigitsInTheShapeHoldNothing(@ForAll long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 20; i++) {
            String text = randomShape(r);
            assertThat(PiiScanner.isInstantOfMillis(text)).as(text).isTrue();
            assertSoundFor(text);
        }
    }

    @Property(tries = 300)
    void textsOneEditAwayAreTakenOnlyWhenTheyHoldNothing(@ForAll long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 50; i++) {
            assertSoundFor(ShortcutChecks.oneEdit(r, randomShape(r), EDITS));
        }
    }

    @Test
    void otherShapesAreScanned() {
        // finer fractions (a phone window of 8+ digits), a space for T, a longer year, an offset
        for (String text : List.of(
                "2026-12-04T20:06:29.421123Z",
                "2026-12-04T20:06:29.421123456Z",
                "2026-12-04 20:06:29.421Z",
                "+12026-12-04T20:06:29.421Z",
                "2026-12-04T20:06:29.421+01:00",
                "2026-12-04T20:06:29,421Z",
                "2026-12-04T20:06:29.4Z")) {
            assertThat(PiiScanner.isInstantOfMillis(text)).as(text).isFalse();
        }
        // and a scan does find what the shortcut's shape rules out: a date and time read as a phone
        assertThat(PiiScanner.standard().mask("2026-12-04 20")).isEqualTo("[REDACTED:PHONE]");
    }
}
