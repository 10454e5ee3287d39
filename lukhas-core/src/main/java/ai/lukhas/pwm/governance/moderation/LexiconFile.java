package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.WireName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the local provider's rule file ({@code local-lexicon.rules} next to this class; its header states the
 * syntax): named pieces of text ({@code define NAME = ...}, used as {@code {{NAME}}}), then rule lists by
 * section, each rule with its category, id, weight, pattern, optional context cues and trigger words. A rule
 * is data, so the file holds what was ~1,000 lines of Java calls; any mistake in it (an unknown name or
 * category, a weight out of range, a pattern that does not compile, a rule without triggers, a name defined
 * and never used) fails at class initialisation with the file's line.
 *
 * <pre>{@code
 * LexiconFile.Rules rules = LexiconFile.load("local-lexicon.rules");
 * rules.section("content"); // the content rules, in file order
 * }</pre>
 */
final class LexiconFile {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern REF = Pattern.compile("\\{\\{([^}]*)}}");
    private static final String CONTINUATION = "    + ";
    private static final Set<String> KEYS = Set.of("pattern", "requires", "unless", "triggers");

    private LexiconFile() {}

    /**
     * The rules of one file.
     *
     * @param sections each section's rules in file order, by section name
     * @param triggers each rule's trigger words by its reason ({@code category:id})
     */
    record Rules(Map<String, List<LexiconRule>> sections, Map<String, String> triggers) {
        Rules {
            sections = Map.copyOf(sections);
            triggers = Map.copyOf(triggers);
        }

        /** The rules of {@code name}; a file without that section is a build error. */
        List<LexiconRule> section(String name) {
            List<LexiconRule> rules = sections.get(name);
            if (rules == null) {
                throw new IllegalStateException(
                        "the lexicon has no section [" + name + "], but has " + sections.keySet());
            }
            return rules;
        }
    }

    /** Reads {@code resource} from this class's package. */
    static Rules load(String resource) {
        try (InputStream in = LexiconFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("lexicon resource " + resource + " is missing from the build");
            }
            return parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                            .lines()
                            .toList(),
                    resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon resource " + resource, e);
        }
    }

    /** A value as written (its line, its text so far). */
    private static final class Value {
        final int line;
        final StringBuilder text;

        Value(int line, String first) {
            this.line = line;
            this.text = new StringBuilder(first);
        }
    }

    /** A rule as written, before its names are expanded. */
    private record RawRule(
            int line,
            String section,
            ModerationCategory category,
            String id,
            double weight,
            Map<String, Value> values) {}

    /** Parses the lines of a rule file; {@code source} names it in errors. */
    static Rules parse(List<String> lines, String source) {
        Map<String, Value> defines = new LinkedHashMap<>();
        Set<String> sectionNames = new LinkedHashSet<>();
        List<RawRule> raw = new ArrayList<>();
        String section = null;
        Value open = null;
        for (int i = 0; i < lines.size(); i++) {
            int n = i + 1;
            String line = lines.get(i);
            if (line.startsWith(CONTINUATION)) {
                if (open == null) {
                    throw error(source, n, "a continuation line must follow a value, but follows no value");
                }
                open.text.append(line, CONTINUATION.length(), line.length());
                continue;
            }
            open = null;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("define ")) {
                if (section != null) {
                    throw error(source, n, "define must come before the first section, but follows [" + section + "]");
                }
                String[] nameValue = keyValue(line.substring("define ".length()), source, n);
                if (!NAME.matcher(nameValue[0]).matches() || defines.containsKey(nameValue[0])) {
                    throw error(source, n, "a define needs a new upper-case name, but was \"" + nameValue[0] + "\"");
                }
                open = new Value(n, nameValue[1]);
                defines.put(nameValue[0], open);
            } else if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                if (!sectionNames.add(section)) {
                    throw error(source, n, "section [" + section + "] is opened twice");
                }
            } else if (line.startsWith("rule ")) {
                if (section == null) {
                    throw error(source, n, "a rule must be inside a section, but comes before the first one");
                }
                raw.add(rule(line, section, source, n));
            } else if (line.startsWith("  ") && !raw.isEmpty() && !line.startsWith("   ")) {
                String[] keyValue = keyValue(line.substring(2), source, n);
                RawRule rule = raw.getLast();
                if (!KEYS.contains(keyValue[0]) || rule.values().containsKey(keyValue[0])) {
                    throw error(
                            source,
                            n,
                            "a rule line must be one of " + KEYS + " once each, but was \"" + keyValue[0] + "\"");
                }
                open = new Value(n, keyValue[1]);
                rule.values().put(keyValue[0], open);
            } else {
                throw error(
                        source,
                        n,
                        "expected a comment, define, [section], rule, an indented rule line or a continuation, but was \""
                                + line + "\"");
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> used = new LinkedHashSet<>();
        defines.forEach((name, value) -> names.put(name, expand(value, names, used, source)));
        Map<String, List<LexiconRule>> sections = new LinkedHashMap<>();
        sectionNames.forEach(s -> sections.put(s, new ArrayList<>()));
        Map<String, String> triggers = new LinkedHashMap<>();
        for (RawRule r : raw) {
            sections.get(r.section()).add(compile(r, names, used, source));
            Value words = r.values().get("triggers");
            if (words == null) {
                throw error(source, r.line(), "rule " + r.id() + " has no triggers line");
            }
            String reason = r.category().wireName() + ":" + r.id();
            if (triggers.put(reason, expand(words, names, used, source)) != null) {
                throw error(source, r.line(), "rule " + reason + " is defined twice");
            }
        }
        for (String name : names.keySet()) {
            if (!used.contains(name)) {
                throw error(source, defines.get(name).line, name + " is defined but never used");
            }
        }
        Map<String, List<LexiconRule>> frozen = new LinkedHashMap<>();
        sections.forEach((s, rules) -> frozen.put(s, List.copyOf(rules)));
        return new Rules(frozen, triggers);
    }

    private static RawRule rule(String line, String section, String source, int n) {
        String[] parts = line.split(" ");
        if (parts.length != 4) {
            throw error(source, n, "expected \"rule CATEGORY ID WEIGHT\", but was \"" + line + "\"");
        }
        ModerationCategory category = WireName.parse(ModerationCategory.class, parts[1])
                .orElseThrow(() -> error(source, n, "unknown category \"" + parts[1] + "\""));
        double weight;
        try {
            weight = Double.parseDouble(parts[3]);
        } catch (NumberFormatException e) {
            throw error(source, n, "the weight must be a number, but was \"" + parts[3] + "\"");
        }
        return new RawRule(n, section, category, parts[2], weight, new LinkedHashMap<>());
    }

    private static LexiconRule compile(RawRule r, Map<String, String> names, Set<String> used, String source) {
        Value pattern = r.values().get("pattern");
        if (pattern == null) {
            throw error(source, r.line(), "rule " + r.id() + " has no pattern line");
        }
        String regex = expand(pattern, names, used, source);
        Optional<String> requires =
                Optional.ofNullable(r.values().get("requires")).map(v -> expand(v, names, used, source));
        Optional<String> unless =
                Optional.ofNullable(r.values().get("unless")).map(v -> expand(v, names, used, source));
        try {
            return LexiconRule.compile(r.category(), r.id(), r.weight(), regex, requires, unless);
        } catch (PatternSyntaxException e) {
            throw error(source, r.line(), "rule " + r.id() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) { // a weight out of range; the message names the rule
            throw error(source, r.line(), e.getMessage());
        }
    }

    /** The value with every {@code {{NAME}}} replaced by that name's text; names must be defined above. */
    private static String expand(Value value, Map<String, String> names, Set<String> used, String source) {
        Matcher m = REF.matcher(value.text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = names.get(m.group(1));
            if (text == null) {
                throw error(source, value.line, "{{" + m.group(1) + "}} is not defined above its use");
            }
            used.add(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        return m.appendTail(out).toString();
    }

    private static String[] keyValue(String text, String source, int n) {
        int eq = text.indexOf(" = ");
        if (eq <= 0) {
            throw error(source, n, "expected \"NAME = VALUE\", but was \"" + text + "\"");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 3)};
    }

    private static IllegalStateException error(String source, int line, String detail) {
        return new IllegalStateException(source + " line " + line + ": " + detail);
    }
}
