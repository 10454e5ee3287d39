package ai.lukhas.pwm.flags;

import java.util.Map;

record FixedFlags(Map<String, ?> values) implements Flags {
    @Override
    public boolean isEnabled(String name, boolean defaultValue) {
        return values.get(name) instanceof Boolean b ? b : defaultValue;
    }

    @Override
    public String stringValue(String name, String defaultValue) {
        return values.get(name) instanceof String s ? s : defaultValue;
    }
}
