package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Pins the audit log's stored byte form. Existing logs are verified by parsing each line and writing it
 * again, so any change here (for instance adopting memory.dna.SameValueJson's number form, where
 * {@code 1.0} becomes {@code 1}) would make every stored line fail verification.
 */
class CanonicalJsonTest {
    private static String canonical(String json) throws IOException {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        return new String(CanonicalJson.bytes(CanonicalJson.parse(in, 0, in.length)), StandardCharsets.UTF_8);
    }

    @Test
    void numbersKeepTheirSpellingClassAndMembersAreSortedByUtf16CodeUnits() throws IOException {
        assertThat(canonical(
                        "{ \"b\": 1.0, \"a\": [1, 1e2, 0.10, 12345678901234567890], \"\u00e9\": null, \"B\": true }"))
                .isEqualTo("{\"B\":true,\"a\":[1,100.0,0.1,12345678901234567890],\"b\":1.0,\"\u00e9\":null}");
    }

    @Test
    void theStoredFormIsAFixedPointOfParseThenWrite() throws IOException {
        String once = canonical("{\"z\":2.50,\"y\":{\"k\":\"v\"},\"x\":-0.0}");
        assertThat(canonical(once)).isEqualTo(once);
        assertThat(once).isEqualTo("{\"x\":-0.0,\"y\":{\"k\":\"v\"},\"z\":2.5}");
    }
}
