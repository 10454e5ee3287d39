package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalModerationProvider#normalise} with its ASCII fast path (no NFKC check, lower-cased in the
 * same pass) gives what the general path gives: NFKC, invisible characters dropped, white space runs as
 * one space, curly quotes straight, then {@link String#toLowerCase(Locale)} of the whole.
 */
class NormaliseProperties {
    /** The general path: NFKC, then the text lower-cased as a whole. */
    private static String reference(String raw) {
        return LocalModerationProvider.normalise(raw, false);
    }

    @Property(tries = 2000)
    void theFastPathGivesTheGeneralPathsText(@ForAll("texts") String raw) {
        assertThat(LocalModerationProvider.normalise(raw)).isEqualTo(reference(raw));
    }

    /** The variants as they were made before the ASCII bytes path: every transform over strings. */
    private static List<String> variantsAsBefore(String raw) {
        List<String> variants = new ArrayList<>(4);
        String normal = LocalModerationProvider.normalise(raw, false);
        variants.add(normal);
        String joined = Obfuscation.joinSpelledOut(raw);
        String collapsed = Obfuscation.collapseRepeats(
                Obfuscation.foldHomoglyphs(joined == raw ? normal : LocalModerationProvider.normalise(joined, false)));
        String deobfuscated = LocalModerationProvider.undoLeet(collapsed);
        if (!collapsed.equals(normal)) {
            variants.add(collapsed);
        }
        if (!deobfuscated.equals(collapsed)) {
            variants.add(deobfuscated);
        }
        for (String decoded : Obfuscation.decodeBase64(raw)) {
            variants.add(LocalModerationProvider.normalise(decoded, false));
        }
        String smuggled = LocalModerationProvider.decodeTagCharacters(raw);
        if (!smuggled.isEmpty()) {
            variants.add(LocalModerationProvider.normalise(smuggled, false));
        }
        return variants;
    }

    @Property(tries = 3000)
    void theVariantsAreTheTransformsOfTheText(@ForAll("disguised") String raw) {
        assertThat(LocalModerationProvider.variants(raw)).isEqualTo(variantsAsBefore(raw));
    }

    /**
     * The last difference of the leetspeak variant that {@link LocalModerationProvider#texts} gives without
     * comparing (the last character undone in the ASCII bytes) is {@link LocalModerationProvider#lastDifference}
     * of that variant and the one before it, which {@code moderate} compared before; and every other variant's
     * is left to be compared.
     */
    @Property(tries = 3000)
    void theKnownLastDifferenceIsTheComparedOne(@ForAll("disguised") String raw) {
        LocalModerationProvider.Texts texts = LocalModerationProvider.texts(raw);
        assertThat(texts.list()).isEqualTo(LocalModerationProvider.variants(raw));
        int known = texts.known();
        if (known < 0) {
            return;
        }
        assertThat(known).isPositive();
        assertThat(texts.knownDifference())
                .as(raw)
                .isEqualTo(LocalModerationProvider.lastDifference(
                        texts.list().get(known - 1), texts.list().get(known)));
    }

    @Provide
    Arbitrary<String> disguised() {
        return Arbitraries.oneOf(
                texts(),
                Arbitraries.strings()
                        .withChars("aAkKiIlLsS013457@$!|? .-_*\tXx")
                        .ofMaxLength(40),
                Arbitraries.strings().withChars("kiIlL ?éі").ofMaxLength(20),
                // base64 blobs of short texts with a space (12 bytes: exactly the shortest blob read)
                Arbitraries.strings()
                        .withChars("abc XYZ")
                        .ofMinLength(10)
                        .ofMaxLength(14)
                        .map(t -> "see "
                                + java.util.Base64.getEncoder()
                                        .withoutPadding()
                                        .encodeToString((t + " k").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                + " now"),
                Arbitraries.of(
                        "Hi! I ordered two paperback copies",
                        "k i l l  y o u",
                        "KIIILL him!",
                        "a?b",
                        "wh? r u",
                        "aGVsbG8gd29ybGQgdGhlcmU= hi"));
    }

    @Test
    void casesWhereLowerCasingDependsOnMoreThanTheCharacter() {
        for (String raw : new String[] {
            "HELLO World\t\tAgain ", "ΟΔΟΣ ΟΔΟΣ", "İSTANBUL Ok", "ＫＩＬＬ You", "Ǆ ǅ", "A\u200BB\u00ADC", "“QUOTED” ‘X’"
        }) {
            assertThat(LocalModerationProvider.normalise(raw)).as(raw).isEqualTo(reference(raw));
        }
        assertThat(LocalModerationProvider.normalise("ΟΔΟΣ ok")).isEqualTo("οδος ok");
        assertThat(LocalModerationProvider.normalise("ΟΔΟΣ")).isEqualTo("ΟΔΟΣ".toLowerCase(Locale.ROOT));
        assertThat(LocalModerationProvider.normalise("İ")).isEqualTo("İ".toLowerCase(Locale.ROOT));
        assertThat(LocalModerationProvider.normalise("ＫＩＬＬ\u200B ME")).isEqualTo("kill me");
        assertThat(LocalModerationProvider.normalise("  Hi!\n\nHOW  are you ")).isEqualTo("hi! how are you");
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings()
                        .withChars("AZaz@[`{ \t\n\r\u000B\fΣΟİǅＫ\u200B\u00AD\u2019\u201C½é")
                        .ofMaxLength(30));
    }
}
