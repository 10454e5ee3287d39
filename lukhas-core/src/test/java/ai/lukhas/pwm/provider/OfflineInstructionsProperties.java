package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** The offline tool-call grammar: what is asked is what is called, and no text makes it throw. */
class OfflineInstructionsProperties {
    @Provide
    Arbitrary<String> toolNames() {
        Arbitrary<String> part =
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(1)
                .ofMaxLength(10)
                .flatMap(a -> part.map(b -> a + "_" + b));
    }

    @Provide
    Arbitrary<Map<String, String>> arguments() {
        Arbitrary<String> keys =
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> values =
                Arbitraries.strings().withChars("abcXYZ019 ,;.=/:'-\"\\é").ofMaxLength(15);
        return Arbitraries.maps(keys, values).ofMaxSize(4);
    }

    @Property(tries = 500)
    void quotedPairsArriveExactly(@ForAll("toolNames") String name, @ForAll("arguments") Map<String, String> args) {
        StringBuilder text = new StringBuilder("please call ").append(name);
        ObjectNode expected = OpenAiWire.JSON.createObjectNode();
        if (!args.isEmpty()) {
            text.append(" with ");
            String sep = "";
            for (Map.Entry<String, String> e : args.entrySet()) {
                String quoted = e.getValue().replace("\\", "\\\\").replace("\"", "\\\"");
                text.append(sep).append(e.getKey()).append("=\"").append(quoted).append('"');
                expected.put(e.getKey(), e.getValue());
                sep = ", ";
            }
        }
        List<OfflineInstructions.Requested> calls = OfflineInstructions.parse(text + " thanks", List.of());
        assertThat(calls).containsExactly(new OfflineInstructions.Requested(name, expected.toString()));
    }

    @Property(tries = 500)
    void anyTextParsesWithoutThrowing(@ForAll @StringLength(max = 80) String noise) {
        List<OfflineInstructions.Requested> calls =
                OfflineInstructions.parse("call x_y with " + noise + " use the z tool on " + noise, List.of());
        assertThat(calls).isNotEmpty().allSatisfy(c -> assertThat(c.arguments()).isNotNull());
    }
}
