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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class CanonicalJsonProperties {
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

        String canonical = CanonicalJson.of(a);

        assertThat(CanonicalJson.of(b)).isEqualTo(canonical);
        JsonNode reparsed = JSON.readTree(canonical);
        assertThat(CanonicalJson.of(reparsed)).isEqualTo(canonical);
    }

    @Property(tries = 300)
    void differentStringsStayDifferent(@ForAll String x, @ForAll String y) {
        JsonNode a = JsonNodeFactory.instance.objectNode().put("v", x);
        JsonNode b = JsonNodeFactory.instance.objectNode().put("v", y);
        assertThat(CanonicalJson.of(a).equals(CanonicalJson.of(b))).isEqualTo(x.equals(y));
    }
}
