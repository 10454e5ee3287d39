package ai.lukhas.pwm.memory.dna;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class SameValueJsonProperties {
    static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 300)
    void memberOrderAndNumberSpellingDoNotChangeTheCanonicalText(
            @ForAll @Size(max = 8) Map<@StringLength(max = 6) String, Integer> members, @ForAll long seed)
            throws Exception {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        members.forEach(a::put);
        List<String> names = new ArrayList<>(members.keySet());
        Collections.shuffle(names, new Random(seed));
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        for (String n : names) {
            // the same number spelled as a decimal with trailing zeros
            b.put(n, new BigDecimal(members.get(n)).setScale(2));
        }

        String canonical = SameValueJson.of(a);

        assertThat(SameValueJson.of(b)).isEqualTo(canonical);
        JsonNode reparsed = JSON.readTree(canonical);
        assertThat(SameValueJson.of(reparsed)).isEqualTo(canonical);
    }

    @Property(tries = 300)
    void differentStringsStayDifferent(@ForAll String x, @ForAll String y) {
        JsonNode a = JsonNodeFactory.instance.objectNode().put("v", x);
        JsonNode b = JsonNodeFactory.instance.objectNode().put("v", y);
        assertThat(SameValueJson.of(a).equals(SameValueJson.of(b))).isEqualTo(x.equals(y));
    }

    /**
     * Pins the form: the helix stores metadata in it and compares versions by it, so it must not drift
     * (for instance towards the audit log's form, which keeps {@code 1.0} apart from {@code 1}).
     */
    @Example
    void numbersAreWrittenInTheirShortestExactDecimalForm() throws Exception {
        assertThat(SameValueJson.of(
                        JSON.readTree("{ \"b\": 1.0, \"a\": [true, 1e2, 0.10, -0.0, 1.5e-7], \"c\": \"\u00e9\" }")))
                .isEqualTo("{\"a\":[true,100,0.1,0,1.5E-7],\"b\":1,\"c\":\"\u00e9\"}");
    }
}
