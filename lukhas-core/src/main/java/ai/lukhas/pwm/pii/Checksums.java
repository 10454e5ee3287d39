package ai.lukhas.pwm.pii;

import java.math.BigInteger;
import java.util.Map;

/** The check digits that separate real card numbers and IBANs from arbitrary digit runs. */
final class Checksums {
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    /** IBAN length per country (ISO 13616 registry), for the countries we can validate exactly. */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24),
            Map.entry("AE", 23),
            Map.entry("AT", 20),
            Map.entry("BE", 16),
            Map.entry("BG", 22),
            Map.entry("BH", 22),
            Map.entry("BR", 29),
            Map.entry("CH", 21),
            Map.entry("CY", 28),
            Map.entry("CZ", 24),
            Map.entry("DE", 22),
            Map.entry("DK", 18),
            Map.entry("EE", 20),
            Map.entry("ES", 24),
            Map.entry("FI", 18),
            Map.entry("FR", 27),
            Map.entry("GB", 22),
            Map.entry("GR", 27),
            Map.entry("HR", 21),
            Map.entry("HU", 28),
            Map.entry("IE", 22),
            Map.entry("IL", 23),
            Map.entry("IS", 26),
            Map.entry("IT", 27),
            Map.entry("LI", 21),
            Map.entry("LT", 20),
            Map.entry("LU", 20),
            Map.entry("LV", 21),
            Map.entry("MC", 27),
            Map.entry("MT", 31),
            Map.entry("NL", 18),
            Map.entry("NO", 15),
            Map.entry("PL", 28),
            Map.entry("PT", 25),
            Map.entry("QA", 29),
            Map.entry("RO", 24),
            Map.entry("SA", 24),
            Map.entry("SE", 24),
            Map.entry("SI", 19),
            Map.entry("SK", 24),
            Map.entry("SM", 27),
            Map.entry("TR", 26),
            Map.entry("UA", 29));

    private Checksums() {}

    /** Luhn (mod 10) over the digits of {@code digits}. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /**
     * A card number of a real network: 13-19 digits, a known issuer prefix, and a valid Luhn digit.
     * The prefix check keeps random Luhn-valid digit runs (1 in 10) from being called cards.
     */
    static boolean paymentCard(String digits) {
        int n = digits.length();
        if (n < 13 || n > 19 || !luhn(digits)) {
            return false;
        }
        int p2 = Integer.parseInt(digits.substring(0, 2));
        int p4 = Integer.parseInt(digits.substring(0, 4));
        int p3 = Integer.parseInt(digits.substring(0, 3));
        return digits.charAt(0) == '4' // Visa
                || (p2 >= 51 && p2 <= 55)
                || (p4 >= 2221 && p4 <= 2720) // Mastercard
                || ((p2 == 34 || p2 == 37) && n == 15) // Amex
                || p4 == 6011
                || p2 == 65
                || (p3 >= 644 && p3 <= 649) // Discover
                || (p4 >= 3528 && p4 <= 3589) // JCB
                || (p3 >= 300 && p3 <= 305)
                || p2 == 36
                || p2 == 38 // Diners
                || p2 == 62 // UnionPay
                || p2 == 50
                || (p2 >= 56 && p2 <= 58)
                || p2 == 63
                || p2 == 67; // Maestro
    }

    /** ISO 13616 IBAN: country length where known, and the mod-97 check equal to 1. */
    static boolean iban(String compact) {
        int n = compact.length();
        if (n < 15 || n > 34) {
            return false;
        }
        Integer expected = IBAN_LENGTHS.get(compact.substring(0, 2));
        if (expected != null && expected != n) {
            return false;
        }
        String rearranged = compact.substring(4) + compact.substring(0, 4);
        StringBuilder numeric = new StringBuilder(n * 2);
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') {
                numeric.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                numeric.append(c - 'A' + 10);
            } else {
                return false;
            }
        }
        return new BigInteger(numeric.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }
}
