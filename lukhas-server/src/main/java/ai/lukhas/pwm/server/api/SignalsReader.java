package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.modulation.SignalInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a {@code signals} array the same way wherever the API takes one (session signals, the
 * modulation preview, the chat extension): names the policy knows, each at most once, finite
 * levels (the modulator clamps them to the policy's range), ttl_ms in [1, 1 day].
 */
final class SignalsReader {
    static final int MAX_SIGNALS = 32;

    private SignalsReader() {}

    /**
     * @param fieldRequired whether {@code signals} must be present
     * @param nonEmpty whether it must hold at least one signal
     */
    static List<SignalInput> read(Json.Reader r, List<String> known, boolean fieldRequired, boolean nonEmpty) {
        List<SignalInput> inputs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Json.Reader> items = r.objects("signals", fieldRequired, MAX_SIGNALS);
        if (nonEmpty && r.ok() && items.isEmpty()) {
            r.invalid("signals", "must hold at least one signal");
        }
        for (Json.Reader s : items) {
            s.only(Set.of("name", "level", "ttl_ms", "source"));
            Optional<String> name = s.text("name", true, 64);
            OptionalDouble level = s.number("level", true, -Double.MAX_VALUE, Double.MAX_VALUE);
            OptionalLong ttl = s.integer("ttl_ms", false, 1, 86_400_000L);
            Optional<String> source = s.text("source", false, 64);
            if (name.isPresent() && !known.contains(name.get())) {
                s.invalid(
                        "name",
                        "unknown signal '" + Json.abbreviate(name.get()) + "'; known: " + String.join(", ", known));
                continue;
            }
            if (name.isPresent() && !seen.add(name.get())) {
                s.invalid("name", "signal '" + name.get() + "' is given twice; send each signal at most once");
                continue;
            }
            if (name.isPresent() && level.isPresent()) {
                inputs.add(new SignalInput(
                        name.get(),
                        level.getAsDouble(),
                        ttl.isPresent() ? Optional.of(Duration.ofMillis(ttl.getAsLong())) : Optional.empty(),
                        source.orElse("api")));
            }
        }
        return inputs;
    }
}
