package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * What {@link InstantShortcutProperties} and {@link UuidShortcutProperties} share: a text {@link PiiScanner#mask}
 * returns without a scan must be one the scan finds nothing in, for several default phone regions; and texts
 * one edit away from a shape.
 */
final class ShortcutChecks {
    private static final List<PiiScanner> SCANNERS = List.of(
            PiiScanner.standard(),
            PiiScanner.forPhoneRegion("GB"),
            PiiScanner.forPhoneRegion("DE"),
            PiiScanner.forPhoneRegion("IN"),
            PiiScanner.forPhoneRegion("BR"));

    private ShortcutChecks() {}

    /** When {@code shortcut} takes {@code text}, every scanner finds nothing in it and masks nothing. */
    static void assertSoundFor(Predicate<String> shortcut, String text) {
        if (!shortcut.test(text)) {
            return;
        }
        for (PiiScanner pii : SCANNERS) {
            assertThat(pii.scan(text)).as("%s", text).isEmpty();
            assertThat(pii.mask(text)).isSameAs(text);
        }
    }

    /** {@code text} with one character of {@code edits} inserted, put in place of another, or one deleted. */
    static String oneEdit(Random r, String text, String edits) {
        StringBuilder b = new StringBuilder(text);
        int at = r.nextInt(b.length() + 1);
        char c = edits.charAt(r.nextInt(edits.length()));
        switch (r.nextInt(3)) {
            case 0 -> b.insert(at, c);
            case 1 -> b.setCharAt(Math.min(at, b.length() - 1), c);
            default -> b.deleteCharAt(Math.min(at, b.length() - 1));
        }
        return b.toString();
    }
}
