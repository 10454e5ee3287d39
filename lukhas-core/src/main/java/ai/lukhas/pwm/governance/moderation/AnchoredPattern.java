package ai.lukhas.pwm.governance.moderation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lexicon pattern searched only where a match can begin. Most rule patterns start with literal text
 * ({@code \byou(?:'re| are| r)\s+...}, {@code \b(?:bully|harass|mock)\b...}): every match of them starts
 * with one of a few words, so instead of trying the pattern at every position of the text
 * ({@link Matcher#find()}), {@link #find} looks those words up ({@link String#indexOf}, a vectorised scan)
 * and tries the pattern only where one occurs ({@link Matcher#lookingAt()} with transparent bounds, so
 * {@code \b} and look-behinds still see the text before). The answer is the same as {@code find()}:
 * {@code find()} succeeds exactly when an attempt at some position succeeds, and an attempt can only
 * succeed where a match prefix occurs. A pattern whose prefixes cannot be read (a class, a look-around,
 * an optional first word, inline flags) is searched with {@code find()}.
 *
 * <pre>{@code
 * AnchoredPattern.of(Pattern.compile("\\byou (?:are|r) (?:an? )?idiot\\b")).prefixes(); // ["you are ", "you r "]
 * }</pre>
 */
final class AnchoredPattern {
    /** Most prefixes kept: past it the expansion of a group stops (a shorter prefix is still a prefix). */
    private static final int MAX_PREFIXES = 64;

    /** Flags under which a literal character in the pattern matches only itself. */
    private static final int SAFE_FLAGS = Pattern.DOTALL | Pattern.MULTILINE | Pattern.UNIX_LINES;

    /** Shortest common start that stands for the prefixes sharing it in a search ({@link #searched}). */
    private static final int MIN_SHARED_START = 3;

    private final Pattern pattern;
    /** Every match starts with one of these (none empty, none a prefix of another); null: unknown. */
    private final String[] read;
    /**
     * What {@link #find} and {@link Growing} look for: {@link #read} with the prefixes that share a start of
     * at least {@link #MIN_SHARED_START} characters replaced by that start ({@link #searched}); every match
     * still starts with one of them, so the answer is the same for fewer scans of the text. Null: unknown.
     */
    private final String[] prefixes;
    /**
     * Per searched prefix, the read prefixes it stands for (null when it is one of them itself, or when
     * prefixes are unknown).
     */
    private final String[][] standsFor;
    /** The length of the longest read prefix (0 when none are known). */
    private final int longestPrefix;
    /** See {@link #readsBackOneAtMost()}. */
    private final boolean readsBackOneAtMost;

    private AnchoredPattern(Pattern pattern, String[] read) {
        this.pattern = pattern;
        this.read = read;
        this.prefixes = read == null ? null : searched(List.of(read)).toArray(String[]::new);
        this.standsFor = prefixes == null ? null : new String[prefixes.length][];
        int longest = 0;
        if (prefixes != null) {
            List<String> all = List.of(read);
            for (int i = 0; i < prefixes.length; i++) {
                String start = prefixes[i];
                if (!all.contains(start)) {
                    standsFor[i] = all.stream().filter(p -> p.startsWith(start)).toArray(String[]::new);
                }
            }
            for (String p : read) {
                longest = Math.max(longest, p.length());
            }
        }
        this.longestPrefix = longest;
        this.readsBackOneAtMost = readsBackOneAtMost(pattern);
    }

    /**
     * Fewer prefixes to look for, each a start of one or more of {@code prefixes} (so wherever one of those
     * occurs, one of these does): a group of prefixes whose longest common start has at least {@link
     * #MIN_SHARED_START} characters is looked for by that start ("you should die", "you should suffer",
     * "you deserve to die", … by "you "), the others as they are. An {@code indexOf} per prefix is most of
     * a search that finds nothing; a start shared by many costs one, and an attempt of the pattern where it
     * occurs without the rest of a prefix fails at once. None empty, none a start of another.
     */
    static List<String> searched(List<String> prefixes) {
        List<String> out = new ArrayList<>();
        group(prefixes, out);
        return List.copyOf(minimal(new LinkedHashSet<>(out)));
    }

    private static void group(List<String> prefixes, List<String> out) {
        String common = prefixes.get(0);
        for (String p : prefixes) {
            int k = 0;
            while (k < common.length() && k < p.length() && common.charAt(k) == p.charAt(k)) {
                k++;
            }
            common = common.substring(0, k);
        }
        if (prefixes.size() == 1 || common.length() >= MIN_SHARED_START) {
            out.add(common);
            return;
        }
        // split by the character after the common start (none is empty: a prefix equal to the common start
        // would start every other one, which minimal sets do not have; kept whole if it happens)
        java.util.Map<Character, List<String>> byNext = new java.util.LinkedHashMap<>();
        for (String p : prefixes) {
            if (p.length() == common.length()) {
                out.add(p);
                continue;
            }
            byNext.computeIfAbsent(p.charAt(common.length()), c -> new ArrayList<>())
                    .add(p);
        }
        byNext.values().forEach(g -> group(g, out));
    }

    static AnchoredPattern of(Pattern pattern) {
        return new AnchoredPattern(
                pattern,
                matchPrefixes(pattern).map(p -> p.toArray(String[]::new)).orElse(null));
    }

    Pattern pattern() {
        return pattern;
    }

    /** The literal texts every match starts with one of; empty when they could not be read. */
    Optional<List<String>> prefixes() {
        return read == null ? Optional.empty() : Optional.of(List.of(read));
    }

    /** The starts {@link #find} looks for ({@link #searched} of {@link #prefixes}); empty when unknown. */
    Optional<List<String>> searchedPrefixes() {
        return prefixes == null ? Optional.empty() : Optional.of(List.of(prefixes));
    }

    /**
     * Exactly {@code pattern().matcher(text).find()}: the pattern is tried only where a searched prefix
     * occurs and one of the prefixes it stands for occurs too.
     */
    boolean find(String text) {
        return find(text, Integer.MAX_VALUE);
    }

    /**
     * Whether an attempt of the pattern at a start no later than {@code lastStart} succeeds (an attempt:
     * {@link Matcher#lookingAt()} from that start, bounds transparent, as {@link Matcher#find()} tries
     * each start in turn); {@link #find(String)} when {@code lastStart} is at least the text's length.
     */
    boolean find(String text, int lastStart) {
        if (prefixes == null) {
            Matcher m = pattern.matcher(text);
            // find() tries the starts in order and stops at the first that succeeds
            return m.find() && m.start() <= lastStart;
        }
        String[] ps = prefixes;
        if (ps.length == 1) {
            Matcher m = null;
            for (int at = text.indexOf(ps[0]); at >= 0 && at <= lastStart; at = text.indexOf(ps[0], at + 1)) {
                if (startsAt(0, text, at)) {
                    if (m == null) {
                        m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                    }
                    m.region(at, text.length());
                    if (m.lookingAt()) {
                        return true;
                    }
                }
            }
            return false;
        }
        int n = text.length();
        int[] next = new int[ps.length]; // next occurrence of each prefix at or after `from`, -1 when none left
        for (int i = 0; i < ps.length; i++) {
            next[i] = text.indexOf(ps[i]);
        }
        Matcher m = null;
        while (true) {
            int at = -1;
            for (int i = 0; i < ps.length; i++) {
                if (next[i] >= 0 && (at < 0 || next[i] < at)) {
                    at = next[i];
                }
            }
            if (at < 0 || at > lastStart) {
                return false;
            }
            boolean starts = false;
            for (int i = 0; i < ps.length && !starts; i++) {
                starts = next[i] == at && startsAt(i, text, at);
            }
            if (starts) {
                if (m == null) {
                    m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                m.region(at, n);
                if (m.lookingAt()) {
                    return true;
                }
            }
            for (int i = 0; i < ps.length; i++) {
                if (next[i] == at) {
                    next[i] = text.indexOf(ps[i], at + 1);
                }
            }
        }
    }

    /**
     * Whether an attempt of this pattern at a start reads no character before the one just before that
     * start, in a text whose characters from there on are ASCII: no look-behind (nor a named group, which
     * looks like one to this test), no grapheme construct, no {@code \G}, no flag but {@link
     * Pattern#DOTALL} or inline flags. In the engine the other constructs read backwards only at a word
     * boundary ({@code \b}, {@code \B}: the code point before the position, one ASCII character, and
     * marks before it only when that is a non-spacing mark), at a line anchor (the character before) or
     * while backtracking over what the attempt itself matched.
     */
    boolean readsBackOneAtMost() {
        return readsBackOneAtMost;
    }

    private static boolean readsBackOneAtMost(Pattern pattern) {
        String re = pattern.pattern();
        return (pattern.flags() & ~Pattern.DOTALL) == 0
                && !re.contains("(?<")
                && !re.contains("\\G")
                && !re.contains("\\X")
                && !re.contains("\\b{")
                && !hasInlineFlags(re);
    }

    /**
     * Whether one of the prefixes that searched prefix {@code i} stands for occurs at {@code at}, where
     * that searched prefix occurs (so an attempt there can succeed).
     */
    private boolean startsAt(int i, String text, int at) {
        String[] full = standsFor[i];
        if (full == null) {
            return true; // the searched prefix is a read one
        }
        for (String p : full) {
            if (text.startsWith(p, at)) {
                return true;
            }
        }
        return false;
    }

    /** A fresh {@link Growing} search of this pattern, for one growing text. */
    Growing growing() {
        return new Growing();
    }

    /**
     * {@code pattern().matcher(whole).find()} for a text that grows, asked again and again: at every
     * {@link #find} the text starts with the previous {@code kept} text (the part no later character
     * changes). The starts of a match inside {@code kept} are decided once and for all where they can be:
     * an attempt ({@link Matcher#lookingAt()} at that start, bounds transparent, over {@code kept} alone)
     * that never read at the end of {@code kept} ({@link Matcher#hitEnd()} false) reads exactly the same
     * characters of any text that starts with {@code kept}, so it succeeds or fails there too; a start
     * where no prefix of a match occurs, entirely inside {@code kept}, fails there too. What is left: the
     * starts whose attempt read to the end of {@code kept} ({@code pending}, tried again over the whole
     * text), and the starts from {@code tried} on (a plain {@code find()} over the rest). A match decided
     * inside {@code kept} stays found. Not thread-safe.
     */
    final class Growing {
        /** A match inside the kept text that read nothing at its end: found in every later text. */
        private boolean found;
        /** Every start before it is decided (it fails in every later text) or in {@code pending}. */
        private int tried;
        /** Starts before {@code tried} whose attempt read to the end of the kept text, ascending. */
        private int[] pending = new int[4];

        private int pendingCount;
        /** The kept text's length when it was last searched; -1 before. */
        private int keptLength = -1;
        /** Matchers over the kept and the whole text, reset to each call's (null before the first). */
        private Matcher keptMatcher;

        private Matcher wholeMatcher;

        private Growing() {}

        /**
         * Exactly {@code pattern().matcher(whole).find()}; {@code whole} starts with {@code kept}, and
         * {@code kept} with the {@code kept} of the call before (a text that does not needs a new instance).
         */
        boolean find(CharSequence kept, CharSequence whole) {
            if (found) {
                return true;
            }
            settle(kept);
            if (found) {
                return true;
            }
            int n = whole.length();
            Matcher m = wholeMatcher = reset(wholeMatcher, whole);
            for (int k = 0; k < pendingCount; k++) {
                m.region(pending[k], n);
                if (m.lookingAt()) {
                    return true;
                }
            }
            m.region(Math.min(tried, n), n);
            return m.find();
        }

        /** Decides the starts {@code kept} decides: the pending ones, and the new ones a prefix fits in. */
        private void settle(CharSequence kept) {
            int n = kept.length();
            if (n == keptLength || (n > 0 && Character.isHighSurrogate(kept.charAt(n - 1)))) {
                // a high surrogate at the end reads as one code point here and may pair with the next
                // character of a longer text: nothing is decided until it is not the last
                return;
            }
            keptLength = n;
            Matcher m = keptMatcher = reset(keptMatcher, kept);
            int w = 0;
            for (int k = 0; k < pendingCount; k++) {
                int s = pending[k];
                int r = attempt(m, s, n);
                if (r == MATCH) {
                    found = true;
                    return;
                }
                if (r == OPEN) {
                    pending[w++] = s;
                }
            }
            pendingCount = w;
            if (read == null) {
                for (int s = tried; s < n; s++) {
                    if (!decide(m, s, n)) {
                        return;
                    }
                }
                tried = Math.max(tried, n);
                return;
            }
            // a start where no prefix occurs fails for good once every prefix fits before the end
            int limit = n - longestPrefix + 1;
            if (limit <= tried) {
                return;
            }
            String[] ps = read; // the read prefixes: the limit below is their longest
            int[] next = new int[ps.length];
            for (int i = 0; i < ps.length; i++) {
                next[i] = indexOf(kept, ps[i], tried);
            }
            while (true) {
                int at = -1;
                for (int i = 0; i < ps.length; i++) {
                    if (next[i] >= 0 && (at < 0 || next[i] < at)) {
                        at = next[i];
                    }
                }
                if (at < 0 || at >= limit) {
                    break;
                }
                if (!decide(m, at, n)) {
                    return;
                }
                for (int i = 0; i < ps.length; i++) {
                    if (next[i] == at) {
                        next[i] = indexOf(kept, ps[i], at + 1);
                    }
                }
            }
            tried = limit;
        }

        /** {@code m} (null: a new matcher) over {@code text}, bounds transparent and not anchoring. */
        private Matcher reset(Matcher m, CharSequence text) {
            return m == null
                    ? pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false)
                    : m.reset(text);
        }

        /** Tries start {@code s}: false when it is a match for good (then {@code found}). */
        private boolean decide(Matcher m, int s, int n) {
            int r = attempt(m, s, n);
            if (r == MATCH) {
                found = true;
                return false;
            }
            if (r == OPEN) {
                if (pendingCount == pending.length) {
                    pending = java.util.Arrays.copyOf(pending, pendingCount * 2);
                }
                pending[pendingCount++] = s;
            }
            return true;
        }
    }

    private static final int FAIL = 0;
    private static final int MATCH = 1;
    /** The attempt read the end of the text: more text may change its outcome. */
    private static final int OPEN = 2;

    private static int attempt(Matcher m, int start, int end) {
        m.region(start, end);
        boolean matched = m.lookingAt();
        // requireEnd (a negative look-ahead at the end) comes with hitEnd in the engine; asked as well
        if (m.hitEnd() || (matched && m.requireEnd())) {
            return OPEN;
        }
        return matched ? MATCH : FAIL;
    }

    private static int indexOf(CharSequence text, String s, int from) {
        if (text instanceof String str) {
            return str.indexOf(s, from);
        }
        if (text instanceof StringBuilder b) {
            return b.indexOf(s, from);
        }
        return text.toString().indexOf(s, from);
    }

    /**
     * The literal texts every match of {@code pattern} starts with one of, read from its source: literal
     * characters, escaped punctuation, {@code \b}/{@code \B} (zero-width), groups and alternations. Reading
     * stops (keeping what it has) at anything else: a class, a quantifier (the quantified part may be
     * absent), a look-around. Empty when a branch has no literal start or the pattern has flags under
     * which a letter can match something else.
     */
    static Optional<Set<String>> matchPrefixes(Pattern pattern) {
        if ((pattern.flags() & ~SAFE_FLAGS) != 0) {
            return Optional.empty();
        }
        String re = pattern.pattern();
        if (re.contains("\\Q") || hasInlineFlags(re)) {
            return Optional.empty();
        }
        try {
            Parser p = new Parser(re);
            Result r = p.alternation();
            if (p.pos != re.length()) {
                return Optional.empty();
            }
            Set<String> minimal = minimal(r.prefixes);
            return minimal.isEmpty() || minimal.contains("") ? Optional.empty() : Optional.of(minimal);
        } catch (RuntimeException e) {
            return Optional.empty(); // a construct the reader does not know: search the plain way
        }
    }

    /** {@code (?i)}, {@code (?-s:...)} and the like change what later literal characters match. */
    private static boolean hasInlineFlags(String re) {
        for (int i = re.indexOf("(?"); i >= 0; i = re.indexOf("(?", i + 1)) {
            if (i + 2 < re.length()) {
                char c = re.charAt(i + 2);
                if (Character.isLetter(c) || c == '-') {
                    return true;
                }
            }
        }
        return false;
    }

    /** Drops a prefix that another prefix starts: wherever it occurs, the shorter one occurs too. */
    private static Set<String> minimal(Set<String> prefixes) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : prefixes) {
            boolean covered = false;
            for (String q : prefixes) {
                if (!q.equals(p) && p.startsWith(q)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(p);
            }
        }
        return out;
    }

    /** Prefixes of a part of the pattern, and whether the part was read to its end (so text may follow). */
    private record Result(Set<String> prefixes, boolean complete) {}

    private static final class Parser {
        private final String re;
        private int pos;

        Parser(String re) {
            this.re = re;
        }

        /** Branches up to the end or an unmatched ')': the union of their prefixes. */
        Result alternation() {
            Set<String> all = new LinkedHashSet<>();
            boolean complete = true;
            while (true) {
                Result branch = sequence();
                all.addAll(branch.prefixes);
                complete &= branch.complete;
                if (pos < re.length() && re.charAt(pos) == '|') {
                    pos++;
                    continue;
                }
                return new Result(all, complete);
            }
        }

        /** One branch: literal text and groups until something unreadable, then skipped to its end. */
        private Result sequence() {
            List<String> prefixes = new ArrayList<>(List.of(""));
            while (pos < re.length()) {
                char c = re.charAt(pos);
                if (c == '|' || c == ')') {
                    return new Result(new LinkedHashSet<>(prefixes), true);
                }
                if (c == '\\') {
                    char e = at(pos + 1);
                    if (e == 'b' || e == 'B') {
                        pos += 2; // zero-width: the prefix goes on after it
                        continue;
                    }
                    if (Character.isLetterOrDigit(e) || Character.isSurrogate(e) || quantified(pos + 2)) {
                        break; // a class, an escape sequence or a back reference
                    }
                    append(prefixes, String.valueOf(e));
                    pos += 2;
                    continue;
                }
                if (c == '(') {
                    int start = pos;
                    if (re.startsWith("(?:", pos)) {
                        pos += 3;
                    } else if (at(pos + 1) == '?') {
                        break; // a look-around, a named or atomic group
                    } else {
                        pos += 1;
                    }
                    Result inner = alternation();
                    expect(')');
                    if (quantified(pos) || inner.prefixes.contains("")) {
                        pos = start;
                        break;
                    }
                    List<String> crossed = new ArrayList<>();
                    for (String p : prefixes) {
                        for (String q : inner.prefixes) {
                            crossed.add(p + q);
                        }
                    }
                    if (crossed.size() > MAX_PREFIXES) {
                        pos = start;
                        break;
                    }
                    prefixes = crossed;
                    if (!inner.complete) {
                        break;
                    }
                    continue;
                }
                if ("[.^$?*+{}]".indexOf(c) >= 0 || Character.isSurrogate(c) || quantified(pos + 1)) {
                    break;
                }
                append(prefixes, String.valueOf(c));
                pos++;
            }
            skipBranch();
            return new Result(new LinkedHashSet<>(prefixes), false);
        }

        private static void append(List<String> prefixes, String s) {
            prefixes.replaceAll(p -> p + s);
        }

        private char at(int i) {
            return i < re.length() ? re.charAt(i) : '\0';
        }

        private boolean quantified(int i) {
            char q = at(i);
            return q == '?' || q == '*' || q == '+' || q == '{';
        }

        private void expect(char c) {
            if (at(pos) != c) {
                throw new IllegalStateException("expected '" + c + "' at " + pos + " of " + re);
            }
            pos++;
        }

        /** Moves to the '|' or ')' that ends the current branch (or the end), over groups and classes. */
        private void skipBranch() {
            int depth = 0;
            while (pos < re.length()) {
                char c = re.charAt(pos);
                if ((c == ')' || c == '|') && depth == 0) {
                    return;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                skipAtom();
            }
        }

        /** Past one atom: an escape (a backslash and the character after it), a character class, or one character. */
        private void skipAtom() {
            char c = re.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '[') {
                skipClass();
            } else {
                pos++;
            }
        }

        /**
         * Past a character class, nested classes included. A class starting with ']' (where engines
         * differ on whether it closes the class) is not read: the pattern gets no anchor.
         */
        private void skipClass() {
            pos++; // '['
            if (at(pos) == '^') {
                pos++;
            }
            if (at(pos) == ']') {
                throw new IllegalStateException("a class starting with ']' in " + re);
            }
            while (pos < re.length()) {
                if (re.charAt(pos) == ']') {
                    pos++;
                    return;
                }
                skipAtom();
            }
            throw new IllegalStateException("unclosed class in " + re);
        }
    }
}
