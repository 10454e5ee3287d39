package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.pii.PiiFinding;
import ai.lukhas.pwm.pii.PiiKind;
import ai.lukhas.pwm.pii.PiiScanner;
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
            return pattern.find(text)
                    && (requires.isEmpty() || requires.get().find(text))
                    && (unless.isEmpty() || !unless.get().find(text));
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
     * The rules of one list by trigger: which rules a text can match is found by walking its tokens
     * once (a map lookup per token, a walk of the prefix trie per token), not by testing every rule's
     * words against the tokens, which was most of the moderation cost of an ordinary text.
     */
    static final class TriggerIndex {
        private final List<Triggered> rules;
        private final Map<String, BitSet> byWord = new java.util.HashMap<>();
        private final PrefixNode prefixes = new PrefixNode();

        private static final class PrefixNode {
            final Map<Character, PrefixNode> next = new java.util.HashMap<>();
            final BitSet rules = new BitSet();
        }

        TriggerIndex(List<Triggered> rules) {
            this.rules = rules;
            for (int r = 0; r < rules.size(); r++) {
                for (String w : rules.get(r).words()) {
                    byWord.computeIfAbsent(w, k -> new BitSet()).set(r);
                }
                for (String p : rules.get(r).prefixes()) {
                    PrefixNode node = prefixes;
                    for (int i = 0; i < p.length(); i++) {
                        node = node.next.computeIfAbsent(p.charAt(i), c -> new PrefixNode());
                    }
                    node.rules.set(r);
                }
            }
        }

        List<Triggered> rules() {
            return rules;
        }

        private static boolean containsAny(Set<String> tokens, Set<String> words) {
            if (tokens.size() < words.size()) {
                for (String t : tokens) {
                    if (words.contains(t)) {
                        return true;
                    }
                }
                return false;
            }
            for (String w : words) {
                if (tokens.contains(w)) {
                    return true;
                }
            }
            return false;
        }

        /** The rules one of {@code tokens} triggers: a trigger word, or a token starting with a trigger prefix. */
        BitSet candidates(Set<String> tokens) {
            BitSet out = new BitSet(rules.size());
            for (String t : tokens) {
                BitSet exact = byWord.get(t);
                if (exact != null) {
                    out.or(exact);
                }
                PrefixNode node = prefixes;
                out.or(node.rules); // a bare "*" trigger: any token
                for (int i = 0; i < t.length() && node != null; i++) {
                    node = node.next.get(t.charAt(i));
                    if (node != null) {
                        out.or(node.rules);
                    }
                }
            }
            for (int r = out.nextSetBit(0); r >= 0; r = out.nextSetBit(r + 1)) {
                Set<String> also = rules.get(r).alsoWords();
                if (!also.isEmpty() && !containsAny(tokens, also)) {
                    out.clear(r);
                }
            }
            return out;
        }
    }

    private static final TriggerIndex CONTENT = new TriggerIndex(Triggered.of(LocalLexicon.CONTENT_RULES));
    private static final TriggerIndex INJECTION = new TriggerIndex(Triggered.of(LocalLexicon.INJECTION_RULES));
    private static final TriggerIndex DIRECT_INJECTION =
            new TriggerIndex(Triggered.of(LocalLexicon.DIRECT_INJECTION_RULES));
    private static final TriggerIndex AMPLIFIERS = new TriggerIndex(Triggered.of(LocalLexicon.INJECTION_AMPLIFIERS));

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
        List<Variant> variants = variants(raw).stream()
                .map(text -> new Variant(text, tokens(text)))
                .toList();
        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        Set<String> reasons = new LinkedHashSet<>();
        for (ModerationCategory c : ModerationCategory.values()) {
            if (c != ModerationCategory.PROMPT_INJECTION || request.kind() != ContentKind.FINAL_OUTPUT) {
                scores.put(c, 0.0);
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
        return verdict(name(), request, scores, new ArrayList<>(reasons));
    }

    /**
     * The texts the rules run on: the normalised text; when they differ from it, the same with look-alike
     * letters folded to Latin, letters spelled out one by one joined ("k i l l", "k.i.l.l"), runs of three or
     * more equal letters collapsed ("kiiill") and leetspeak undone; any base64 blob that decodes to text; and
     * any ASCII hidden in Unicode tag characters. Each extra variant costs one cheap scan to detect, so ordinary
     * text runs the rules once.
     */
    static List<String> variants(String raw) {
        List<String> variants = new ArrayList<>(4);
        String normal = normalise(raw);
        variants.add(normal);
        String joined = Obfuscation.joinSpelledOut(raw);
        String collapsed =
                Obfuscation.collapseRepeats(Obfuscation.foldHomoglyphs(joined == raw ? normal : normalise(joined)));
        String deobfuscated = undoLeet(collapsed);
        if (!collapsed.equals(normal)) {
            variants.add(collapsed);
        }
        if (!deobfuscated.equals(collapsed)) {
            variants.add(deobfuscated);
        }
        for (String decoded : Obfuscation.decodeBase64(raw)) {
            variants.add(normalise(decoded));
        }
        String smuggled = decodeTagCharacters(raw);
        if (!smuggled.isEmpty()) {
            variants.add(normalise(smuggled));
        }
        return variants;
    }

    /** One pass over the text (this runs on every tool output, so no regex replacements here). */
    static String normalise(String raw) {
        String s = Normalizer.isNormalized(raw, Normalizer.Form.NFKC)
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
                        default -> c;
                    });
        }
        return out.toString().toLowerCase(Locale.ROOT);
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
            if ("0134579@$!|".indexOf(c) < 0) {
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

    private static char letterFor(char c) {
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

    /** ASCII encoded as Unicode tag characters (U+E0020..U+E007E), invisible when rendered. */
    private static String decodeTagCharacters(String raw) {
        StringBuilder out = new StringBuilder();
        raw.codePoints().forEach(cp -> {
            if (cp >= 0xE0020 && cp <= 0xE007E) {
                out.append((char) (cp - 0xE0000));
            }
        });
        return out.toString();
    }

    private record Variant(String text, Set<String> tokens) {}

    /**
     * The words of a normalised text: its maximal runs of letters, digits and '_' (the parts
     * {@code [^\p{L}\p{N}_]+} splits it into), read in one pass without a regex.
     */
    static Set<String> tokens(String normalised) {
        Set<String> tokens = new java.util.HashSet<>();
        int n = normalised.length();
        int start = -1;
        for (int i = 0; i < n; ) {
            int cp = normalised.codePointAt(i);
            boolean word = isWordCodePoint(cp);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                tokens.add(normalised.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            tokens.add(normalised.substring(start));
        }
        return tokens;
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
        List<BitSet> candidates = new ArrayList<>(variants.size());
        for (Variant v : variants) {
            candidates.add(useTriggers ? index.candidates(v.tokens()) : null);
        }
        List<Triggered> rules = index.rules();
        for (int r = 0; r < rules.size(); r++) {
            Triggered t = rules.get(r);
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get(i);
                boolean matches = useTriggers
                        ? candidates.get(i).get(r) && t.matches(v.text())
                        : t.rule().matches(v.text());
                if (matches) {
                    add(scores, t.rule().category(), t.rule().weight());
                    reasons.add(t.rule().reason());
                    break;
                }
            }
        }
    }

    private void scorePersonalDataAndSecrets(String raw, Map<ModerationCategory, Double> scores, Set<String> reasons) {
        for (PiiFinding finding : pii.scan(raw)) {
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
        Set<ModerationCategory> flagged = EnumSet.noneOf(ModerationCategory.class);
        scores.forEach((category, score) -> {
            if (request.preset().flags(request.kind(), category, score)) {
                flagged.add(category);
            }
        });
        return new ModerationVerdict(provider, scores, flagged, reasons);
    }

    /** Noisy-or: independent pieces of evidence raise the score towards 1 without passing it. */
    static void add(Map<ModerationCategory, Double> scores, ModerationCategory category, double weight) {
        double previous = scores.getOrDefault(category, 0.0);
        scores.put(category, 1.0 - (1.0 - previous) * (1.0 - weight));
    }
}
