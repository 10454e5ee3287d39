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
 * p.releasable("Fine. I will k1ll y");               // 6: the same in leetspeak
 * p.releasable("word1 word2 ");                      // 12: digits next to letters hold nothing by themselves
 * }</pre>
 *
 * <p>How: the rules run on several texts made from the answer ({@link LocalModerationProvider#variants}):
 * the normalised answer (NFKC, lower case, invisible characters dropped, white space collapsed); the same
 * with letters spelled out one by one joined, look-alike letters folded and runs of equal letters
 * collapsed; that with leetspeak undone; and the ASCII hidden in Unicode tag characters. Each is built here
 * too, character by character as the answer grows, with every character mapped back to the answer
 * character it came from. A position of one of these texts is <em>pending</em> when a rule's pattern, tried
 * from there, reads past its end ({@link Matcher#hitEnd()}): more text could complete a match that starts
 * there. Everything before the first pending position of every text is released; a position whose attempt
 * failed without reaching the end can never start a match, whatever follows, so it is not tried again (the
 * scan resumes where the last one stopped: a stream costs about one attempt per rule per character and
 * text, each rule tried only at characters its pattern can start with, and a text that equals the one it
 * is made from is not scanned twice).
 *
 * <p>A derived text only takes in characters whose form can no longer change: a separator that may still
 * join two spelled-out letters, the second letter of a pair that may still become a run of three, and a
 * digit or symbol that may still turn out to stand for a letter are not in it yet, and nothing from the
 * first of them on is released. So each derived text is at every moment the start of the text moderation
 * derives from any longer answer, and a match moderation finds there later was pending here before it.
 *
 * <p>What this does not see: a rule's {@code requires} or {@code unless} context (the pattern alone decides
 * what is held); and a base64 blob, which is held instead as the word being written (a trailing run of
 * base64 characters, however long it grows) until it ends and the driver moderates it whole. Characters are
 * normalised one by one, while moderation normalises the whole text: the two differ only where a combining
 * mark composes with the character before it, and while the open sentence (at most {@code fallbackWindow}
 * characters) has such a mark it is held whole.
 */
public final class PendingPhrases {
    private final List<Rule> rules;
    private final int fallbackWindow;

    /** The normalised answer. */
    private final View plain = new View();
    /** Spelled-out letters joined, look-alike letters folded, runs of equal letters collapsed. */
    private final View collapsed = new View();
    /** {@link #collapsed} with leetspeak undone. */
    private final View deobfuscated = new View();
    /** The ASCII hidden in tag characters, normalised; empty while the answer has none. */
    private final View smuggled = new View();

    private final Normaliser plainNormaliser = new Normaliser(plain::append);
    private final Leet leet = new Leet(deobfuscated::append);
    private final Collapser collapser = new Collapser(new Sink() {
        @Override
        public void accept(char c, int at) {
            collapsed.append(c, at);
            leet.accept(c, at);
        }

        @Override
        public void spaceComing() {
            leet.spaceComing();
        }
    });
    private final Joiner joiner = new Joiner(new Normaliser(collapser));
    private final Normaliser smuggledNormaliser = new Normaliser(smuggled::append);

    /** Answer characters fed to the texts. */
    private int consumed;
    /** Index in the answer of the last combining mark that composes with what precedes it, or -1. */
    private int composedAt = -1;

    PendingPhrases(List<Pattern> patterns, int fallbackWindow) {
        if (fallbackWindow < 0) {
            throw new IllegalArgumentException("fallbackWindow must be >= 0, but was " + fallbackWindow);
        }
        this.rules = patterns.stream().map(Rule::of).toList();
        this.fallbackWindow = fallbackWindow;
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
        feed(text);
        int n = text.length();
        int limit = Math.min(n, wordInProgress(text));
        // the plain text; then each derived text unless it equals the text it is made from (same answer)
        limit = Math.min(limit, plain.pending());
        limit = Math.min(limit, plainNormaliser.held());
        int collapsedFrontier = Math.min(joiner.held(n), collapser.held());
        limit = Math.min(limit, collapsedFrontier);
        if (!collapser.changed && !joiner.removed && collapsed.length() == plain.length()) {
            collapsed.resolved = plain.resolved;
        } else {
            limit = Math.min(limit, collapsed.pending());
        }
        limit = Math.min(limit, leet.held());
        if (!leet.changed && deobfuscated.length() == collapsed.length()) {
            deobfuscated.resolved = collapsed.resolved;
        } else {
            limit = Math.min(limit, deobfuscated.pending());
        }
        if (smuggled.length() > 0) {
            limit = Math.min(limit, smuggled.pending());
        }
        if (composedAt >= 0) {
            int open = openSentenceStart(text, fallbackWindow);
            if (composedAt >= open) {
                limit = Math.min(limit, open);
            }
        }
        return limit;
    }

    /** Feeds the characters of {@code text} not yet consumed to the texts the rules run on. */
    private void feed(CharSequence text) {
        int n = text.length();
        for (int i = consumed; i < n; i++) {
            char c = text.charAt(i);
            plainNormaliser.accept(c, i);
            if (c >= 128 && i > 0) {
                int cp = c;
                int at = i;
                if (Character.isLowSurrogate(c) && Character.isHighSurrogate(text.charAt(i - 1))) {
                    cp = Character.toCodePoint(text.charAt(i - 1), c);
                    at = i - 1;
                }
                if (cp >= 0xE0020 && cp <= 0xE007E) {
                    smuggledNormaliser.accept((char) (cp - 0xE0000), at);
                } else if (composes(text, at, cp)) {
                    composedAt = at;
                }
            }
        }
        consumed = n;
        joiner.advance(text);
    }

    /**
     * Whether the mark {@code cp} at {@code at} normalises differently after the code point before it
     * than alone: then moderation (which normalises the whole text) reads something else there.
     */
    private static boolean composes(CharSequence text, int at, int cp) {
        int type = Character.getType(cp);
        boolean mark = type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || (cp >= 0x1160 && cp <= 0x11FF) // Hangul vowel and final jamo
                || (cp >= 0xD7B0 && cp <= 0xD7FF);
        if (!mark || at == 0) {
            return false;
        }
        int before = Character.codePointBefore(text, at);
        String pair =
                new StringBuilder().appendCodePoint(before).appendCodePoint(cp).toString();
        String apart = Normalizer.normalize(new String(Character.toChars(before)), Normalizer.Form.NFKC)
                + Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
        return !Normalizer.normalize(pair, Normalizer.Form.NFKC).equals(apart);
    }

    /**
     * Where the word being written starts (a trailing run of base64 characters): it could still grow into
     * a base64 blob that decodes to a phrase, so it is held until it ends.
     */
    private static int wordInProgress(CharSequence text) {
        int end = text.length();
        while (end > 0 && isBase64(text.charAt(end - 1))) {
            end--;
        }
        return end;
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

    /** Where a stage sends a character it has settled, with the index in the answer it came from. */
    @FunctionalInterface
    private interface Sink {
        void accept(char c, int at);

        /**
         * The next character will be a space (a white space run has started after written text): what
         * waited to see whether a letter follows is settled.
         */
        default void spaceComing() {}
    }

    /** No character held. */
    private static final int NONE = Integer.MAX_VALUE;

    /** One text the rules run on, as far as it is settled, and how far it is scanned. */
    private final class View {
        private final StringBuilder text = new StringBuilder();
        /** {@code map[i]}: the index in the answer of the character {@code text[i]} came from. */
        private int[] map = new int[256];
        /** Positions before it can never start a match. */
        int resolved;

        private Matcher[] matchers;

        void append(char c, int at) {
            if (text.length() == map.length) {
                map = Arrays.copyOf(map, map.length * 2);
            }
            map[text.length()] = at;
            text.append(c);
        }

        int length() {
            return text.length();
        }

        /** The index in the answer of the first pending position, or {@link #NONE}. */
        int pending() {
            if (matchers == null) {
                matchers = new Matcher[rules.size()];
            }
            int n = text.length();
            int pending = n;
            for (int p = resolved; p < n && pending == n; p++) {
                for (int r = 0; r < rules.size(); r++) {
                    if (!rules.get(r).mayStartAt(text, p)) {
                        continue;
                    }
                    Matcher m = matchers[r];
                    if (m == null) {
                        m = rules.get(r).pattern().matcher(text);
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
            return pending < n ? map[pending] : NONE;
        }
    }

    /**
     * {@link LocalModerationProvider#normalise} one character at a time: NFKC and lower case per code
     * point, invisible characters dropped, a white space run written as one space before the next
     * character (and not at all before the first). Holds a high surrogate until its low half comes.
     */
    private static final class Normaliser {
        private final Sink out;
        private boolean written;
        /** Index in the answer of a white space run not yet written (it is written before the next character). */
        private int pendingSpace = -1;

        private char high;
        private int highAt = -1;

        Normaliser(Sink out) {
            this.out = out;
        }

        void accept(char c, int at) {
            if (highAt >= 0) {
                int before = highAt;
                highAt = -1;
                if (Character.isLowSurrogate(c)) {
                    codePoint(Character.toCodePoint(high, c), before);
                    return;
                }
                codePoint(high, before);
            }
            if (Character.isHighSurrogate(c)) {
                high = c;
                highAt = at;
                return;
            }
            codePoint(c, at);
        }

        /** The index in the answer of the character held, or {@link #NONE}. */
        int held() {
            return highAt >= 0 ? highAt : NONE;
        }

        private void codePoint(int cp, int at) {
            if (cp < 128) {
                char c = (char) cp;
                if (isSpace(c)) {
                    space(at);
                } else {
                    put(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c, at);
                }
            } else if (cp > 0xFFFF || !LocalModerationProvider.isInvisible((char) cp)) {
                String s = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC)
                        .toLowerCase(Locale.ROOT);
                for (int k = 0; k < s.length(); k++) {
                    char x = s.charAt(k);
                    if (isSpace(x)) {
                        space(at);
                    } else {
                        put(
                                switch (x) {
                                    case '\u2018', '\u2019' -> '\'';
                                    case '\u201C', '\u201D' -> '"';
                                    default -> x;
                                },
                                at);
                    }
                }
            }
        }

        private static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
        }

        private void space(int at) {
            if (pendingSpace < 0) {
                pendingSpace = at;
                if (written) {
                    out.spaceComing();
                }
            }
        }

        private void put(char c, int at) {
            if (pendingSpace >= 0) {
                if (written) {
                    out.accept(' ', pendingSpace);
                }
                pendingSpace = -1;
            }
            written = true;
            out.accept(c, at);
        }
    }

    /**
     * {@link Obfuscation#joinSpelledOut} on the answer as it grows: a separator between two single letters
     * or digits is dropped ("k i l l" → "kill"). A separator is settled once the characters that decide it
     * are known: the one before it is not a single letter, or the two after it are there.
     */
    private static final class Joiner {
        private final Normaliser out;
        /** Index in the answer of the first character not settled. */
        private int next;
        /** Whether a separator was dropped. */
        boolean removed;

        Joiner(Normaliser out) {
            this.out = out;
        }

        void advance(CharSequence text) {
            int n = text.length();
            while (next < n) {
                int j = next;
                char c = text.charAt(j);
                if (isSeparator(c) && singleBefore(text, j)) {
                    if (j + 1 >= n) {
                        return;
                    }
                    if (Character.isLetterOrDigit(text.charAt(j + 1))) {
                        if (j + 2 >= n) {
                            return;
                        }
                        if (!Character.isLetterOrDigit(text.charAt(j + 2))) {
                            removed = true;
                            next++;
                            continue;
                        }
                    }
                }
                out.accept(c, j);
                next++;
            }
        }

        /** The index in the answer of the first character not settled, or {@link #NONE}. */
        int held(int length) {
            return next < length ? next : NONE;
        }

        /** Whether the character before the separator at {@code j} is a letter or digit standing alone. */
        private static boolean singleBefore(CharSequence text, int j) {
            return j >= 1
                    && Character.isLetterOrDigit(text.charAt(j - 1))
                    && (j == 1 || !Character.isLetterOrDigit(text.charAt(j - 2)));
        }

        private static boolean isSeparator(char c) {
            return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*';
        }
    }

    /** A stage that may hold one character until the next one shows what it becomes. */
    private abstract static class OneHeld implements Sink {
        final Sink out;
        char held;
        int heldAt = -1;
        /** Whether a character was changed or dropped. */
        boolean changed;

        OneHeld(Sink out) {
            this.out = out;
        }

        /** Writes the held character as {@code as}, if one is held. */
        void release(char as) {
            if (heldAt >= 0) {
                out.accept(as, heldAt);
                heldAt = -1;
            }
        }

        /** The index in the answer of the character held, or {@link #NONE}. */
        int held() {
            return heldAt >= 0 ? heldAt : NONE;
        }

        /** A space follows: the held character stays as it is (a space is no letter and ends a run). */
        @Override
        public void spaceComing() {
            release(held);
            out.spaceComing();
        }
    }

    /**
     * {@link Obfuscation#foldHomoglyphs} then {@link Obfuscation#collapseRepeats} one character at a time:
     * the second letter of a pair is held until the next character shows whether the run grows to three
     * (then it and the rest of the run are dropped).
     */
    private static final class Collapser extends OneHeld {
        private char run;
        /** Length of the run of {@link #run} so far; 0 when the last character is not a letter. */
        private int length;

        Collapser(Sink out) {
            super(out);
        }

        @Override
        public void accept(char c, int at) {
            char latin = Obfuscation.latinFor(c);
            changed |= latin != c;
            if (length > 0 && latin == run) {
                length++;
                if (length == 2) {
                    held = latin;
                    heldAt = at;
                } else {
                    heldAt = -1;
                    changed = true;
                }
                return;
            }
            release(held);
            run = latin;
            length = Character.isLetter(latin) ? 1 : 0;
            out.accept(latin, at);
        }

        @Override
        public void spaceComing() {
            length = 0;
            super.spaceComing();
        }
    }

    /**
     * {@link LocalModerationProvider#undoLeet} one character at a time: a digit or symbol after a letter is
     * replaced at once; one after anything else is held until the next character shows whether a letter
     * follows it.
     */
    private static final class Leet extends OneHeld {
        /** The character before, as written (a replaced one counts as the digit or symbol it was). */
        private char before;

        Leet(Sink out) {
            super(out);
        }

        @Override
        public void accept(char c, int at) {
            if (heldAt >= 0) {
                boolean letterAfter = Character.isLetter(c);
                changed |= letterAfter;
                release(letterAfter ? LocalModerationProvider.letterFor(held) : held);
            }
            if (!LocalModerationProvider.isLeet(c)) {
                out.accept(c, at);
            } else if (Character.isLetter(before)) {
                changed = true;
                out.accept(LocalModerationProvider.letterFor(c), at);
            } else {
                held = c;
                heldAt = at;
            }
            before = c;
        }
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
