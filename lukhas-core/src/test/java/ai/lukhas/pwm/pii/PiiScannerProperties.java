package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class PiiScannerProperties {
    private final PiiScanner pii = PiiScanner.standard();

    @Property
    void scanningArbitraryTextNeverThrowsAndFindingsAreOrderedDisjointAndInBounds(@ForAll String text) {
        List<PiiFinding> findings = pii.scan(text);
        int lastEnd = 0;
        for (PiiFinding f : findings) {
            assertThat(f.start()).isGreaterThanOrEqualTo(lastEnd);
            assertThat(f.end()).isLessThanOrEqualTo(text.length());
            lastEnd = f.end();
        }
    }

    @Property(tries = 500)
    void aSecretOrPersonalValueEmbeddedAnywhereNeverSurvivesMasking(
            @ForAll("filler") String before, @ForAll("sensitive") String value, @ForAll("filler") String after) {
        String masked = pii.mask(before + " " + value + " " + after);
        assertThat(masked).doesNotContain(value);
    }

    /**
     * A UUID is an id, never a card or a phone number, however many of its hex digits are decimal: the
     * audit masks every value it stores, so an incident's or a request's own id would otherwise be
     * masked now and then (a random UUID's first groups pass the card checks about once in 10^5).
     */
    @Property(tries = 2000)
    void aUuidIsNeverACardOrAPhoneNumber(
            @ForAll("filler") String before, @ForAll("digitHeavyUuid") String uuid, @ForAll("filler") String after) {
        String text = before + " " + uuid + " " + after;
        int start = before.length() + 1;
        int end = start + uuid.length();
        // the filler may hold a number of its own; none may take a digit of the UUID
        assertThat(pii.scan(text))
                .as(text)
                .noneMatch(f -> (f.kind() == PiiKind.PAYMENT_CARD || f.kind() == PiiKind.PHONE)
                        && f.start() < end
                        && start < f.end());
    }

    /**
     * A card glued to a letter is still a card: moderation scores cards in what the model sends, so
     * "X4111…" must not slip past it (only a UUID's own digits are exempt).
     */
    @Property(tries = 300)
    void aCardGluedToALetterIsStillFound(@ForAll("sixteenDigitsAfterFour") String body, @ForAll boolean letterFirst) {
        String card = withLuhnDigit("4" + body);
        String text = letterFirst ? "ref X" + card + " ok" : "ref " + card + "x ok";
        assertThat(pii.scan(text)).anyMatch(f -> f.kind() == PiiKind.PAYMENT_CARD);
    }

    @Provide
    Arbitrary<String> sixteenDigitsAfterFour() {
        return Arbitraries.strings().numeric().ofLength(14);
    }

    @Provide
    Arbitrary<String> digitHeavyUuid() {
        // mostly decimal digits, so that many of them hold digit groups that pass the card and phone checks
        Arbitrary<Character> hex = Arbitraries.frequencyOf(
                Tuple.of(19, Arbitraries.chars().range('0', '9')),
                Tuple.of(1, Arbitraries.chars().range('a', 'f')));
        return hex.list().ofSize(32).map(cs -> {
            StringBuilder b = new StringBuilder(36);
            for (int i = 0; i < 32; i++) {
                if (i == 8 || i == 12 || i == 16 || i == 20) {
                    b.append('-');
                }
                b.append(cs.get(i));
            }
            return b.toString();
        });
    }

    /**
     * The case-insensitive detectors' trigger test agrees with the lower-cased copy it replaced, for
     * their trigger words in any case, spliced into text that includes non-ASCII letters whose
     * lower case differs in length ('İ') or is ASCII (the Kelvin sign).
     */
    @Property(tries = 2000)
    void theTriggerTestIgnoringCaseAgreesWithALowerCasedCopy(
            @ForAll("caseText") String before,
            @ForAll("triggerWord") String word,
            @ForAll("caseText") String after,
            @ForAll boolean splice) {
        String text = splice ? before + word + after : before + after;
        for (String needle : List.of("bearer", "secret")) {
            assertThat(PiiScanner.containsAsciiIgnoreCase(text, needle))
                    .as("%s in '%s'", needle, text)
                    .isEqualTo(text.toLowerCase(java.util.Locale.ROOT).contains(needle));
        }
    }

    @Provide
    Arbitrary<String> caseText() {
        return Arbitraries.strings()
                .withChars("bearsctBEARSCT \u0130\u212a\u017f@")
                .ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> triggerWord() {
        return Arbitraries.of("bearer", "secret", "bearr", "secre").flatMap(w -> Arbitraries.integers()
                .between(0, (1 << w.length()) - 1)
                .map(mask -> {
                    StringBuilder b = new StringBuilder(w);
                    for (int i = 0; i < w.length(); i++) {
                        if ((mask & (1 << i)) != 0) {
                            b.setCharAt(i, Character.toUpperCase(w.charAt(i)));
                        }
                    }
                    return b.toString();
                }));
    }

    @Provide
    Arbitrary<String> filler() {
        // digits and upper case too: a secret next to other digit groups or words must still be found
        return Arbitraries.strings()
                .withChars("abcdefghij ABC0123456789,.;:!?-()")
                .ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> sensitive() {
        Arbitrary<String> alnum =
                Arbitraries.strings().alpha().numeric().ofMinLength(24).ofMaxLength(40);
        Arbitrary<String> upper =
                Arbitraries.strings().withCharRange('A', 'Z').numeric().ofLength(16);
        Arbitrary<String> cards = Arbitraries.strings().numeric().ofLength(15).map(body -> withLuhnDigit("4" + body));
        Arbitrary<String> emails = Combinators.combine(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                        Arbitraries.of("com", "org", "io", "co.uk"))
                .as((user, host, tld) -> user + "@" + host + "." + tld);
        return Arbitraries.oneOf(
                alnum.map(s -> "sk-" + s),
                upper.map(s -> "AKIA" + s),
                alnum.map(s -> "ghp_" + s + "ABCDEFGHIJKL"),
                alnum.map(s -> "eyJ" + s + ".eyJ" + s + "." + s),
                cards,
                emails);
    }

    static String withLuhnDigit(String body) {
        for (int d = 0; d <= 9; d++) {
            if (Checksums.luhn(body + d)) {
                return body + d;
            }
        }
        throw new AssertionError("no Luhn digit for " + body);
    }
}
