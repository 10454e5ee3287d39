package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tool-call phrases the offline provider understands in a user message (docs/providers.md,
 * "Offline provider"):
 *
 * <pre>
 * instruction := ("call" | "use") ["the"] NAME ["tool"] [ "with" ARGS | "on" VALUE ]
 * NAME        := [A-Za-z0-9_-]{1,64}   -- a tool only if offered, or containing "_", or followed by "tool"
 * ARGS        := JSON-object | PAIR ("," PAIR)* | VALUE
 * PAIR        := KEY "=" VALUE          KEY := [A-Za-z_][A-Za-z0-9_]*
 * VALUE       := '"' text '"' | text up to "," ";" end of line or a following ["and"|"then"] instruction
 *                (trimmed, one final "." dropped)
 * </pre>
 *
 * A JSON object is passed on verbatim (even when malformed: unbalanced braces take the rest of the
 * message). A lone VALUE goes to the tool's primary parameter (first required property, else
 * first property, else {@code input}).
 */
final class OfflineInstructions {
    private static final Pattern INSTRUCTION = Pattern.compile(
            "\\b(?:call|use)\\s+(?:the\\s+)?([A-Za-z0-9_-]{1,64})(\\s+tool\\b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern WITH = Pattern.compile("\\s+(with|on)\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEXT_INSTRUCTION =
            Pattern.compile("\\s+(?:(?:and|then)\\s+)?((?:call|use)\\s)", Pattern.CASE_INSENSITIVE);
    private static final Pattern KEY = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*");

    /** A tool call asked for: the tool's name and the arguments' JSON text. */
    record Requested(String name, String arguments) {}

    private final String text;
    private final Map<String, FunctionDefinition> byName = new HashMap<>();

    private OfflineInstructions(String text, List<FunctionDefinition> offered) {
        this.text = text;
        offered.forEach(t -> byName.put(t.name(), t));
    }

    static List<Requested> parse(String text, List<FunctionDefinition> offered) {
        return new OfflineInstructions(text, offered).calls();
    }

    /** Whether the instruction matched names a tool: offered, or with "_", or followed by "tool". */
    private boolean namesATool(Matcher m) {
        return byName.containsKey(m.group(1)) || m.group(1).contains("_") || m.group(2) != null;
    }

    private List<Requested> calls() {
        List<Requested> calls = new ArrayList<>();
        Matcher m = INSTRUCTION.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            String name = m.group(1);
            if (!namesATool(m)) {
                from = m.start() + 1;
                continue;
            }
            String primary = primary(byName.get(name));
            int pos = m.end();
            Matcher w = WITH.matcher(text).region(pos, text.length());
            String arguments = "{}";
            if (w.lookingAt()) {
                boolean on = w.group(1).toLowerCase(Locale.ROOT).equals("on");
                pos = w.end();
                Parsed args = on ? lone(pos, primary) : args(pos, primary);
                arguments = args.json;
                pos = args.end;
            }
            calls.add(new Requested(name, arguments));
            from = Math.max(pos, m.end());
        }
        return calls;
    }

    private record Parsed(String json, int end) {}

    private Parsed args(int pos, String primary) {
        if (pos < text.length() && text.charAt(pos) == '{') {
            int end = matchingBrace(text, pos);
            return new Parsed(text.substring(pos, end).strip(), end);
        }
        ObjectNode obj = OpenAiWire.JSON.createObjectNode();
        int p = pos;
        while (true) {
            Matcher k = KEY.matcher(text).region(p, text.length());
            if (!k.lookingAt()) {
                break;
            }
            Value v = value(k.end());
            obj.put(k.group(1), v.text);
            p = v.end;
            int q = p;
            while (q < text.length() && text.charAt(q) == ' ') {
                q++;
            }
            if (q < text.length()
                    && text.charAt(q) == ','
                    && KEY.matcher(text).region(q + 1, text.length()).lookingAt()) {
                p = q + 1;
            } else {
                break;
            }
        }
        if (obj.isEmpty()) {
            return lone(pos, primary);
        }
        return new Parsed(obj.toString(), p);
    }

    private Parsed lone(int pos, String primary) {
        Value v = value(pos);
        ObjectNode obj = OpenAiWire.JSON.createObjectNode().put(primary, v.text);
        return new Parsed(obj.toString(), v.end);
    }

    private record Value(String text, int end) {}

    private Value value(int pos) {
        if (pos < text.length() && text.charAt(pos) == '"') {
            StringBuilder s = new StringBuilder();
            int i = pos + 1;
            while (i < text.length() && text.charAt(i) != '"') {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    c = text.charAt(++i);
                }
                s.append(c);
                i++;
            }
            return new Value(s.toString(), Math.min(i + 1, text.length()));
        }
        int i = pos;
        while (i < text.length() && ",;\n\r".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        Matcher next = NEXT_INSTRUCTION.matcher(text).region(pos, i);
        while (next.find()) {
            Matcher instruction = INSTRUCTION.matcher(text).region(next.start(1), text.length());
            if (instruction.lookingAt() && namesATool(instruction)) {
                i = next.start();
                break;
            }
        }
        String v = text.substring(pos, i).strip();
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        return new Value(v, i);
    }

    /** The index just after the brace closing the one at {@code open}, or the end of text. */
    private static int matchingBrace(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    private static String primary(FunctionDefinition tool) {
        if (tool == null) {
            return "input";
        }
        String p = tool.primaryParameter();
        return p.isEmpty() ? "input" : p;
    }
}
