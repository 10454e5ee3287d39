package ai.lukhas.pwm.modulation;

import java.util.Optional;

/** The parameters a policy controls, in {@link ModulatedParams} order. Numeric ones come first. */
enum Param {
    TEMPERATURE("temperature", Kind.REAL),
    TOP_P("top_p", Kind.REAL),
    MAX_OUTPUT_TOKENS("max_output_tokens", Kind.INTEGER),
    REASONING_EFFORT("reasoning_effort", Kind.REAL),
    RETRIEVAL_K("retrieval_k", Kind.INTEGER),
    PLANNER_BEAM("planner_beam", Kind.INTEGER),
    MEMORY_WRITE("memory_write", Kind.REAL),
    SAFETY_MODE("safety_mode", Kind.MODE),
    TOOL_ALLOWLIST("tool_allowlist", Kind.TOOLS);

    enum Kind {
        REAL,
        INTEGER,
        MODE,
        TOOLS
    }

    /** Number of numeric parameters; they have ordinals 0 .. NUMERIC-1. */
    static final int NUMERIC = 7;

    static final Param[] ALL = values();

    final String wireName;
    final Kind kind;

    Param(String wireName, Kind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    boolean numeric() {
        return kind == Kind.REAL || kind == Kind.INTEGER;
    }

    static Optional<Param> named(String name) {
        for (Param p : ALL) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static java.util.Set<String> names() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Param p : ALL) {
            out.add(p.wireName);
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    static String allNames() {
        StringBuilder sb = new StringBuilder();
        for (Param p : ALL) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(p.wireName);
        }
        return sb.toString();
    }
}
