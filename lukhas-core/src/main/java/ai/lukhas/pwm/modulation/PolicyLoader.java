package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import ai.lukhas.pwm.expr.ExprException;
import ai.lukhas.pwm.expr.Expression;
import ai.lukhas.pwm.expr.Scope;
import ai.lukhas.pwm.expr.ValueType;
import ai.lukhas.pwm.modulation.Yaml.Entry;
import ai.lukhas.pwm.modulation.Yaml.ListNode;
import ai.lukhas.pwm.modulation.Yaml.Loc;
import ai.lukhas.pwm.modulation.Yaml.MapNode;
import ai.lukhas.pwm.modulation.Yaml.Node;
import ai.lukhas.pwm.modulation.Yaml.Scalar;
import com.fasterxml.jackson.core.JsonToken;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a policy document; every problem becomes a {@link PolicyException} with a location. */
final class PolicyLoader {
    /** Samples per unit of x for the alignment-risk monotonicity check. */
    static final int MONOTONE_SAMPLES = 1000;

    private static final Set<String> TOP_KEYS =
            Set.of("version", "signals", "defaults", "bounds", "maps", "prompt_styles");
    private static final Set<String> SIGNAL_KEYS = Set.of("name", "weight", "cooldown_ms", "ttl_ms", "safety");
    private static final List<String> MODE_NAMES =
            List.of(SafetyMode.STRICT.wireName(), SafetyMode.BALANCED.wireName(), SafetyMode.CREATIVE.wireName());

    private final String source;
    private final String[] lines;

    private PolicyLoader(String source, String text) {
        this.source = source;
        this.lines = text.split("\n", -1);
    }

    static ModulationPolicy load(byte[] bytes, String source) {
        String text = Checks.utf8(bytes)
                .orElseThrow(() -> new InvalidPolicyException(source, 1, 1, "the policy is not valid UTF-8 text"));
        return new PolicyLoader(source, text).load(text, sha256(bytes));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private PolicyException error(Loc at, String detail) {
        return new InvalidPolicyException(source, at.line(), at.column(), detail);
    }

    private ModulationPolicy load(String text, String sha) {
        Node root;
        try {
            root = Yaml.parse(text);
        } catch (Yaml.SyntaxError e) {
            throw error(e.loc, e.getMessage());
        }
        MapNode top = map(root, "the policy document");
        checkKeys(top, TOP_KEYS, "top-level key");
        int version = (int) integer(require(top, "version", "the policy"), "version", 1, Integer.MAX_VALUE);

        // signals
        Node signalsNode = require(top, "signals", "the policy");
        if (!(signalsNode instanceof ListNode signalList) || signalList.items().isEmpty()) {
            throw error(
                    signalsNode.loc(),
                    "signals must be a non-empty list of {name, weight, cooldown_ms, ttl_ms}, but was "
                            + signalsNode.describe());
        }
        int n = signalList.items().size();
        if (n > 64) {
            throw error(signalsNode.loc(), "at most 64 signals are supported, but there are " + n);
        }
        String[] names = new String[n];
        double[] weight = new double[n];
        long[] cooldown = new long[n];
        long[] ttl = new long[n];
        boolean[] safety = new boolean[n];
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MapNode s = map(signalList.items().get(i), "signal " + (i + 1));
            checkKeys(s, SIGNAL_KEYS, "signal key");
            Scalar nameNode = scalar(require(s, "name", "signal " + (i + 1)), "signal name");
            String name = nameNode.text();
            if (nameNode.token() != JsonToken.VALUE_STRING || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw error(
                        nameNode.loc(),
                        "signal name must be an identifier like stress or alignment_risk, but was "
                                + nameNode.describe());
            }
            if (seen.contains(name) || name.equals("x") || name.equals("current")) {
                throw error(
                        nameNode.loc(),
                        "signal name '" + name + "' is " + (seen.contains(name) ? "declared twice" : "reserved")
                                + " (expected a unique name)");
            }
            seen.add(name);
            names[i] = name;
            String what = "signal " + name;
            weight[i] = number(require(s, "weight", what), what + " weight");
            if (!(weight[i] > 0)) {
                throw error(
                        s.entries().get("weight").value().loc(), what + " weight must be > 0, but was " + weight[i]);
            }
            cooldown[i] = integer(require(s, "cooldown_ms", what), what + " cooldown_ms", 0, Long.MAX_VALUE / 4);
            ttl[i] = integer(require(s, "ttl_ms", what), what + " ttl_ms", 1, Long.MAX_VALUE / 4);
            Entry safe = s.entries().get("safety");
            if (safe != null) {
                safety[i] = bool(safe.value(), what + " safety");
            }
        }
        List<String> signalNames = List.of(names);

        // bounds (before defaults, which must lie within them)
        MapNode bounds = map(require(top, "bounds", "the policy"), "bounds");
        checkKeys(bounds, Param.names(), "parameter in bounds");
        double[] lo = new double[Param.NUMERIC];
        double[] hi = new double[Param.NUMERIC];
        boolean[] down = new boolean[Param.NUMERIC];
        double[] scale = new double[Param.NUMERIC];
        List<String> tools = List.of();
        for (Param p : Param.ALL) {
            MapNode spec = map(require(bounds, p.wireName, "bounds"), "bounds of " + p.wireName);
            switch (p.kind) {
                case REAL, INTEGER -> {
                    checkKeys(
                            spec,
                            p.kind == Param.Kind.REAL
                                    ? Set.of("range", "tighten", "precision")
                                    : Set.of("range", "tighten"),
                            "key in bounds of " + p.wireName);
                    Node rangeNode = require(spec, "range", "bounds of " + p.wireName);
                    if (!(rangeNode instanceof ListNode range) || range.items().size() != 2) {
                        throw error(
                                rangeNode.loc(),
                                p.wireName + " range must be [lo, hi], but was " + rangeNode.describe());
                    }
                    double l = number(range.items().get(0), p.wireName + " range lo");
                    double h = number(range.items().get(1), p.wireName + " range hi");
                    if (l > h) {
                        throw error(
                                rangeNode.loc(),
                                p.wireName + " bounds must be [lo, hi] with lo <= hi, but was [" + fmt(l) + ", "
                                        + fmt(h) + "]");
                    }
                    if (p.kind == Param.Kind.INTEGER && (l != Math.rint(l) || h != Math.rint(h))) {
                        throw error(
                                rangeNode.loc(),
                                p.wireName + " is an integer parameter, so its bounds must be whole numbers, but were ["
                                        + fmt(l) + ", " + fmt(h) + "]");
                    }
                    lo[p.ordinal()] = l;
                    hi[p.ordinal()] = h;
                    String dir = word(
                            require(spec, "tighten", "bounds of " + p.wireName),
                            p.wireName + " tighten",
                            Set.of("down", "up"));
                    down[p.ordinal()] = dir.equals("down");
                    scale[p.ordinal()] = p.kind == Param.Kind.INTEGER ? 1 : scale(spec, p, l, h);
                }
                case MODE -> {
                    checkKeys(spec, Set.of("values", "tighten"), "key in bounds of safety_mode");
                    Node valuesNode = require(spec, "values", "bounds of safety_mode");
                    List<String> values = words(valuesNode, "safety_mode values");
                    if (!values.equals(MODE_NAMES)) {
                        throw error(
                                valuesNode.loc(),
                                "safety_mode values must be [strict, balanced, creative] (strictest first), but were "
                                        + values);
                    }
                    word(require(spec, "tighten", "bounds of safety_mode"), "safety_mode tighten", Set.of("strict"));
                }
                case TOOLS -> {
                    checkKeys(spec, Set.of("values", "tighten"), "key in bounds of tool_allowlist");
                    Node valuesNode = require(spec, "values", "bounds of tool_allowlist");
                    tools = words(valuesNode, "tool_allowlist values");
                    if (tools.size() > 62) {
                        throw error(valuesNode.loc(), "at most 62 tools are supported, but there are " + tools.size());
                    }
                    if (new LinkedHashSet<>(tools).size() != tools.size()) {
                        throw error(valuesNode.loc(), "tool_allowlist values must be distinct, but were " + tools);
                    }
                    for (String t : tools) {
                        if (!t.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                            throw error(valuesNode.loc(), "tool names must be identifiers, but '" + t + "' is not");
                        }
                    }
                    word(
                            require(spec, "tighten", "bounds of tool_allowlist"),
                            "tool_allowlist tighten",
                            Set.of("fewer"));
                }
            }
        }

        // defaults
        MapNode defaultsNode = map(require(top, "defaults", "the policy"), "defaults");
        checkKeys(defaultsNode, bounds.entries().keySet(), "parameter in defaults");
        double[] defaults = new double[Param.NUMERIC];
        SafetyMode defaultMode = SafetyMode.BALANCED;
        long defaultTools = 0;
        for (Param p : Param.ALL) {
            Node v = require(defaultsNode, p.wireName, "defaults");
            switch (p.kind) {
                case REAL, INTEGER -> {
                    double d = number(v, "default " + p.wireName);
                    if (p.kind == Param.Kind.INTEGER && d != Math.rint(d)) {
                        throw error(v.loc(), "default " + p.wireName + " must be a whole number, but was " + fmt(d));
                    }
                    if (d < lo[p.ordinal()] || d > hi[p.ordinal()]) {
                        throw error(
                                v.loc(),
                                "default " + p.wireName + " must lie within its bounds [" + fmt(lo[p.ordinal()]) + ", "
                                        + fmt(hi[p.ordinal()]) + "], but was " + fmt(d));
                    }
                    defaults[p.ordinal()] = d;
                }
                case MODE ->
                    defaultMode = WireName.parse(
                                    SafetyMode.class, word(v, "default safety_mode", Set.copyOf(MODE_NAMES)))
                            .orElseThrow();
                case TOOLS -> {
                    for (String t : words(v, "default tool_allowlist")) {
                        int i = tools.indexOf(t);
                        if (i < 0) {
                            throw error(
                                    v.loc(),
                                    "default tool_allowlist names '" + t + "', which is not in tool_allowlist values "
                                            + tools);
                        }
                        defaultTools |= 1L << i;
                    }
                }
            }
        }

        // maps
        MapNode maps = map(require(top, "maps", "the policy"), "maps");
        Expression[][] numericMaps = new Expression[n][Param.NUMERIC];
        Expression[] modeMaps = new Expression[n];
        SafetyMode[][] modeChoices = new SafetyMode[n][];
        Expression[] toolMaps = new Expression[n];
        Loc[][] mapLocs = new Loc[n][Param.ALL.length];
        long[][] toolChoices = new long[n][];
        Scope numericScope = new Scope(signalNames, Set.of());
        Scope modeScope = new Scope(signalNames, Set.copyOf(MODE_NAMES));
        Scope toolScope = new Scope(signalNames, Set.copyOf(tools));
        for (Map.Entry<String, Entry> e : maps.entries().entrySet()) {
            int s = signalNames.indexOf(e.getKey());
            if (s < 0) {
                throw error(
                        e.getValue().keyLoc(),
                        "maps names the unknown signal '" + e.getKey() + "' (expected one of "
                                + String.join(", ", signalNames) + ")");
            }
            MapNode perParam = map(e.getValue().value(), "maps of " + e.getKey());
            for (Map.Entry<String, Entry> pe : perParam.entries().entrySet()) {
                Param p = Param.named(pe.getKey())
                        .orElseThrow(() -> error(
                                pe.getValue().keyLoc(),
                                "maps of " + e.getKey() + " names the unknown parameter '" + pe.getKey()
                                        + "' (expected one of " + Param.allNames() + ")"));
                Node exprNode = pe.getValue().value();
                String what = e.getKey() + " map for " + p.wireName;
                switch (p.kind) {
                    case REAL, INTEGER ->
                        numericMaps[s][p.ordinal()] = compile(exprNode, numericScope, ValueType.NUMBER, what);
                    case MODE -> {
                        Expression ex = compile(exprNode, modeScope, ValueType.STRING, what);
                        SafetyMode[] choices = new SafetyMode[ex.strings().size()];
                        for (int i = 0; i < choices.length; i++) {
                            String m = ex.strings().get(i);
                            choices[i] = WireName.parse(SafetyMode.class, m)
                                    .orElseThrow(
                                            () -> error(
                                                    exprNode.loc(),
                                                    what + " can yield '" + m
                                                            + "', which is not a safety mode (expected strict, balanced or creative)"));
                        }
                        modeMaps[s] = ex;
                        modeChoices[s] = choices;
                    }
                    case TOOLS -> {
                        Expression ex = compile(exprNode, toolScope, ValueType.STRING_LIST, what);
                        long[] masks = new long[ex.lists().size()];
                        for (int i = 0; i < masks.length; i++) {
                            for (String t : ex.lists().get(i)) {
                                int ti = tools.indexOf(t);
                                if (ti < 0) {
                                    throw error(
                                            exprNode.loc(),
                                            what + " names the tool '" + t + "', which is not in tool_allowlist values "
                                                    + tools);
                                }
                                masks[i] |= 1L << ti;
                            }
                        }
                        toolMaps[s] = ex;
                        toolChoices[s] = masks;
                    }
                }
                mapLocs[s][p.ordinal()] = exprNode.loc();
                if (safety[s]) {
                    checkMonotone(
                            exprNode.loc(),
                            what,
                            s,
                            p,
                            n,
                            down,
                            numericMaps,
                            modeMaps,
                            modeChoices,
                            toolMaps,
                            toolChoices);
                }
            }
        }

        new CrossCheck(names, safety, down, numericMaps, modeMaps, modeChoices, toolMaps, toolChoices)
                .run((sig, param, detail) ->
                        error(mapLocs[sig][param.ordinal()], names[sig] + " map for " + param.wireName + " " + detail));

        // prompt styles
        MapNode stylesNode = map(require(top, "prompt_styles", "the policy"), "prompt_styles");
        checkKeys(stylesNode, Set.copyOf(MODE_NAMES), "safety mode in prompt_styles");
        Map<SafetyMode, PromptStyle> styles = new EnumMap<>(SafetyMode.class);
        for (SafetyMode m : SafetyMode.values()) {
            String what = "prompt style " + m.wireName();
            MapNode st = map(require(stylesNode, m.wireName(), "prompt_styles"), what);
            checkKeys(st, Set.of("preamble", "moderation_preset", "stop_sequences"), "key in " + what);
            String preamble = text(require(st, "preamble", what), what + " preamble");
            String preset = text(require(st, "moderation_preset", what), what + " moderation_preset");
            List<String> stops = st.entries().containsKey("stop_sequences")
                    ? texts(st.entries().get("stop_sequences").value(), what + " stop_sequences")
                    : List.of();
            if (stops.size() > ai.lukhas.pwm.provider.ChatRequest.MAX_STOP_SEQUENCES) {
                throw error(
                        st.entries().get("stop_sequences").value().loc(),
                        what + " stop_sequences must have at most "
                                + ai.lukhas.pwm.provider.ChatRequest.MAX_STOP_SEQUENCES
                                + " entries (the OpenAI limit the upstream enforces), but had " + stops.size());
            }
            styles.put(m, new PromptStyle(m.wireName(), preamble, preset, stops));
        }

        return new ModulationPolicy(
                new PolicyInfo(version, sha, source),
                names,
                weight,
                cooldown,
                ttl,
                safety,
                defaults,
                defaultMode,
                defaultTools,
                lo,
                hi,
                down,
                scale,
                tools,
                numericMaps,
                modeMaps,
                modeChoices,
                toolMaps,
                toolChoices,
                styles);
    }

    /**
     * A safety signal's map is a cap, so it must never loosen as the signal rises: sampled densely over
     * x in [0, 1], with the other signals it reads held at 0, 0.5 and 1. "current" (no cap) counts as
     * the loosest value.
     */
    private void checkMonotone(
            Loc at,
            String what,
            int s,
            Param p,
            int n,
            boolean[] down,
            Expression[][] numericMaps,
            Expression[] modeMaps,
            SafetyMode[][] modeChoices,
            Expression[] toolMaps,
            long[][] toolChoices) {
        double[] env = new double[n];
        for (double others : new double[] {0.0, 0.5, 1.0}) {
            java.util.Arrays.fill(env, others);
            // the values are described only for the error: describing each of the samples of every
            // parameter and signal cost ~50 ms of every start (docs/benchmarks.md, "Start-up, round 6")
            boolean first = true;
            double prevX = 0;
            double prevV = 0;
            int prevC = 0;
            double prevNum = 0;
            int prevRank = 0;
            long prevMask = 0;
            for (int k = 0; k <= MONOTONE_SAMPLES; k++) {
                double x = (double) k / MONOTONE_SAMPLES;
                env[s] = x;
                double v = 0;
                int c = 0;
                boolean looser;
                switch (p.kind) {
                    case REAL, INTEGER -> {
                        v = numericMaps[s][p.ordinal()].evalNumber(x, env);
                        boolean isDown = down[p.ordinal()];
                        double eff =
                                Double.isFinite(v) ? v : (isDown ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
                        looser = !first && (isDown ? eff > prevNum : eff < prevNum);
                        prevNum = eff;
                    }
                    case MODE -> {
                        c = modeMaps[s].evalChoice(x, env);
                        int rank = c < 0 ? SafetyMode.values().length : modeChoices[s][c].ordinal();
                        looser = !first && rank > prevRank;
                        prevRank = rank;
                    }
                    case TOOLS -> {
                        c = toolMaps[s].evalChoice(x, env);
                        long mask = c < 0 ? -1L : toolChoices[s][c];
                        looser = !first && (mask & ~prevMask) != 0;
                        prevMask = mask;
                    }
                    default -> throw new IllegalStateException(p.toString());
                }
                if (looser) {
                    String direction =
                            switch (p.kind) {
                                case MODE -> "towards strict";
                                case TOOLS -> "towards fewer tools";
                                default -> down[p.ordinal()] ? "down" : "up";
                            };
                    throw error(
                            at,
                            what + " must only tighten (" + direction + ") as x rises over [0, 1], but it gives "
                                    + describe(p, s, prevV, prevC, modeChoices, toolMaps) + " at x=" + fmt(prevX)
                                    + " and " + describe(p, s, v, c, modeChoices, toolMaps) + " at x=" + fmt(x)
                                    + (n > 1 ? " (other signals at " + fmt(others) + ")" : ""));
                }
                first = false;
                prevX = x;
                prevV = v;
                prevC = c;
            }
        }
    }

    /** What parameter {@code p} of signal {@code s} gives: the number {@code v}, or choice {@code c} (-1: no cap). */
    private static String describe(Param p, int s, double v, int c, SafetyMode[][] modeChoices, Expression[] toolMaps) {
        return switch (p.kind) {
            case REAL, INTEGER -> Double.isFinite(v) ? fmt(v) : "no cap";
            case MODE -> c < 0 ? "no cap" : modeChoices[s][c].wireName();
            case TOOLS -> c < 0 ? "no cap" : toolMaps[s].lists().get(c).toString();
            default -> throw new IllegalStateException(p.toString());
        };
    }

    private Expression compile(Node node, Scope scope, ValueType type, String what) {
        String src;
        if (node instanceof ListNode list && type == ValueType.STRING_LIST) {
            // A YAML list of tool names is the same as the list literal.
            StringBuilder sb = new StringBuilder("[");
            for (Node item : list.items()) {
                if (!(item instanceof Scalar sc) || sc.token() != JsonToken.VALUE_STRING) {
                    throw error(item.loc(), what + " must list tool names, but has " + item.describe());
                }
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append('\'')
                        .append(sc.text().replace("\\", "\\\\").replace("'", "\\'"))
                        .append('\'');
            }
            src = sb.append(']').toString();
            try {
                return Expression.compile(src, scope, type);
            } catch (ExprException e) {
                throw error(list.loc(), what + ": " + e.detail());
            }
        }
        if (!(node instanceof Scalar sc) || sc.token() == JsonToken.VALUE_NULL) {
            throw error(node.loc(), what + " must be an expression, but was " + node.describe());
        }
        src = sc.text();
        try {
            return Expression.compile(src, scope, type);
        } catch (ExprException e) {
            throw error(locate(sc, e), what + ": " + e.detail() + " in '" + Yaml.abbreviate(src) + "'");
        }
    }

    /** Translates a position inside a scalar's text to the file, allowing for quotes and block scalars. */
    private Loc locate(Scalar sc, ExprException e) {
        int line = sc.loc().line();
        int col = sc.loc().column();
        String raw = line - 1 < lines.length ? lines[line - 1] : "";
        char first = col - 1 < raw.length() ? raw.charAt(col - 1) : ' ';
        if (first == '|' || first == '>') {
            int fileLine = line + e.line();
            String content = fileLine - 1 < lines.length ? lines[fileLine - 1] : "";
            int indent = 0;
            while (indent < content.length() && content.charAt(indent) == ' ') {
                indent++;
            }
            return new Loc(fileLine, indent + e.column());
        }
        int shift = (first == '\'' || first == '"') ? 1 : 0;
        if (e.line() == 1) {
            return new Loc(line, col + shift + e.column() - 1);
        }
        return new Loc(line + e.line() - 1, e.column());
    }

    private MapNode map(Node node, String what) {
        if (node instanceof MapNode m) {
            return m;
        }
        throw error(node.loc(), what + " must be a mapping, but was " + node.describe());
    }

    private Scalar scalar(Node node, String what) {
        if (node instanceof Scalar s) {
            return s;
        }
        throw error(node.loc(), what + " must be a single value, but was " + node.describe());
    }

    /** A real parameter's results are rounded to this when the policy does not declare a precision. */
    static final double DEFAULT_PRECISION = 0.0001;

    /**
     * 1 / the declared {@code precision} (a power of ten from 1 down to 0.000001) of a real
     * parameter; its bounds must be multiples of it, so rounding never leaves them.
     */
    private double scale(MapNode spec, Param p, double lo, double hi) {
        Entry e = spec.entries().get("precision");
        double precision = e == null ? DEFAULT_PRECISION : number(e.value(), p.wireName + " precision");
        long decimals = Math.round(-Math.log10(precision));
        if (!(precision > 0) || decimals < 0 || decimals > 6 || Math.abs(precision - Math.pow(10, -decimals)) > 1e-15) {
            throw error(
                    e == null ? spec.loc() : e.value().loc(),
                    p.wireName + " precision must be one of 1, 0.1, 0.01, ..., 0.000001, but was " + fmt(precision));
        }
        double scale = Math.pow(10, decimals);
        for (double bound : new double[] {lo, hi}) {
            if (Math.abs(bound * scale - Math.rint(bound * scale)) > 1e-9) {
                throw error(
                        e == null ? spec.loc() : e.value().loc(),
                        p.wireName + " bounds must be multiples of its precision " + fmt(precision) + ", but "
                                + fmt(bound) + " is not");
            }
        }
        return scale;
    }

    private Node require(MapNode m, String key, String where) {
        Entry e = m.entries().get(key);
        if (e == null) {
            throw error(m.loc(), where + " is missing '" + key + "'");
        }
        return e.value();
    }

    private void checkKeys(MapNode m, Set<String> allowed, String what) {
        for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw error(
                        e.getValue().keyLoc(),
                        "unknown " + what + " '" + e.getKey() + "' (expected one of "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private double number(Node node, String what) {
        Scalar s = scalar(node, what);
        if (!s.isNumber()) {
            throw error(s.loc(), what + " must be a number, but was " + s.describe());
        }
        double d;
        try {
            d = Double.parseDouble(s.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(s.loc(), what + " must be a number, but was " + s.describe());
        }
        if (!Double.isFinite(d)) {
            throw error(s.loc(), what + " must be a finite number, but was " + s.describe());
        }
        return d;
    }

    private long integer(Node node, String what, long min, long max) {
        Scalar s = scalar(node, what);
        long v;
        try {
            if (s.token() != JsonToken.VALUE_NUMBER_INT) {
                throw new NumberFormatException();
            }
            v = Long.parseLong(s.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(s.loc(), what + " must be a whole number, but was " + s.describe());
        }
        if (v < min || v > max) {
            throw error(
                    s.loc(),
                    what + " must be "
                            + (max == Long.MAX_VALUE / 4 || max == Integer.MAX_VALUE
                                    ? ">= " + min
                                    : "in [" + min + ", " + max + "]")
                            + ", but was " + v);
        }
        return v;
    }

    private boolean bool(Node node, String what) {
        Scalar s = scalar(node, what);
        if (s.token() == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (s.token() == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw error(s.loc(), what + " must be true or false, but was " + s.describe());
    }

    private String text(Node node, String what) {
        Scalar s = scalar(node, what);
        if (s.token() != JsonToken.VALUE_STRING) {
            throw error(s.loc(), what + " must be text, but was " + s.describe());
        }
        return s.text();
    }

    private String word(Node node, String what, Set<String> allowed) {
        String w = text(node, what);
        if (!allowed.contains(w)) {
            throw error(
                    node.loc(),
                    what + " must be one of "
                            + String.join(", ", allowed.stream().sorted().toList()) + ", but was '" + w + "'");
        }
        return w;
    }

    private List<String> words(Node node, String what) {
        return texts(node, what);
    }

    private List<String> texts(Node node, String what) {
        if (!(node instanceof ListNode list)) {
            throw error(node.loc(), what + " must be a list, but was " + node.describe());
        }
        List<String> out = new ArrayList<>();
        for (Node item : list.items()) {
            out.add(text(item, what + " item"));
        }
        return List.copyOf(out);
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
