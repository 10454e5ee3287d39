package ai.lukhas.pwm.bench.load;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One threshold's verdict, of the overhead budget and of the seed scenario alike: the measured
 * {@code value} in {@code unit} against a limit ({@code "< 120"}, {@code ">= 95"}), which is empty
 * where the {@code name} states it ("light load: added p50 &lt; 0.3 ms").
 *
 * <pre>{@code new Check("error rate", 0.2, "%", Optional.of("< 1"), true).json()}</pre>
 */
record Check(String name, double value, String unit, Optional<String> limit, boolean met) {
    Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(limit, "limit");
    }

    /** As one object of a report's JSON: check, value, unit, limit (when there is one), met. */
    ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance
                .objectNode()
                .put("check", name)
                .put("value", value)
                .put("unit", unit);
        limit.ifPresent(l -> o.put("limit", l));
        return o.put("met", met);
    }
}
