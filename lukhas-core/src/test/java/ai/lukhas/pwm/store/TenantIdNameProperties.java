package ai.lukhas.pwm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link TenantId#isName} against the regular expression it replaced, near its edges and at random. */
class TenantIdNameProperties {
    /** The rule as it was written before: {@code [A-Za-z0-9._-]{1,64}}, the whole value. */
    private static final Pattern OLD = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The valid characters and their neighbours in ASCII, case-folding look-alikes and surrogates. */
    private static final String NEAR =
            "azAZ09._-/:@[`{ ,+\t\n\u0000\u007f\u017f\u212a\u0130\u0131\u00e9\ud83d\ude00\udc00";

    @Property(tries = 5000)
    void agreesWithTheRegularExpressionNearItsEdges(@ForAll("near") String value) {
        assertThat(TenantId.isName(value))
                .as("%s", value)
                .isEqualTo(OLD.matcher(value).matches());
        if (OLD.matcher(value).matches()) {
            assertThat(TenantId.of(value).value()).isEqualTo(value);
        } else {
            assertThatThrownBy(() -> TenantId.of(value)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 5000)
    void agreesWithTheRegularExpressionOnAnyString(@ForAll String value) {
        assertThat(TenantId.isName(value)).isEqualTo(OLD.matcher(value).matches());
    }

    @Example
    void lengthsOneToSixtyFourAreNamesAndNoOthers() {
        for (int n = 0; n <= 70; n++) {
            String value = "a".repeat(n);
            assertThat(TenantId.isName(value)).as("length %d", n).isEqualTo(n >= 1 && n <= 64);
            assertThat(TenantId.isName(value)).isEqualTo(OLD.matcher(value).matches());
        }
        for (char c = 0; c < 0x3000; c++) {
            String value = "x" + c + "y";
            assertThat(TenantId.isName(value))
                    .as("U+%04X", (int) c)
                    .isEqualTo(OLD.matcher(value).matches());
        }
    }

    @Provide
    Arbitrary<String> near() {
        Arbitrary<String> runs = Arbitraries.strings()
                .withChars(NEAR.toCharArray())
                .ofMinLength(0)
                .ofMaxLength(70);
        Arbitrary<String> valid = Arbitraries.strings()
                .withChars("abcxyzABCXYZ0189._-".toCharArray())
                .ofMinLength(0)
                .ofMaxLength(70);
        Arbitrary<String> oneOff = valid.flatMap(
                v -> Arbitraries.integers().between(0, v.length()).flatMap(i -> Arbitraries.of(NEAR.toCharArray())
                        .map(c -> v.substring(0, i) + c + v.substring(i))));
        return Arbitraries.oneOf(runs, valid, oneOff);
    }
}
