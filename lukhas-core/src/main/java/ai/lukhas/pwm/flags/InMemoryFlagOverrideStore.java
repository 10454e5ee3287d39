package ai.lukhas.pwm.flags;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** {@link FlagOverrideStore} in a map: lost when the process stops. */
final class InMemoryFlagOverrideStore implements FlagOverrideStore {
    private final Map<String, Stored> overrides = new ConcurrentHashMap<>();

    @Override
    public Map<String, Stored> all() {
        return Map.copyOf(overrides);
    }

    @Override
    public void put(String name, Stored override) {
        overrides.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(override, "override"));
    }

    @Override
    public boolean remove(String name) {
        return overrides.remove(Objects.requireNonNull(name, "name")) != null;
    }

    @Override
    public String describe() {
        return "memory";
    }
}
