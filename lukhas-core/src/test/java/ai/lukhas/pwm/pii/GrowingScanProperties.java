package ai.lukhas.pwm.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link PiiScanner.Growing} keeps the findings before its last sentence end from one call to the next;
 * every prefix of a text streamed in 1-8 character chunks must still get exactly the findings of
 * {@link PiiScanner#scan}: same kinds, same spans, same order.
 */
class GrowingScanProperties {
    private static final PiiScanner PII = PiiScanner.standard();

    /** An IBAN with two digits: found only once the whole text holds seven. */
    static final String FEW_DIGIT_IBAN = "QA11ABCDEFGHIJKLMNOPQRSTUVWXY";

    static final List<String> PIECES = List.of(
            "The tide rises twice a day",
            "because the moon pulls the ocean",
            "at 3 pm on day 12 the range was 2.4 m",
            "Call",
            "why",
            "ok",
            "(201) 555-0123",
            "201-555-0123",
            "+1 201-555-0123 / +1 201-555-0124",
            "+44 20 7946 0958",
            "555",
            "0123",
            "12",
            "7",
            "4111 1111 1111 1111",
            "4111",
            "1111",
            "4111111111111111",
            "GB82 WEST 1234 5698 7654 32",
            "MT84 MALT 0110 0001 2345 MTLC AST0 01S",
            FEW_DIGIT_IBAN,
            "QA11",
            "jane@example.com",
            "jane.doe",
            "@example",
            "example.co.uk",
            "sk-abcdefghijklmnopqrstuvwxyz",
            "sk-",
            "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcdefghijk",
            "Bearer",
            "abcdefghijklmnopqrstuv",
            "aws_secret_access_key",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----END RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEA",
            "62954117-45f6-4a1b-9c2d-222200001012",
            "2026-12-05",
            // sentence ends, white space and the characters detectors join on
            ". ",
            ".\n",
            "! ",
            "? ",
            ". ",
            "a. ",
            "1. ",
            " ",
            "\n",
            "  ",
            "=",
            ": ",
            ":\n",
            "-",
            ".",
            "/",
            "\u00a0");

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                        Arbitraries.of(PIECES),
                        Arbitraries.of(PIECES),
                        Arbitraries.strings().withChars("abcAB019 .-@:=!?\n").ofMaxLength(6))
                .list()
                .ofMinSize(1)
                .ofMaxSize(30)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(1, 8).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 1000)
    void everyPrefixGetsTheWholeTextFindings(@ForAll("texts") String text, @ForAll("chunks") List<Integer> sizes) {
        PiiScanner.Growing growing = PII.growing();
        int at = 0;
        for (int k = 0; at < text.length(); k++) {
            at = Math.min(text.length(), at + sizes.get(k % sizes.size()));
            String prefix = text.substring(0, at);
            assertThat(growing.scan(prefix)).as("prefix %s", prefix).isEqualTo(PII.scan(prefix));
        }
    }

    @Property(tries = 300)
    void aTextThatIsNoExtensionGetsItsOwnFindings(
            @ForAll("texts") String first, @ForAll("texts") String second, @ForAll("chunks") List<Integer> sizes) {
        PiiScanner.Growing growing = PII.growing();
        for (String text : List.of(first, first + " " + second, second, first + second, first)) {
            assertThat(growing.scan(text)).isEqualTo(PII.scan(text));
        }
    }

    /** The cases the property relies on its generator to reach, spelled out. */
    @Test
    void findingsThatDependOnTextFarAwayAreFound() {
        String late = "Nothing here. ".repeat(50) + "Digits 1234567 at last.";
        PiiScanner.Growing growing = PII.growing();
        String iban = "Pay " + FEW_DIGIT_IBAN + " soon. ";
        for (int at = 1; at <= (iban + late).length(); at++) {
            String prefix = (iban + late).substring(0, at);
            assertThat(growing.scan(prefix)).isEqualTo(PII.scan(prefix));
        }
        assertThat(PII.scan(iban + late)).extracting(PiiFinding::kind).contains(PiiKind.IBAN);
        assertThat(PII.scan(iban)).isEmpty();

        String key = "Here it is. -----BEGIN PRIVATE KEY-----\nMIIEvQ. Abc. " + "More text. ".repeat(20);
        PiiScanner.Growing keys = PII.growing();
        for (int at = 1; at <= key.length(); at++) {
            String prefix = key.substring(0, at);
            assertThat(keys.scan(prefix)).isEqualTo(PII.scan(prefix));
        }
        assertThat(PII.scan(key)).extracting(PiiFinding::kind).containsExactly(PiiKind.PRIVATE_KEY);
    }
}
