package ai.lukhas.pwm.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The known flags, in registration order. Unknown names are never an exception at evaluation time:
 * callers get their own default with a "flag not found" reason.
 *
 * <pre>{@code
 * FlagRegistry registry = FlagRegistry.standard();
 * registry.find("DNA_CUTOVER_READ_FROM").orElseThrow().allowedValues(); // [legacy, dna]
 * }</pre>
 */
public final class FlagRegistry {
    private final Map<String, FlagDefinition> byName;

    private FlagRegistry(Map<String, FlagDefinition> byName) {
        this.byName = byName;
    }

    /** The flags LUKHAS PWM itself reads. Later features add theirs here. */
    public static FlagRegistry standard() {
        return of(List.of(
                FlagDefinition.bool("BROWSER_TOOL", false, "Offer the browser tool to models."),
                FlagDefinition.bool("CODE_EXEC_TOOL", false, "Offer the sandboxed code execution tool to models."),
                FlagDefinition.bool("STRICT_DEFAULT", false, "Make strict the floor safety mode for every session."),
                FlagDefinition.bool("ADMIN_DASHBOARD", true, "Serve the admin dashboard at /admin."),
                FlagDefinition.bool("DNA_DUAL_WRITE", false, "Write memory to both the legacy store and DNA helix."),
                FlagDefinition.bool(
                        "DNA_READ_SHADOW", false, "Read DNA helix in the shadow of legacy reads and compare."),
                FlagDefinition.bool("DNA_ENCRYPT_PERSONAL", true, "Encrypt personal memory entries in DNA helix."),
                FlagDefinition.choice(
                        "DNA_CUTOVER_READ_FROM",
                        "legacy",
                        List.of("legacy", "dna"),
                        "Which memory store serves reads: legacy or dna.")));
    }

    /** A registry of exactly {@code definitions}; names must be unique. */
    public static FlagRegistry of(List<FlagDefinition> definitions) {
        Map<String, FlagDefinition> map = new LinkedHashMap<>();
        for (FlagDefinition d : definitions) {
            if (map.putIfAbsent(d.name(), d) != null) {
                throw new IllegalArgumentException("flag " + d.name() + " is registered twice");
            }
        }
        return new FlagRegistry(map);
    }

    /** This registry plus {@code more}. */
    public FlagRegistry with(List<FlagDefinition> more) {
        List<FlagDefinition> all = new ArrayList<>(byName.values());
        all.addAll(more);
        return of(all);
    }

    public Optional<FlagDefinition> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All definitions in registration order. */
    public List<FlagDefinition> all() {
        return List.copyOf(byName.values());
    }
}
