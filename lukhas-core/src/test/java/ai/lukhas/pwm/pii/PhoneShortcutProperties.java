package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link PiiScanner#cannotBeValidPhone} skips libphonenumber's parser only where the parser could not
 * find a valid number: checked against the parser itself, for windows of digits and separators, valid
 * numbers of every region written as a caller of each default region would dial them (nationally,
 * through its international prefix, with a {@code +}) and cut-down versions of them.
 */
class PhoneShortcutProperties {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final List<String> DEFAULT_REGIONS =
            List.of("US", "GB", "DE", "FR", "IT", "AR", "BR", "MX", "JP", "IN", "CN", "AU", "RU", "NZ", "SG");
    private static final List<String> ALL_REGIONS = List.copyOf(PHONES.getSupportedRegions());

    @Property(tries = 3000)
    void aSkippedWindowNeverHoldsAValidNumber(@ForAll("region") String region, @ForAll("window") String window) {
        assertSkipIsSound(region, window);
    }

    @Property(tries = 3000)
    void aSkippedDialledNumberIsNeverValid(@ForAll("dialled") Dialled d) {
        d.windows().forEach(w -> assertSkipIsSound(d.home(), w));
    }

    /** Windows as a caller in {@code home} would write them. */
    record Dialled(String home, List<String> windows) {}

    @Test
    void theShortcutTakesTheUsualNonNumbersOfAUsRegion() {
        PiiScanner us = PiiScanner.forPhoneRegion("US");
        // seven to nine digits between a UUID's dashes, a fraction of a second: read as numbers of
        // country code 1, where only Canada's seven-digit 310 numbers are that short
        assertThat(skips(us, "995298-1")).isTrue();
        assertThat(skips(us, "4426-8035")).isTrue();
        assertThat(skips(us, "00.123456")).isTrue();
        // a tail that can be a number of country code 1, a '+', or the international prefix in front:
        // the parser decides
        assertThat(skips(us, "201-555-0123")).isFalse();
        assertThat(skips(us, "310-1234")).isFalse();
        assertThat(skips(us, "+44 1234")).isFalse();
        assertThat(skips(us, "011 44 12")).isFalse();
    }

    private static boolean skips(PiiScanner pii, String window) {
        return pii.cannotBeValidPhone(window, 0, window.length(), digits(window));
    }

    private static void assertSkipIsSound(String region, String window) {
        int digits = digits(window);
        if (digits < 1) {
            return;
        }
        PiiScanner pii = PiiScanner.forPhoneRegion(region);
        if (pii.cannotBeValidPhone(window, 0, window.length(), digits)) {
            assertThat(valid(window, region))
                    .as("'%s' read in %s was skipped but is a valid number", window, region)
                    .isFalse();
        }
    }

    private static boolean valid(String window, String region) {
        try {
            PhoneNumber n = PHONES.parse(window, region);
            return PHONES.isValidNumber(n);
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                n++;
            }
        }
        return n;
    }

    @Provide
    Arbitrary<String> region() {
        return Arbitraries.of(DEFAULT_REGIONS);
    }

    @Provide
    Arbitrary<String> window() {
        Arbitrary<String> body = Arbitraries.strings()
                .withChars("0123456789 -.()/\u00a0")
                .ofMinLength(1)
                .ofMaxLength(20);
        return Combinators.combine(Arbitraries.of("", "+", "(", "0", "00", "011", "1", "8"), body)
                .as((prefix, b) -> prefix + b);
    }

    /** Example numbers of any region as dialled from {@code home}, whole and with digits dropped. */
    @Provide
    Arbitrary<Dialled> dialled() {
        return Combinators.combine(
                        Arbitraries.of(ALL_REGIONS),
                        Arbitraries.of(PhoneNumberUtil.PhoneNumberType.values()),
                        Arbitraries.of(DEFAULT_REGIONS),
                        Arbitraries.integers().between(0, 6))
                .as((region, type, home, drop) -> {
                    List<String> out = new ArrayList<>();
                    PhoneNumber n = PHONES.getExampleNumberForType(region, type);
                    if (n == null) {
                        return new Dialled(home, out);
                    }
                    for (String s : List.of(
                            PHONES.format(n, PhoneNumberFormat.NATIONAL),
                            PHONES.format(n, PhoneNumberFormat.INTERNATIONAL),
                            PHONES.format(n, PhoneNumberFormat.E164),
                            PHONES.formatOutOfCountryCallingNumber(n, home),
                            PHONES.getNationalSignificantNumber(n))) {
                        String cleaned = s.replaceAll("[^0-9+ ().\\-/]", "");
                        out.add(cleaned);
                        out.add(dropDigits(cleaned, drop));
                    }
                    return new Dialled(home, out);
                });
    }

    private static String dropDigits(String s, int drop) {
        StringBuilder b = new StringBuilder(s);
        for (int k = 0; k < drop; k++) {
            int last = -1;
            for (int i = 0; i < b.length(); i++) {
                if (Character.isDigit(b.charAt(i))) {
                    last = i;
                }
            }
            if (last < 0) {
                break;
            }
            b.deleteCharAt(last);
        }
        return b.toString();
    }
}
