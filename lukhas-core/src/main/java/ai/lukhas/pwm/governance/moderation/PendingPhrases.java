package ai.lukhas.pwm.governance.moderation;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a streamed answer may be cut for release so that no phrase a moderation rule could still
 * complete has started to leave: the phrase half of the stream release rule (docs/governance.md,
 * "Streaming release"). One per stream, fed the whole answer so far each time; not thread-safe.
 *
 * <pre>{@code
 * PendingPhrases p = moderator.pendingPhrases(64).orElseThrow();
 * p.releasable("The capital of France is Paris");   // 30: no rule can be completed from here
 * p.releasable("Fine. I will kill y");               // 6: "I will kill y…" could still become a threat
 * }</pre>
 *
 * <p>How: the answer is normalised as the local provider normalises it (NFKC, lower case, invisible
 * characters dropped, white space collapsed), character by character so that every normalised
 * position maps back to the answer. A position is <em>pending</em> when a rule's pattern, tried from
 * there, reads past the end of the text ({@link Matcher#hitEnd()}): more text could complete a match
 * that starts there. Everything before the first pending position is released; a position whose
 * attempt failed without reaching the end can never start a match, whatever follows, so it is not
 * tried again (the scan resumes where the last one stopped: a stream costs about one attempt per
 * rule per character, and each rule is tried only at characters its pattern can start with).
 *
 * <p>What this does not see: a rule's {@code requires} or {@code unless} context (the pattern alone
 * decides what is held), and obfuscated spellings (spaced or repeated letters, leetspeak, look-alike
 * letters, base64), which change positions. For those the old rule applies: while the open sentence
 * (at most {@code fallbackWindow} characters) shows any of them it is held whole (words of a phrase
 * written before its first disguised character may have left: "How do I " before "c00k"); and the word being
 * written (a trailing run of base64 characters) is held until it ends, however long it grows, since
 * it could still become a blob that decodes to a phrase.
 */
public final class PendingPhrases {
    private final List<Rule> rules;
    private final int fallbackWindow;
    private final StringBuilder norm = new StringBuilder();
    /** {@code map[i]}: the index in the answer of the character normalised to {@code norm[i]}. */
    private int[] map = new int[256];
    /** Answer characters consumed into {@link #norm}. */
    private int consumed;
    /** Index in the answer of a white space run not yet written (it is written before the next character). */
    private int pendingSpace = -1;
    /** Normalised positions before it can never start a match. */
    private int resolved;

    private final Matcher[] matchers;

    PendingPhrases(List<Pattern> patterns, int fallbackWindow) {
        if (fallbackWindow < 0) {
            throw new IllegalArgumentException("fallbackWindow must be >= 0, but was " + fallbackWindow);
        }
        this.rules = patterns.stream().map(Rule::of).toList();
        this.fallbackWindow = fallbackWindow;
        this.matchers = new Matcher[this.rules.size()];
    }

    /**
     * The end (exclusive) of the prefix of {@code text} (the whole answer so far; each call passes a
     * longer version of the same text) that no rule could still extend into a match.
     */
    public int releasable(CharSequence text) {
        if (text.length() < consumed) {
            throw new IllegalArgumentException(
                    "the text must only grow, but it shrank from " + consumed + " to " + text.length() + " characters");
        }
        normaliseUpTo(text);
        int n = norm.length();
        int pending = n;
        for (int p = resolved; p < n && pending == n; p++) {
            for (int r = 0; r < rules.size(); r++) {
                if (!rules.get(r).mayStartAt(norm, p)) {
                    continue;
                }
                Matcher m = matchers[r];
                if (m == null) {
                    m = rules.get(r).pattern().matcher(norm);
                    m.useTransparentBounds(true).useAnchoringBounds(false);
                    matchers[r] = m;
                }
                m.region(p, n);
                m.lookingAt();
                if (m.hitEnd()) {
                    pending = p;
                    break;
                }
            }
        }
        resolved = pending;
        int limit = pending < n ? map[pending] : consumed;
        return Math.min(limit, obfuscationStart(text));
    }

    /**
     * Where text that may spell a phrase in disguise starts: the open sentence when it shows spaced or
     * repeated letters, leetspeak or look-alike letters; else the word being written.
     */
    private int obfuscationStart(CharSequence text) {
        // the word being written could still grow into a base64 blob that decodes to a phrase
        int end = text.length();
        while (end > 0 && isBase64(text.charAt(end - 1))) {
            end--;
        }
        int open = openSentenceStart(text, fallbackWindow);
        if (open >= end || !mayBeDisguised(text, open)) {
            return end;
        }
        String sentence = text.subSequence(open, text.length()).toString();
        String normal = LocalModerationProvider.normalise(sentence);
        boolean disguised = Obfuscation.joinSpelledOut(sentence) != sentence
                || Obfuscation.collapseRepeats(normal) != normal
                || Obfuscation.foldHomoglyphs(normal) != normal
                || LocalModerationProvider.undoLeet(normal) != normal;
        return disguised ? Math.min(open, end) : end;
    }

    /**
     * A scan without copies for what the checks below look for: a character outside ASCII (look-alike
     * letters, invisible characters), a digit or symbol next to a letter (leetspeak), three equal
     * letters in a row, or two lone letters one separator apart (spelled out). Most sentences have none.
     */
    private static boolean mayBeDisguised(CharSequence text, int from) {
        int n = text.length();
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                return true;
            }
            boolean letterBefore = i > from && Character.isLetter(text.charAt(i - 1));
            boolean letterAfter = i + 1 < n && Character.isLetter(text.charAt(i + 1));
            if ("0134579@$!|".indexOf(c) >= 0 && (letterBefore || letterAfter)) {
                return true;
            }
            if (i >= from + 2 && Character.isLetter(c) && c == text.charAt(i - 1) && c == text.charAt(i - 2)) {
                return true;
            }
            if (lone(text, from, i) && i + 2 < n && lone(text, from, i + 2)) {
                return true;
            }
        }
        return false;
    }

    /** A letter or digit with none right before or after it. */
    private static boolean lone(CharSequence text, int from, int i) {
        return Character.isLetterOrDigit(text.charAt(i))
                && (i == from || !Character.isLetterOrDigit(text.charAt(i - 1)))
                && (i + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(i + 1)));
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/'
                || c == '=';
    }

    /**
     * Where the open sentence starts (after the last {@code . ! ?} followed by white space, or a line
     * break), but no earlier than {@code window} characters before the end.
     */
    public static int openSentenceStart(CharSequence text, int window) {
        int n = text.length();
        int floor = Math.max(0, n - window);
        for (int i = n - 1; i >= floor; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (i + 1 < n && Character.isWhitespace(text.charAt(i + 1)) && (c == '.' || c == '!' || c == '?')) {
                return i + 1;
            }
        }
        return floor;
    }

    /** Appends the normalised form of the characters of {@code text} not yet consumed. */
    private void normaliseUpTo(CharSequence text) {
        int n = text.length();
        int i = consumed;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 >= n) {
                break; // its low half has not arrived yet
            }
            int cp = Character.codePointAt(text, i);
            int width = Character.charCount(cp);
            if (cp < 128) {
                if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                    space(i);
                } else {
                    put(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c, i);
                }
            } else if (!LocalModerationProvider.isInvisible(c)) {
                String s = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC)
                        .toLowerCase(Locale.ROOT);
                for (int k = 0; k < s.length(); k++) {
                    char x = s.charAt(k);
                    if (x == ' ' || x == '\t' || x == '\n' || x == '\u000B' || x == '\f' || x == '\r') {
                        space(i);
                    } else {
                        put(
                                switch (x) {
                                    case '\u2018', '\u2019' -> '\'';
                                    case '\u201C', '\u201D' -> '"';
                                    default -> x;
                                },
                                i);
                    }
                }
            }
            i += width;
        }
        consumed = i;
    }

    private void space(int at) {
        if (pendingSpace < 0) {
            pendingSpace = at;
        }
    }

    private void put(char c, int at) {
        if (pendingSpace >= 0) {
            if (!norm.isEmpty()) {
                append(' ', pendingSpace);
            }
            pendingSpace = -1;
        }
        append(c, at);
    }

    private void append(char c, int at) {
        if (norm.length() == map.length) {
            map = Arrays.copyOf(map, map.length * 2);
        }
        map[norm.length()] = at;
        norm.append(c);
    }

    /**
     * A phrase pattern and the ASCII characters a match of it can start with, after a word character
     * and after any other (so most positions are skipped without running the pattern). Derived from
     * the pattern itself by trying each character alone, once per pattern (cached); patterns with a
     * lookbehind are tried everywhere (what precedes a position could change their answer).
     */
    record Rule(Pattern pattern, boolean[] atStart, boolean[] afterWord, boolean[] afterOther) {
        /** Patterns are compared by identity: the local rules and each tenant's, compiled once. */
        private static final Map<Pattern, Rule> CACHE = new ConcurrentHashMap<>();

        private static final int MAX_CACHED = 10_000;

        static Rule of(Pattern pattern) {
            Rule cached = CACHE.get(pattern);
            if (cached != null) {
                return cached;
            }
            Rule rule = pattern.pattern().contains("(?<")
                    ? new Rule(pattern, null, null, null)
                    : new Rule(pattern, probe(pattern, ""), probe(pattern, "a"), probe(pattern, " "));
            if (CACHE.size() < MAX_CACHED) {
                CACHE.put(pattern, rule);
            }
            return rule;
        }

        private static boolean[] probe(Pattern pattern, String before) {
            boolean[] can = new boolean[128];
            for (char c = 0; c < 128; c++) {
                String s = before + c;
                Matcher m = pattern.matcher(s);
                m.useTransparentBounds(true).useAnchoringBounds(false);
                m.region(before.length(), s.length());
                can[c] = m.lookingAt() || m.hitEnd();
            }
            return can;
        }

        boolean mayStartAt(CharSequence text, int p) {
            if (atStart == null) {
                return true;
            }
            char c = text.charAt(p);
            if (c >= 128) {
                return true;
            }
            if (p == 0) {
                return atStart[c];
            }
            char before = text.charAt(p - 1);
            if (before >= 128) {
                return true;
            }
            boolean word = (before >= 'a' && before <= 'z')
                    || (before >= 'A' && before <= 'Z')
                    || (before >= '0' && before <= '9')
                    || before == '_';
            return word ? afterWord[c] : afterOther[c];
        }
    }
}
