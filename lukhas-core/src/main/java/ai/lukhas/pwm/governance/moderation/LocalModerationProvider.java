package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.pii.PiiFinding;
import ai.lukhas.pwm.pii.PiiKind;
import ai.lukhas.pwm.pii.PiiScanner;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The default provider: the rules of {@link LocalLexicon} over normalised text plus the validating PII and
 * secret detectors of {@link PiiScanner}; no network, no model. Every score can be traced to named rules (the
 * verdict's reasons).
 */
final class LocalModerationProvider implements ModerationProvider {
    /** Score of one secret (key, token, private key): a validated format, so near certain. */
    static final double SECRET_WEIGHT = 0.95;
    /** Score contribution of each piece of personal data; one finding gives 0.6, two 0.84. */
    static final double PII_WEIGHT = 0.6;

    private static final Pattern INVISIBLE =
            Pattern.compile("[\\u00AD\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064" + "\\u2066-\\u2069\\uFEFF]");
    // the subset that hides text (soft hyphens are stripped above but are ordinary typography)
    private static final Pattern HIDING =
            Pattern.compile("[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064" + "\\u2066-\\u2069\\uFEFF]");

    /**
     * A rule with its trigger words: exact words and word prefixes (from {@code x*}); when the spec has a second
     * group after {@code &}, one word of that group must occur too ({@code alsoWords}, exact words only).
     */
    record Triggered(
            LexiconRule rule,
            Set<String> words,
            List<String> prefixes,
            Set<String> alsoWords,
            AnchoredPattern pattern,
            Optional<AnchoredPattern> requires,
            Optional<AnchoredPattern> unless) {
        Triggered(LexiconRule rule, Set<String> words, List<String> prefixes, Set<String> alsoWords) {
            this(
                    rule,
                    words,
                    prefixes,
                    alsoWords,
                    AnchoredPattern.of(rule.pattern()),
                    rule.requires().map(AnchoredPattern::of),
                    rule.unless().map(AnchoredPattern::of));
        }

        /**
         * {@link LexiconRule#matches}, each pattern tried only where a match can start ({@link AnchoredPattern}):
         * the same answer for a fraction of the regex work.
         */
        boolean matches(String text) {
            return test(text, Integer.MAX_VALUE) == MATCH;
        }

        /** {@link #test} answers: the pattern is not found. */
        static final int NO_PATTERN = 0;
        /** {@link #test} answers: the pattern is found, but its context cues rule it out. */
        static final int NO_CONTEXT = 1;
        /** {@link #test} answers: the rule matches. */
        static final int MATCH = 2;

        /**
         * {@link #matches}, with the pattern tried only at starts up to {@code lastStart} ({@link
         * AnchoredPattern#find(String, int)}; the cues over the whole text), and why it does not match.
         */
        int test(String text, int lastStart) {
            if (!pattern.find(text, lastStart)) {
                return NO_PATTERN;
            }
            return (requires.isEmpty() || requires.get().find(text))
                            && (unless.isEmpty() || !unless.get().find(text))
                    ? MATCH
                    : NO_CONTEXT;
        }

        static List<Triggered> of(List<LexiconRule> rules) {
            List<Triggered> out = new ArrayList<>(rules.size());
            for (LexiconRule rule : rules) {
                String spec = LocalLexicon.TRIGGERS.get(rule.reason());
                if (spec == null || spec.isBlank()) {
                    throw new IllegalStateException("lexicon rule " + rule.reason() + " has no trigger words");
                }
                Set<String> words = new java.util.HashSet<>();
                List<String> prefixes = new ArrayList<>();
                Set<String> also = Set.of();
                int amp = spec.indexOf(" & ");
                if (amp >= 0) {
                    also = Set.copyOf(
                            java.util.Arrays.asList(spec.substring(amp + 3).split(" ")));
                    spec = spec.substring(0, amp);
                }
                for (String w : spec.split(" ")) {
                    if (w.endsWith("*")) {
                        prefixes.add(w.substring(0, w.length() - 1));
                    } else {
                        words.add(w);
                    }
                }
                out.add(new Triggered(rule, Set.copyOf(words), List.copyOf(prefixes), also));
            }
            return List.copyOf(out);
        }
    }

    /**
     * The rules of one list by trigger: which rules a text can match is found by walking its words
     * once (a table lookup per word, a walk of the prefix trie per word), not by testing every rule's
     * words against the words, which was most of the moderation cost of an ordinary text. Words are
     * looked up where they stand in the text ({@link Words}), so reading them allocates nothing; the
     * lookup is in the {@link #VOCABULARY} all lists share, made once per text for all of them
     * ({@link Words#ids}). Sets of rules are masks of {@link #width()} longs (rule {@code r}: bit {@code r % 64}
     * of long {@code r / 64}), several in one array at offsets, so a text's sets are one allocation;
     * {@link BitSet}s for a stream's checks ({@link StreamedLocalModeration}).
     */
    static final class TriggerIndex {
        private final List<Triggered> rules;
        /** Longs per mask of rules. */
        private final int width;
        /** Per word of the vocabulary: the rules it triggers, null when none. */
        private final long[][] triggers;
        /** Per word of the vocabulary: the rules that have it as an {@code &} word, null when none. */
        private final long[][] alsoOf;
        /** The rules that have {@code &} words. */
        private final long[] withAlso;
        /** Whether a rule of this list has {@code &} words. */
        private final boolean anyAlso;

        private final PrefixNode prefixes = new PrefixNode();

        private static final class PrefixNode {
            final PrefixNode[] ascii = new PrefixNode[128];
            final Map<Character, PrefixNode> other = new java.util.HashMap<>();
            /** The rules whose prefix ends here, null when none (most nodes: skipped without a bit operation). */
            long[] rules;

            PrefixNode next(char c) {
                return c < 128 ? ascii[c] : other.get(c);
            }

            PrefixNode child(char c) {
                if (c < 128) {
                    if (ascii[c] == null) {
                        ascii[c] = new PrefixNode();
                    }
                    return ascii[c];
                }
                return other.computeIfAbsent(c, k -> new PrefixNode());
            }
        }

        TriggerIndex(List<Triggered> rules, WordTable vocabulary) {
            this.rules = rules;
            width = Math.max(1, (rules.size() + 63) >>> 6);
            triggers = new long[vocabulary.size()][];
            alsoOf = new long[vocabulary.size()][];
            withAlso = new long[width];
            boolean also = false;
            for (int r = 0; r < rules.size(); r++) {
                for (String w : rules.get(r).words()) {
                    triggers[vocabulary.id(w)] = set(triggers[vocabulary.id(w)], r);
                }
                for (String w : rules.get(r).alsoWords()) {
                    alsoOf[vocabulary.id(w)] = set(alsoOf[vocabulary.id(w)], r);
                    set(withAlso, r);
                    also = true;
                }
                for (String p : rules.get(r).prefixes()) {
                    PrefixNode node = prefixes;
                    for (int i = 0; i < p.length(); i++) {
                        node = node.child(p.charAt(i));
                    }
                    node.rules = set(node.rules, r);
                }
            }
            anyAlso = also;
        }

        /** {@code mask} (a new one when null) with rule {@code rule} set. */
        private long[] set(long[] mask, int rule) {
            long[] out = mask == null ? new long[width] : mask;
            out[rule >>> 6] |= 1L << rule;
            return out;
        }

        /** The trigger and {@code &} words of the rules of several lists: the vocabulary they share. */
        static WordTable vocabulary(List<List<Triggered>> lists) {
            Set<String> all = new LinkedHashSet<>();
            lists.forEach(rules -> rules.forEach(t -> {
                all.addAll(t.words());
                all.addAll(t.alsoWords());
            }));
            return new WordTable(List.copyOf(all));
        }

        List<Triggered> rules() {
            return rules;
        }

        /** Longs per mask of this list's rules. */
        int width() {
            return width;
        }

        /** Whether a rule of this list has {@code &} words ({@link #filter} then needs them). */
        boolean anyAlso() {
            return anyAlso;
        }

        /**
         * The rules one of the words triggers (a trigger word, or a word starting with a trigger prefix),
         * less those with {@code &} words none of which is among the words. {@code ids} are the words'
         * ids in the vocabulary this index was made with ({@link Words#ids}).
         */
        BitSet candidates(Words words, int[] ids) {
            long[] m = new long[2 * width];
            accumulate(words, ids, 0, words.count(), m, 0, anyAlso ? width : -1);
            filter(m, 0, width);
            return orInto(new BitSet(rules.size()), m, 0);
        }

        /**
         * Adds to {@code out} the rules the words trigger and to {@code also} the rules one of them is an
         * {@code &} word of: a union over words, so the words of a text's parts can be added part by part
         * ({@link StreamedLocalModeration}).
         */
        void accumulate(Words words, int[] ids, BitSet out, BitSet also) {
            long[] m = new long[2 * width];
            accumulate(words, ids, 0, words.count(), m, 0, width);
            orInto(out, m, 0);
            orInto(also, m, width);
        }

        /**
         * Adds to the mask at {@code outAt} of {@code m} the rules the words {@code from} to {@code to}
         * (exclusive) trigger, and to the mask at {@code alsoAt} (-1: not collected) the rules one of them is
         * an {@code &} word of.
         */
        void accumulate(Words words, int[] ids, int from, int to, long[] m, int outAt, int alsoAt) {
            String text = words.text();
            int[] spans = words.spans();
            for (int k = from; k < to; k++) {
                int id = ids[k];
                if (id >= 0) {
                    if (triggers[id] != null) {
                        or(m, outAt, triggers[id]);
                    }
                    if (alsoAt >= 0 && alsoOf[id] != null) {
                        or(m, alsoAt, alsoOf[id]);
                    }
                }
                PrefixNode node = prefixes;
                if (node.rules != null) {
                    or(m, outAt, node.rules); // a bare "*" trigger: any word
                }
                int end = spans[2 * k + 1];
                for (int i = spans[2 * k]; i < end && node != null; i++) {
                    node = node.next(text.charAt(i));
                    if (node != null && node.rules != null) {
                        or(m, outAt, node.rules);
                    }
                }
            }
        }

        private static void or(long[] m, int at, long[] mask) {
            for (int j = 0; j < mask.length; j++) {
                m[at + j] |= mask[j];
            }
        }

        /**
         * The mask at {@code outAt} of {@code m} less the rules with {@code &} words none of which is in the
         * mask at {@code alsoAt} (all the words' {@code &} rules, from {@link #accumulate}); that mask is not
         * read when no rule of this list has {@code &} words.
         */
        void filter(long[] m, int outAt, int alsoAt) {
            if (anyAlso) {
                for (int j = 0; j < width; j++) {
                    m[outAt + j] &= ~(withAlso[j] & ~m[alsoAt + j]);
                }
            }
        }

        /**
         * {@code out} less the rules with {@code &} words none of which is in {@code also} (all the
         * words' {@code &} rules, from {@link #accumulate}); {@code also} may be null only when no rule
         * of this list has {@code &} words.
         */
        BitSet filter(BitSet out, BitSet also) {
            if (anyAlso) {
                for (int r = out.nextSetBit(0); r >= 0; r = out.nextSetBit(r + 1)) {
                    if (!rules.get(r).alsoWords().isEmpty() && !also.get(r)) {
                        out.clear(r);
                    }
                }
            }
            return out;
        }

        /** {@code out} with the rules of the mask at {@code at} of {@code m} added. */
        private BitSet orInto(BitSet out, long[] m, int at) {
            for (int j = 0; j < width; j++) {
                for (long x = m[at + j]; x != 0; x &= x - 1) {
                    out.set((j << 6) + Long.numberOfTrailingZeros(x));
                }
            }
            return out;
        }
    }

    /**
     * Fixed words, found by a part of a text without cutting it out: open addressing over the words'
     * {@link String#hashCode}, which a region's characters give without a substring.
     */
    static final class WordTable {
        private final String[] keys;
        private final int[] ids;
        private final int size;

        WordTable(List<String> words) {
            size = words.size();
            int capacity = Integer.highestOneBit(Math.max(4, words.size() * 4) - 1) << 1;
            keys = new String[capacity];
            ids = new int[capacity];
            for (int id = 0; id < words.size(); id++) {
                String w = words.get(id);
                int slot = mix(w.hashCode()) & (capacity - 1);
                while (keys[slot] != null) {
                    if (keys[slot].equals(w)) {
                        throw new IllegalArgumentException("duplicate word " + w);
                    }
                    slot = (slot + 1) & (capacity - 1);
                }
                keys[slot] = w;
                ids[slot] = id;
            }
        }

        /** How many words the table holds (ids run from 0 to this, exclusive). */
        int size() {
            return size;
        }

        private static int mix(int h) {
            return h ^ (h >>> 16);
        }

        /** The id of a word of the table, which must be one. */
        int id(String word) {
            int id = find(word, 0, word.length());
            if (id < 0) {
                throw new IllegalArgumentException("not a word of the table: " + word);
            }
            return id;
        }

        /** The id of the word {@code text[start, end)}, or -1 when it is not one of the words. */
        int find(String text, int start, int end) {
            int h = 0;
            for (int i = start; i < end; i++) {
                h = 31 * h + text.charAt(i);
            }
            return find(text, start, end, h);
        }

        /** {@link #find(String, int, int)}, the word's {@link String#hashCode} {@code h} given. */
        int find(String text, int start, int end, int h) {
            int mask = keys.length - 1;
            int len = end - start;
            for (int slot = mix(h) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
                String k = keys[slot];
                if (k.length() == len && text.regionMatches(start, k, 0, len)) {
                    return ids[slot];
                }
            }
            return -1;
        }
    }

    /**
     * The words of a normalised text where they stand: its maximal runs of letters, digits and '_' (the
     * parts {@code [^\p{L}\p{N}_]+} splits it into); {@code spans} holds the start and end of each;
     * {@code ids} each word's id in the table it was read with ({@link #of(String, int, WordTable)}; -1 for a
     * word the table does not hold), empty when read without one.
     */
    record Words(String text, int[] spans, int count, int[] ids) {
        private static final int[] NO_IDS = new int[0];

        static Words of(String normalised) {
            return of(normalised, Integer.MAX_VALUE);
        }

        /** The words of {@code normalised} that start no later than {@code lastStart}. */
        static Words of(String normalised, int lastStart) {
            return read(normalised, lastStart, null);
        }

        /**
         * {@link #of(String, int)}, and each word's id in {@code table} ({@link #ids()}, what {@link
         * #ids(WordTable)} gives) found in the same pass: a word's hash is summed as its characters are read.
         */
        static Words of(String normalised, int lastStart, WordTable table) {
            return read(normalised, lastStart, Objects.requireNonNull(table, "table"));
        }

        private static Words read(String normalised, int lastStart, WordTable table) {
            int n = normalised.length();
            // room for a word every four characters (ordinary prose has one every five or six): one array
            // (the words that start by lastStart: at most one every two characters up to it; lastStart + 4
            // only when it is inside the text, as Integer.MAX_VALUE + 4 wraps to a negative size, which made
            // every whole text start at 16 and grow three or four times)
            int room = Math.min(n / 2, 1 << 14);
            int[] spans = new int[Math.max(16, lastStart < n ? Math.min(room, lastStart + 4) : room)];
            int[] ids = table == null ? NO_IDS : new int[spans.length / 2];
            int count = 0;
            int start = -1;
            int hash = 0; // String.hashCode of the word so far
            int i = 0;
            while (i <= n) { // n: the end of the text, which ends a word as a separator does
                char c = i < n ? normalised.charAt(i) : ' ';
                int length = 1;
                boolean word;
                if (c < 0x80) {
                    word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z');
                } else {
                    int cp = normalised.codePointAt(i);
                    word = isWordCodePoint(cp);
                    length = Character.charCount(cp);
                }
                if (word) {
                    if (start < 0) {
                        if (i > lastStart) {
                            break;
                        }
                        start = i;
                        hash = 0;
                    }
                    hash = 31 * hash + c;
                    if (length == 2) {
                        hash = 31 * hash + normalised.charAt(i + 1);
                    }
                } else if (start >= 0) {
                    if (2 * count + 2 > spans.length) {
                        spans = java.util.Arrays.copyOf(spans, spans.length * 2);
                        ids = table == null ? NO_IDS : java.util.Arrays.copyOf(ids, spans.length / 2);
                    }
                    spans[2 * count] = start;
                    spans[2 * count + 1] = i;
                    if (table != null) {
                        ids[count] = table.find(normalised, start, i, hash);
                    }
                    count++;
                    start = -1;
                }
                i += length;
            }
            return new Words(normalised, spans, count, ids);
        }

        /** Each word's id in {@code table}, -1 for a word it does not hold. */
        int[] ids(WordTable table) {
            int[] ids = new int[count];
            for (int k = 0; k < count; k++) {
                ids[k] = table.find(text, spans[2 * k], spans[2 * k + 1]);
            }
            return ids;
        }

        /** The words as strings (for tests; moderation reads them in place). */
        Set<String> asSet() {
            Set<String> out = new java.util.HashSet<>();
            for (int k = 0; k < count; k++) {
                out.add(text.substring(spans[2 * k], spans[2 * k + 1]));
            }
            return out;
        }
    }

    private static final List<Triggered> CONTENT_TRIGGERS = Triggered.of(LocalLexicon.CONTENT_RULES);
    private static final List<Triggered> INJECTION_TRIGGERS = Triggered.of(LocalLexicon.INJECTION_RULES);
    private static final List<Triggered> DIRECT_INJECTION_TRIGGERS = Triggered.of(LocalLexicon.DIRECT_INJECTION_RULES);
    private static final List<Triggered> AMPLIFIER_TRIGGERS = Triggered.of(LocalLexicon.INJECTION_AMPLIFIERS);
    /** Every trigger and {@code &} word of the four lists: a text's words are looked up once for all. */
    static final WordTable VOCABULARY = TriggerIndex.vocabulary(
            List.of(CONTENT_TRIGGERS, INJECTION_TRIGGERS, DIRECT_INJECTION_TRIGGERS, AMPLIFIER_TRIGGERS));

    static final TriggerIndex CONTENT = new TriggerIndex(CONTENT_TRIGGERS, VOCABULARY);
    private static final TriggerIndex INJECTION = new TriggerIndex(INJECTION_TRIGGERS, VOCABULARY);
    private static final TriggerIndex DIRECT_INJECTION = new TriggerIndex(DIRECT_INJECTION_TRIGGERS, VOCABULARY);
    private static final TriggerIndex AMPLIFIERS = new TriggerIndex(AMPLIFIER_TRIGGERS, VOCABULARY);

    private final PiiScanner pii;
    private final boolean useTriggers;

    LocalModerationProvider(PiiScanner pii) {
        this(pii, true);
    }

    /** {@code useTriggers = false} runs every pattern on every text: only for the equivalence test. */
    LocalModerationProvider(PiiScanner pii, boolean useTriggers) {
        this.pii = Objects.requireNonNull(pii, "pii");
        this.useTriggers = useTriggers;
    }

    @Override
    public String name() {
        return "local";
    }

    /** Whether rules are found by their trigger words (false only in the equivalence test). */
    boolean usesTriggers() {
        return useTriggers;
    }

    /** The content rules' patterns (the ones model output is judged by). */
    @Override
    public Optional<List<Pattern>> phrasePatterns() {
        return Optional.of(CONTENT_PATTERNS);
    }

    private static final List<Pattern> CONTENT_PATTERNS = LocalLexicon.CONTENT_RULES.stream()
            .map(LocalModerationProvider::held)
            .toList();

    /**
     * The pattern the stream release rule holds text by. A rule that counts only with a context cue
     * ({@code requires}: "how do I", "give us a plan") may get its cue after the pattern, so a
     * complete match of it stays pending until its sentence ends (a {@code .}, {@code !} or {@code ?}
     * followed by white space, or a line break): the cue can still arrive until then.
     */
    private static Pattern held(LexiconRule rule) {
        if (rule.requires().isEmpty()) {
            return rule.pattern();
        }
        return Pattern.compile(
                "(?:" + rule.pattern().pattern() + ")[^.!?\\n]*+(?:[.!?]\\s|\\n)",
                rule.pattern().flags());
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) {
        String raw = request.text();
        Texts made = texts(raw);
        List<String> texts = made.list();
        List<Variant> variants = new ArrayList<>(texts.size());
        boolean headOnly = false; // whether the variant before is made of its head words and the tail of its base
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            int differs =
                    i == 0 ? -2 : i == made.known() ? made.knownDifference() : lastDifference(texts.get(i - 1), text);
            int base = differs == -2 ? -1 : i - 1;
            int reach = differs + 1;
            if (!useTriggers) {
                variants.add(new Variant(text, null, null, base, reach, -1, false));
                headOnly = false;
                continue;
            }
            if (base >= 0 && !headOnly) {
                // a word that starts after the reach starts after the last difference and the character before
                // it: the same word in both texts, so the rules of those words are the base's (its split)
                variants.set(base, variants.get(base).splitAt(reach));
                Words words = Words.of(text, reach, VOCABULARY);
                variants.add(new Variant(text, words, words.ids(), base, reach, -1, true));
                headOnly = true;
            } else {
                Words words = Words.of(text, Integer.MAX_VALUE, VOCABULARY);
                variants.add(new Variant(text, words, words.ids(), base, reach, -1, false));
                headOnly = false;
            }
        }
        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        Set<String> reasons = new LinkedHashSet<>();
        for (ModerationCategory c : CATEGORIES) {
            if (c != ModerationCategory.PROMPT_INJECTION || request.kind() != ContentKind.FINAL_OUTPUT) {
                scores.put(c, ZERO);
            }
        }
        scoreRules(CONTENT, variants, scores, reasons);
        scorePersonalDataAndSecrets(raw, scores, reasons);
        if (request.kind() != ContentKind.FINAL_OUTPUT) {
            scoreRules(DIRECT_INJECTION, variants, scores, reasons);
        }
        if (request.kind() == ContentKind.TOOL_OUTPUT) {
            scoreRules(INJECTION, variants, scores, reasons);
            if (scores.get(ModerationCategory.PROMPT_INJECTION) > 0.0) {
                scoreRules(AMPLIFIERS, variants, scores, reasons);
                scoreInvisibleCharacters(raw, scores, reasons);
            }
            scoreTagCharacters(raw, scores, reasons);
        }
        return verdict(
                name(), request, scores, List.copyOf(reasons)); // immutable: the verdict keeps it, no second copy
    }

    /**
     * The texts the rules run on: the normalised text; when they differ from it, the same with look-alike
     * letters folded to Latin, letters spelled out one by one joined ("k i l l", "k.i.l.l"), runs of three or
     * more equal letters collapsed ("kiiill") and leetspeak undone; any base64 blob that decodes to text; and
     * any ASCII hidden in Unicode tag characters. Each extra variant costs one cheap scan to detect, so ordinary
     * text runs the rules once.
     */
    static List<String> variants(String raw) {
        return texts(raw).list();
    }

    /**
     * {@link #variants} ({@code list}), and the {@link #lastDifference} of variant {@code known} from the one
     * before it when it is already known ({@code knownDifference}): leetspeak undone in the bytes of an ASCII
     * text replaces characters one for one, the last replaced one is the last difference. {@code known} is -1
     * when no variant's is known.
     */
    record Texts(List<String> list, int known, int knownDifference) {}

    /** {@link #variants}, with the last difference of the leetspeak variant when it is known ({@link Texts}). */
    static Texts texts(String raw) {
        List<String> variants = new ArrayList<>(4);
        int leetDifference = -1; // the last character leetspeak undone in the bytes replaced, when it was
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        // read before the bytes are normalised in place: whether a letter is spelled out (what it answers for a
        // text that is not ASCII is not used)
        boolean spelled = Obfuscation.spellsOut(bytes);
        // then, in one pass: whether the text is ASCII, whether a blob may be base64, the normalised text in
        // place and whether it repeats a letter three times
        long read = normaliseAscii(raw, bytes);
        byte[] ascii = read < 0 ? null : bytes;
        String normal;
        String collapsed;
        String deobfuscated;
        String joined = ascii != null && !spelled ? raw : Obfuscation.joinSpelledOut(raw);
        boolean blobs = ascii == null || (read & MAY_HOLD_BASE64) != 0;
        if (ascii != null && joined == raw) {
            // the usual text, read as bytes: normalised in place, and the disguises looked for there before
            // a copy is made (look-alike letters are not ASCII: folding changes nothing)
            int n = (int) read;
            normal = new String(ascii, 0, n, StandardCharsets.ISO_8859_1);
            collapsed = (read & REPEATS_LETTERS) != 0 ? Obfuscation.collapseRepeats(normal) : normal;
            if (collapsed == normal) {
                leetDifference = undoLeet(ascii, n);
                deobfuscated = leetDifference < 0 ? normal : new String(ascii, 0, n, StandardCharsets.ISO_8859_1);
            } else {
                deobfuscated = undoLeet(collapsed);
            }
        } else {
            normal = ascii != null ? normalise(raw, true) : normalise(raw, false);
            collapsed =
                    Obfuscation.collapseRepeats(Obfuscation.foldHomoglyphs(joined == raw ? normal : normalise(joined)));
            deobfuscated = undoLeet(collapsed);
        }
        variants.add(normal);
        if (!collapsed.equals(normal)) {
            variants.add(collapsed);
        }
        int known = -1;
        if (!deobfuscated.equals(collapsed)) {
            if (leetDifference >= 0) {
                known = variants.size(); // made from the normal text's bytes (collapsed is that text)
            }
            variants.add(deobfuscated);
        }
        for (String decoded : blobs ? Obfuscation.decodeBase64(raw) : List.<String>of()) {
            variants.add(normalise(decoded));
        }
        String smuggled = decodeTagCharacters(raw);
        if (!smuggled.isEmpty()) {
            variants.add(normalise(smuggled));
        }
        return new Texts(variants, known, leetDifference);
    }

    /**
     * One pass over the text (this runs on every tool output, so no regex replacements here). ASCII text,
     * the usual case, is already NFKC and is lower-cased in the same pass; other text is normalised and
     * then lower-cased as a whole ({@link String#toLowerCase(Locale)}: a final sigma depends on its
     * neighbours, and some letters lower-case to two characters).
     */
    static String normalise(String raw) {
        return normalise(raw, isAscii(raw));
    }

    /** {@link #normalise}, the ASCII path taken only when {@code ascii} (tests compare the two paths). */
    static String normalise(String raw, boolean ascii) {
        String s = ascii || Normalizer.isNormalized(raw, Normalizer.Form.NFKC)
                ? raw
                : Normalizer.normalize(raw, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isInvisible(c)) {
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && !out.isEmpty()) {
                out.append(' ');
            }
            pendingSpace = false;
            out.append(
                    switch (c) {
                        case '\u2018', '\u2019' -> '\'';
                        case '\u201C', '\u201D' -> '"';
                        default -> c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
                    });
        }
        return ascii ? out.toString() : out.toString().toLowerCase(Locale.ROOT);
    }

    /** {@link #normaliseAscii} found a run of base64 characters long enough for a blob. */
    static final long MAY_HOLD_BASE64 = 1L << 32;
    /** {@link #normaliseAscii} found a letter three times in a row in the normalised text. */
    static final long REPEATS_LETTERS = 1L << 33;

    /**
     * One pass over {@code raw}, whose Latin-1 copy is {@code b}: -1 when a character of it is not ASCII (the
     * copy writes '?' for a character it cannot hold, so a '?' is checked against the text; {@code b} is then
     * left in no useful state); else {@link #normalise(String, boolean)} of it written over {@code b} (white
     * space runs to one space, none at the start, letters lower-cased; no invisible character, already NFKC),
     * its length in the low 32 bits, with {@link #MAY_HOLD_BASE64} when the text has a run of {@link
     * Obfuscation#MIN_BLOB_CHARS} base64 characters ({@link Obfuscation#decodeBase64} finds nothing without
     * one) and {@link #REPEATS_LETTERS} when the normalised text has three equal letters in a row ({@link
     * Obfuscation#collapseRepeats} changes nothing without them).
     */
    static long normaliseAscii(String raw, byte[] b) {
        int k = 0;
        boolean pendingSpace = false;
        int run = 0; // base64 characters in a row, in the text as it is
        long flags = 0;
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c < 0 || (c == '?' && raw.charAt(i) != '?')) {
                return -1;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                if (++run >= Obfuscation.MIN_BLOB_CHARS) {
                    flags |= MAY_HOLD_BASE64;
                }
            } else {
                run = 0;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && k > 0) {
                b[k++] = ' ';
            }
            pendingSpace = false;
            byte lower = c >= 'A' && c <= 'Z' ? (byte) (c + ('a' - 'A')) : c;
            if (k >= 2 && lower == b[k - 1] && lower == b[k - 2] && lower >= 'a' && lower <= 'z') {
                flags |= REPEATS_LETTERS;
            }
            b[k++] = lower;
        }
        return k | flags;
    }

    /**
     * {@link #undoLeet(String)} of the ASCII text {@code b[0, n)}, in place (the neighbours read are the ones
     * before any replacement): the last position replaced, -1 when none was. Every leetspeak character is
     * replaced by another character, so that is where the result last differs from the text.
     */
    static int undoLeet(byte[] b, int n) {
        int last = -1;
        boolean letterBefore = false; // of the character before as it was
        for (int i = 0; i < n; i++) {
            byte c = b[i];
            if (isLeet((char) c) && (letterBefore || (i + 1 < n && isAsciiLetter(b[i + 1])))) {
                b[i] = (byte) letterFor((char) c);
                last = i;
            }
            letterBefore = isAsciiLetter(c);
        }
        return last;
    }

    /** {@link Character#isLetter} of an ASCII character. */
    private static boolean isAsciiLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The characters {@link #INVISIBLE} matches, without a regex. */
    static boolean isInvisible(char c) {
        return c == '\u00AD'
                || (c >= '\u200B' && c <= '\u200F')
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2060' && c <= '\u2064')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\uFEFF';
    }

    /** Replaces a digit or symbol standing for a letter when a letter is next to it ("k1ll"), in one pass. */
    static String undoLeet(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isLeet(c)) {
                continue;
            }
            boolean letterBefore = i > 0 && Character.isLetter(s.charAt(i - 1));
            boolean letterAfter = i + 1 < s.length() && Character.isLetter(s.charAt(i + 1));
            if (letterBefore || letterAfter) {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, letterFor(c));
            }
        }
        return out == null ? s : out.toString();
    }

    /** One of {@code 0134579@$!|}, without a string search per character. */
    static boolean isLeet(char c) {
        return switch (c) {
            case '0', '1', '3', '4', '5', '7', '9', '@', '$', '!', '|' -> true;
            default -> false;
        };
    }

    /** The letter a leetspeak character stands for (one character of {@link #undoLeet}). */
    static char letterFor(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1', '!', '|' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            case '9' -> 'g';
            default -> c;
        };
    }

    /** The high surrogate of every code point U+E0000..U+E03FF, the Unicode tag characters among them. */
    private static final char TAG_HIGH_SURROGATE = Character.highSurrogate(0xE0000);

    /** ASCII encoded as Unicode tag characters (U+E0020..U+E007E), invisible when rendered. */
    static String decodeTagCharacters(String raw) {
        if (raw.indexOf(TAG_HIGH_SURROGATE) < 0) {
            return ""; // every tag character is this high surrogate and a low one: the usual text has none
        }
        StringBuilder out = new StringBuilder();
        raw.codePoints().forEach(cp -> {
            if (cp >= 0xE0020 && cp <= 0xE007E) {
                out.append((char) (cp - 0xE0000));
            }
        });
        return out.toString();
    }

    /**
     * A text the rules run on, its words and their ids in the {@link #VOCABULARY} (null without triggers);
     * {@code base}: the variant before it when this one is that text with characters replaced, no later than
     * {@code reach - 1}, and ASCII after it ({@link #lastDifference}), else -1.
     */
    private record Variant(String text, Words words, int[] ids, int base, int reach, int split, boolean headOnly) {
        /**
         * {@code words}/{@code ids}: all its words, or with {@code headOnly} those that start no later than
         * {@code reach} (the rest are its base's, from the base's {@code split}); {@code split}: the first of
         * its words that the next variant shares (one that starts after that variant's reach), -1 when none.
         */
        Variant {}

        /** This variant with its words from the first that starts after {@code reach} shared with the next. */
        Variant splitAt(int reach) {
            int k = 0;
            while (k < words.count() && words.spans()[2 * k] <= reach) {
                k++;
            }
            return new Variant(text, words, ids, base, this.reach, k, headOnly);
        }
    }

    /**
     * The last position where {@code b} differs from {@code a} of the same length, or holds a character that
     * is not ASCII; -1 when neither happens; -2 when the lengths differ. Leetspeak undone ({@link #undoLeet})
     * replaces characters one for one: "hi! i ordered …" and "hii i ordered …" differ at 2 alone.
     */
    static int lastDifference(String a, String b) {
        if (a.length() != b.length()) {
            return -2;
        }
        int k = b.length() - 1;
        while (k >= 0) {
            char c = b.charAt(k);
            if (c >= 0x80 || c != a.charAt(k)) {
                break;
            }
            k--;
        }
        return k;
    }

    /** The words of a normalised text ({@link Words#of}), as a set. */
    static Set<String> tokens(String normalised) {
        return Words.of(normalised).asSet();
    }

    /** {@code [\p{L}\p{N}_]}: a letter, a number (decimal, letter-like or other) or '_'. */
    private static boolean isWordCodePoint(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
        }
        int type = Character.getType(cp);
        return type == Character.UPPERCASE_LETTER
                || type == Character.LOWERCASE_LETTER
                || type == Character.TITLECASE_LETTER
                || type == Character.MODIFIER_LETTER
                || type == Character.OTHER_LETTER
                || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private void scoreRules(
            TriggerIndex index, List<Variant> variants, Map<ModerationCategory, Double> scores, Set<String> reasons) {
        List<Triggered> rules = index.rules();
        if (!useTriggers) {
            for (Triggered t : rules) {
                for (Variant v : variants) {
                    if (t.rule().matches(v.text())) {
                        score(t, scores, reasons);
                        break;
                    }
                }
            }
            return;
        }
        // the masks of rules (TriggerIndex): each variant's candidates, then the & words' rules of the variant
        // at hand, the rules and & rules of the tail words of a variant the next one shares them with (read
        // by that next one), and the union of the candidates
        int width = index.width();
        int count = variants.size();
        int alsoAt = count * width;
        int tailAt = alsoAt + width;
        int tailAlsoAt = tailAt + width;
        int anyAt = tailAlsoAt + width;
        long[] m = new long[anyAt + width];
        int also = index.anyAlso() ? alsoAt : -1;
        for (int i = 0; i < count; i++) {
            Variant v = variants.get(i);
            Words words = v.words();
            int at = i * width;
            java.util.Arrays.fill(m, alsoAt, alsoAt + width, 0L);
            if (v.split() >= 0) {
                java.util.Arrays.fill(m, tailAt, tailAlsoAt + width, 0L);
                index.accumulate(words, v.ids(), v.split(), words.count(), m, tailAt, also < 0 ? -1 : tailAlsoAt);
                index.accumulate(words, v.ids(), 0, v.split(), m, at, also);
            } else {
                index.accumulate(words, v.ids(), 0, words.count(), m, at, also);
            }
            if (v.headOnly() || v.split() >= 0) {
                for (int j = 0; j < width; j++) {
                    m[at + j] |= m[tailAt + j];
                    m[alsoAt + j] |= m[tailAlsoAt + j];
                }
            }
            index.filter(m, at, alsoAt);
            for (int j = 0; j < width; j++) {
                m[anyAt + j] |= m[at + j];
            }
        }
        for (int j = 0; j < width; j++) {
            for (long x = m[anyAt + j]; x != 0; x &= x - 1) {
                int r = (j << 6) + Long.numberOfTrailingZeros(x);
                long bit = 1L << r;
                Triggered t = rules.get(r);
                int missed = 0; // the variants whose text the rule's pattern was not found in
                for (int i = 0; i < count; i++) {
                    if ((m[i * width + j] & bit) == 0) {
                        continue;
                    }
                    Variant v = variants.get(i);
                    int result = t.test(v.text(), lastStart(t, v, missed));
                    if (result == Triggered.MATCH) {
                        score(t, scores, reasons);
                        break;
                    }
                    if (result == Triggered.NO_PATTERN && i < Integer.SIZE) {
                        missed |= 1 << i; // a text with more variants (base64 blobs) searches the later ones whole
                    }
                }
            }
        }
    }

    /**
     * The last start where the rule's pattern can be found in variant {@code v} when it was not found in
     * the variant {@code v} rewrites ({@code missed}): {@code v.reach()}. Those two texts have the same
     * length and the same ASCII characters after {@code v.reach() - 1}, and an attempt of such a pattern
     * ({@link AnchoredPattern#readsBackOneAtMost}) at a later start reads only characters from the one
     * before it on: the same characters in both texts, so the same outcome, which was a failure. So only
     * the first starts of, say, "hii i ordered …" are tried, not the whole text again. Otherwise the
     * length of the text: every start.
     */
    private static int lastStart(Triggered t, Variant v, int missed) {
        return v.base() >= 0
                        && v.base() < Integer.SIZE
                        && (missed & (1 << v.base())) != 0
                        && t.pattern().readsBackOneAtMost()
                ? v.reach()
                : Integer.MAX_VALUE;
    }

    /**
     * Scores each rule of {@code any} (the union of {@code candidates}, one set per variant) whose
     * pattern matches the text of a variant that has it as a candidate, in rule order (the order of
     * the reasons). A rule scores once however many variants it matches, so a variant equal to
     * another changes nothing. {@code texts} gives variant {@code i}'s text; it is asked only for a
     * candidate's variants.
     */
    static void scoreCandidates(
            List<Triggered> rules,
            BitSet any,
            BitSet[] candidates,
            java.util.function.IntFunction<String> texts,
            Map<ModerationCategory, Double> scores,
            Set<String> reasons) {
        scoreCandidates(rules, any, candidates, (r, i) -> rules.get(r).matches(texts.apply(i)), scores, reasons);
    }

    /** Whether rule {@code rule} (its index in the list) matches the text of variant {@code variant}. */
    @FunctionalInterface
    interface RuleTest {
        boolean matches(int rule, int variant);
    }

    /**
     * {@link #scoreCandidates(List, BitSet, BitSet[], java.util.function.IntFunction, Map, Set)} with
     * the match of a rule on a variant told by {@code test} (which must answer what {@link
     * Triggered#matches} answers for that variant's text).
     */
    static void scoreCandidates(
            List<Triggered> rules,
            BitSet any,
            BitSet[] candidates,
            RuleTest test,
            Map<ModerationCategory, Double> scores,
            Set<String> reasons) {
        for (int r = any.nextSetBit(0); r >= 0; r = any.nextSetBit(r + 1)) {
            Triggered t = rules.get(r);
            for (int i = 0; i < candidates.length; i++) {
                if (candidates[i].get(r) && test.matches(r, i)) {
                    score(t, scores, reasons);
                    break;
                }
            }
        }
    }

    private static void score(Triggered t, Map<ModerationCategory, Double> scores, Set<String> reasons) {
        add(scores, t.rule().category(), t.rule().weight());
        reasons.add(t.rule().reason());
    }

    private void scorePersonalDataAndSecrets(String raw, Map<ModerationCategory, Double> scores, Set<String> reasons) {
        scorePersonalDataAndSecrets(pii.scan(raw), scores, reasons);
    }

    /** The scanner of personal data and secrets. */
    PiiScanner pii() {
        return pii;
    }

    /** Scores what {@link PiiScanner#scan} found: each finding is one piece of evidence. */
    static void scorePersonalDataAndSecrets(
            List<PiiFinding> findings, Map<ModerationCategory, Double> scores, Set<String> reasons) {
        for (PiiFinding finding : findings) {
            PiiKind kind = finding.kind();
            ModerationCategory category = kind.isSecret() ? ModerationCategory.SECRETS : ModerationCategory.PII;
            add(scores, category, kind.isSecret() ? SECRET_WEIGHT : PII_WEIGHT);
            reasons.add(category.wireName() + ":" + kind.label());
        }
    }

    private static void scoreTagCharacters(String raw, Map<ModerationCategory, Double> scores, Set<String> reasons) {
        if (raw.codePoints().anyMatch(cp -> cp >= 0xE0000 && cp <= 0xE007F)) {
            add(scores, ModerationCategory.PROMPT_INJECTION, LocalLexicon.TAG_CHARACTERS_WEIGHT);
            reasons.add("prompt_injection:unicode-tag-characters");
        }
    }

    private static void scoreInvisibleCharacters(
            String raw, Map<ModerationCategory, Double> scores, Set<String> reasons) {
        if (HIDING.matcher(raw).find()) {
            add(scores, ModerationCategory.PROMPT_INJECTION, LocalLexicon.INVISIBLE_CHARACTERS_WEIGHT);
            reasons.add("prompt_injection:invisible-characters");
        }
    }

    /** The verdict of rule scores: a category is flagged when the request's preset flags its score. */
    static ModerationVerdict verdict(
            String provider, ModerationRequest request, Map<ModerationCategory, Double> scores, List<String> reasons) {
        return verdict(provider, request.kind(), request.preset(), scores, reasons);
    }

    static ModerationVerdict verdict(
            String provider,
            ContentKind kind,
            ModerationPreset preset,
            Map<ModerationCategory, Double> scores,
            List<String> reasons) {
        Set<ModerationCategory> flagged = EnumSet.noneOf(ModerationCategory.class);
        // by category, not Map.forEach: an EnumMap's forEach makes an entry object per category
        for (ModerationCategory category : CATEGORIES) {
            Double score = scores.get(category);
            if (score != null && preset.flags(kind, category, score)) {
                flagged.add(category);
            }
        }
        return new ModerationVerdict(provider, scores, flagged, reasons);
    }

    /** Every category, in order (one array, not one per {@link ModerationCategory#values()} call). */
    static final ModerationCategory[] CATEGORIES = ModerationCategory.values();

    /** The score of a category nothing counted for, boxed once. */
    static final Double ZERO = 0.0;

    /** Noisy-or: independent pieces of evidence raise the score towards 1 without passing it. */
    static void add(Map<ModerationCategory, Double> scores, ModerationCategory category, double weight) {
        double previous = scores.getOrDefault(category, 0.0);
        scores.put(category, 1.0 - (1.0 - previous) * (1.0 - weight));
    }
}
