package ai.lukhas.pwm.governance.moderation.eval;

import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A labelled evaluation set read from JSON Lines, one item per line:
 *
 * <pre>{@code
 * {"id":"thr-001","group":"thr-001","split":"tune","kind":"user_input","category":"threats",
 *  "expected":"flag","theme":"direct","obfuscation":"none","preset":"standard","text":"..."}
 * }</pre>
 *
 * Required: {@code id}, {@code category}, {@code expected} ({@code flag} or {@code pass}) and {@code text};
 * {@code kind} defaults to {@code user_input}, {@code group} to the id, {@code preset} to {@code standard},
 * {@code theme} and {@code obfuscation} to {@code none}. {@code split} may be omitted (it is computed from the
 * group, {@link Split#of}); when given it must agree with that rule, so nobody can move an item into the tune
 * split after the fact. Errors name the file and line.
 *
 * <pre>{@code EvalSet set = EvalSet.bundled(); // the set shipped with LUKHAS (docs/moderation-eval.md)}</pre>
 */
public record EvalSet(String source, List<EvalItem> items) {
    /** The classpath location of the bundled set (written by tools/moderation/make_eval_set.py). */
    public static final String BUNDLED = "/ai/lukhas/pwm/governance/moderation/eval/moderation-eval.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    public EvalSet {
        Objects.requireNonNull(source, "source");
        items = List.copyOf(items);
    }

    /** The set shipped in the jar. */
    public static EvalSet bundled() {
        try (InputStream in = EvalSet.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled evaluation set " + BUNDLED + " is missing from the jar");
            }
            return parse("moderation-eval.jsonl", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled evaluation set", e);
        }
    }

    /**
     * Reads a set from a file.
     *
     * @throws IllegalArgumentException naming the file and line of the first problem
     */
    public static EvalSet read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** Parses JSON Lines text; {@code source} names it in errors. */
    public static EvalSet parse(String source, String text) {
        List<EvalItem> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            EvalItem item = item(source, lineNo, line);
            if (!ids.add(item.id())) {
                throw new IllegalArgumentException(source + " line " + lineNo + ": duplicate id '" + item.id() + "'");
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException(source + ": no items (expected one JSON object per line)");
        }
        return new EvalSet(source, items);
    }

    /** The items of one split. */
    public List<EvalItem> items(Split split) {
        return items.stream().filter(it -> it.split() == split).toList();
    }

    private static EvalItem item(String source, int lineNo, String line) {
        String where = source + " line " + lineNo + ": ";
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + "not a JSON object: " + e.getOriginalMessage());
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + "expected a JSON object, but was " + n.getNodeType());
        }
        String id = required(n, "id", where);
        String group = optional(n, "group", id, where);
        Split computed = Split.of(group);
        String splitText = optional(n, "split", computed.wireName(), where);
        if (!splitText.equals(computed.wireName())) {
            throw new IllegalArgumentException(where + "split must be '" + computed.wireName()
                    + "' (decided by a hash of the group '" + group + "'), but was '" + splitText + "'");
        }
        String kindText = optional(n, "kind", "user_input", where);
        ContentKind kind =
                switch (kindText) {
                    case "user_input" -> ContentKind.USER_INPUT;
                    case "tool_output" -> ContentKind.TOOL_OUTPUT;
                    case "final_output" -> ContentKind.FINAL_OUTPUT;
                    default ->
                        throw new IllegalArgumentException(where
                                + "kind must be user_input, tool_output or final_output, but was '" + kindText + "'");
                };
        String expected = required(n, "expected", where);
        if (!expected.equals("flag") && !expected.equals("pass")) {
            throw new IllegalArgumentException(where + "expected must be flag or pass, but was '" + expected + "'");
        }
        ModerationPreset preset;
        try {
            preset = ModerationPreset.named(optional(n, "preset", "standard", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage());
        }
        return new EvalItem(
                id,
                group,
                computed,
                kind,
                required(n, "category", where).toLowerCase(Locale.ROOT),
                expected.equals("flag"),
                optional(n, "theme", "none", where),
                optional(n, "obfuscation", "none", where),
                preset,
                requiredText(n, where));
    }

    private static String required(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + "'" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static String requiredText(JsonNode n, String where) {
        JsonNode v = n.get("text");
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + "'text' must be a string");
        }
        return v.asText();
    }

    private static String optional(JsonNode n, String field, String fallback, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + "'" + field + "' must be a non-empty string when given");
        }
        return v.asText();
    }
}
