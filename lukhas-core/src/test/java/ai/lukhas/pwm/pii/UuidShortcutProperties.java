package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link PiiScanner#mask} returns a UUID (alone or as a {@code s-} session id) without a scan only where
 * the scan finds nothing: checked against {@link PiiScanner#scan} for every text the shortcut takes
 * among random UUIDs, random hex digits in the shape, ids whose groups read as phone or card numbers,
 * and texts one edit away from the shape, for several default phone regions.
 */
class UuidShortcutProperties {
    /** Characters an edit puts in: separators the detectors read, letters, digits. */
    private static final String EDITS = "0123456789abcdef -+./:()@ABCFSGkrxy_\u00a0";

    private static final String HEX = "0123456789abcdef";

    private static void assertSoundFor(String text) {
        ShortcutChecks.assertSoundFor(PiiScanner::isUuidId, text);
    }

    /** A UUID's shape with digits mostly, so its groups often read as phone and card numbers. */
    private static String randomShape(Random r) {
        StringBuilder b = new StringBuilder(r.nextBoolean() ? "s-" : "");
        String shape = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
        boolean digitsOnly = r.nextInt(3) > 0;
        for (int i = 0; i < shape.length(); i++) {
            b.append(shape.charAt(i) == '-' ? '-' : HEX.charAt(r.nextInt(digitsOnly ? 10 : 16)));
        }
        return b.toString();
    }

    @Property(tries = 500)
    void sessionIdsAreTakenAndHoldNothing(@ForAll long hi, @ForAll long lo) {
        String id = "s-" + new UUID(hi, lo);
        assertThat(PiiScanner.isUuidId(id)).as(id).isTrue();
        assertSoundFor(id);
        String bare = UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        assertThat(PiiScanner.isUuidId(bare)).as(bare).isTrue();
        assertSoundFor(bare);
    }

    @Property(tries = 300)
    void anyHexInTheShapeHoldsNothing(@ForAll long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < 20; i++) {
            String text = randomShape(r);
            assertThat(PiiScanner.isUuidId(text)).as(text).isTrue();
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
        for (String text : List.of(
                "s-62954117-45f6-4a2b-9c3d-222200001012",
                "S-62954117-45f6-4a2b-9c3d-222200001012",
                "x-62954117-45f6-4a2b-9c3d-222200001012",
                "62954117 45f6 4a2b 9c3d 222200001012",
                "62954117-45F6-4A2B-9C3D-222200001012",
                "s-62954117-45f6-4a2b-9c3d-22220000101",
                "s-62954117-45f6-4a2b-9c3d-2222000010123")) {
            assertThat(PiiScanner.isUuidId(text))
                    .as(text)
                    .isEqualTo(text.equals("s-62954117-45f6-4a2b-9c3d-222200001012"));
        }
        // and a scan does find what the shortcut's shape rules out: the groups without the id's dashes
        assertThat(PiiScanner.standard().mask("call 629 541 1745 now")).isEqualTo("call [REDACTED:PHONE] now");
    }
}
