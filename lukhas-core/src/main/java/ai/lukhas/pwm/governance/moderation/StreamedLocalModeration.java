package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.text.GrowingText;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local provider's checks of one stream's model output, which only grows between checks: the verdict
 * of every check equals {@link LocalModerationProvider#moderate} of the whole text so far, but the part of
 * the work that a later character cannot change is done once, not at every release.
 *
 * <p>What is kept: the text is cut where every transform the rules read is a concatenation of the
 * transforms of the parts (a <em>cut</em>: after a line break, or after a space that follows two letters or
 * digits, see {@link #isCut}). Up to the last cut, kept once: the normalised text and its two obfuscation
 * variants (look-alikes folded, spelled-out letters joined, repeats collapsed; leetspeak undone), the rules
 * their words trigger and the {@code &} words they hold, the base64 blobs decoded there and the Unicode tag
 * characters. Why a cut is safe: NFKC leaves a space and a line break alone and neither composes with its
 * neighbours; white space collapses to one space, which no word, repeated-letter run, leetspeak neighbour,
 * final sigma or base64 blob crosses; a spelled-out run ("k i l l") needs single letters on both sides of
 * a separator, and the letter before a cutting space has a letter or digit before it. After the last cut
 * (the open word or line) everything is recomputed at every check.
 *
 * <p>Personal data and secrets: {@link PiiScanner.Growing} keeps the findings before its own cut (a sentence
 * end), with the same exactness. The patterns of the rules the words trigger (none run when no word triggers a
 * rule) and their {@code requires} and {@code unless} cues: each keeps its search of each variant's text
 * ({@link AnchoredPattern.Growing}), which decides once the starts the kept text decides, so only the starts
 * an attempt could not decide and the open end are searched at each check, over the variant read in place.
 * What still runs whole at every check: the rules over a base64 blob's or the tags' text, and, when the text
 * is not an extension of the one checked before, everything. The
 * first check of a stream (the only one of an answer that is not streamed) is the whole-text check itself.
 * One instance per stream; not thread-safe.
 */
final class StreamedLocalModeration implements ModerationProvider {
    private final LocalModerationProvider local;

    /**
     * The text of the last check (the kept parts are of its first {@code cut} characters), a {@link String} or
     * a {@link GrowingText} (whose start never changes); null before one.
     */
    private CharSequence checked;

    private int cut;
    /** What is kept of the text before the cut; made at the second check (a single check keeps nothing). */
    private Kept normal;

    private Kept collapsed;
    private Kept deobfuscated;
    /** The normalised text of each base64 blob before the cut (at most the four the whole text decodes). */
    private List<String> blobs;
    /** The ASCII hidden in tag characters before the cut. */
    private StringBuilder tags;
    /** The personal data and secrets, with the findings before its own cut kept ({@link PiiScanner.Growing}). */
    private PiiScanner.Growing pii;
    /**
     * Per content rule and normalised variant (plain, disguised, leetspeak undone), the searches of its
     * pattern and cues over that variant's growing text, made when the rule is first a candidate there;
     * null until a rule is.
     */
    private RuleSearch[][] searches;

    StreamedLocalModeration(LocalModerationProvider local) {
        this.local = Objects.requireNonNull(local, "local");
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public Optional<List<Pattern>> phrasePatterns() {
        return local.phrasePatterns();
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) {
        if (request.kind() != ContentKind.FINAL_OUTPUT || !local.usesTriggers()) {
            return local.moderate(request);
        }
        String raw = request.text();
        if (checked == null) {
            // the first check of the stream (or the only one of an answer that is not streamed): as always
            checked = raw;
            return local.moderate(request);
        }
        return grown(raw, request.preset());
    }

    /**
     * {@link #moderate} of the model output {@code text} as it is now, with {@code preset}: read in place,
     * and, when it is the text of the last check, grown, its start neither copied nor compared again. The
     * first check copies it once ({@link LocalModerationProvider#moderate} reads a {@link String}).
     */
    ModerationVerdict moderate(GrowingText text, ModerationPreset preset) {
        if (checked == null || !local.usesTriggers()) {
            checked = text;
            return local.moderate(
                    new ModerationRequest(ContentKind.FINAL_OUTPUT, Optional.empty(), text.toString(), preset));
        }
        return grown(text, preset);
    }

    /** A check after the first: {@code raw} is a {@link String} or a {@link GrowingText}. */
    private ModerationVerdict grown(CharSequence raw, ModerationPreset preset) {
        if (normal == null) {
            normal = new Kept();
            collapsed = new Kept();
            deobfuscated = new Kept();
            blobs = new ArrayList<>(0);
            tags = new StringBuilder(0);
            pii = local.pii().growing();
        }
        if (cut > raw.length() || !GrowingText.sameStart(raw, checked, cut)) {
            reset(); // not the text checked before with more at its end: from the start
        }
        checked = raw;
        int next = lastCut(raw, cut);
        if (next > cut) {
            Piece kept = Piece.of(raw.subSequence(cut, next).toString());
            BitSet[] normalBits = bits(kept.normal);
            normal.add(kept.normal, normalBits, false);
            boolean folded = !kept.collapsed.equals(kept.normal);
            BitSet[] collapsedBits = folded ? bits(kept.collapsed) : normalBits;
            collapsed.add(kept.collapsed, collapsedBits, folded);
            boolean leet = !kept.deobfuscated.equals(kept.collapsed);
            deobfuscated.add(kept.deobfuscated, leet ? bits(kept.deobfuscated) : collapsedBits, leet);
            for (String blob : kept.blobs) {
                if (blobs.size() < MAX_BLOBS) {
                    blobs.add(blob);
                }
            }
            tags.append(kept.tags);
            cut = next;
        }
        Piece open = Piece.of(raw.subSequence(cut, raw.length()).toString());

        // the variants of moderate(): the three texts, the blobs (the first four of the whole text), the tags
        List<Kept> texts = List.of(normal, collapsed, deobfuscated);
        List<String> opens = List.of(open.normal, open.collapsed, open.deobfuscated);
        List<String> allBlobs = new ArrayList<>(blobs);
        for (String blob : open.blobs) {
            if (allBlobs.size() < MAX_BLOBS) {
                allBlobs.add(blob);
            }
        }
        String smuggled = tags.isEmpty() ? open.tags : tags + open.tags;
        int count = 3 + allBlobs.size() + (smuggled.isEmpty() ? 0 : 1);
        BitSet[] candidates = new BitSet[count];
        String[] wholeTexts = new String[count];
        BitSet any = new BitSet();
        LocalModerationProvider.TriggerIndex index = LocalModerationProvider.CONTENT;
        // as moderate(), a disguised variant only when it differs from the one before it: when no part of
        // it differs, neither does the whole; when one does, the whole may not, and then the variant is a
        // copy of the one before, which changes no verdict (a rule scores once) and costs one more match
        boolean[] asked = {
            true,
            collapsed.differs || !open.collapsed.equals(open.normal),
            deobfuscated.differs || !open.deobfuscated.equals(open.collapsed)
        };
        BitSet[] previous = null;
        for (int i = 0; i < 3; i++) {
            if (!asked[i]) {
                candidates[i] = new BitSet();
                continue;
            }
            String tail = opens.get(i);
            BitSet[] tailBits = i > 0 && tail.equals(opens.get(i - 1)) && previous != null ? previous : bits(tail);
            previous = tailBits;
            BitSet out = (BitSet) texts.get(i).triggers.clone();
            BitSet also = (BitSet) texts.get(i).also.clone();
            out.or(tailBits[0]);
            also.or(tailBits[1]);
            candidates[i] = index.filter(out, also);
            any.or(candidates[i]);
        }
        for (int i = 3; i < count; i++) {
            String text = i - 3 < allBlobs.size() ? allBlobs.get(i - 3) : LocalModerationProvider.normalise(smuggled);
            LocalModerationProvider.Words words = LocalModerationProvider.Words.of(text);
            candidates[i] = index.candidates(words, words.ids(LocalModerationProvider.VOCABULARY));
            wholeTexts[i] = text;
            any.or(candidates[i]);
        }

        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        Set<String> reasons = new LinkedHashSet<>();
        for (ModerationCategory c : LocalModerationProvider.CATEGORIES) {
            if (c != ModerationCategory.PROMPT_INJECTION) {
                scores.put(c, 0.0);
            }
        }
        if (!any.isEmpty()) {
            List<LocalModerationProvider.Triggered> rules = index.rules();
            if (searches == null) {
                searches = new RuleSearch[rules.size()][3];
            }
            CharSequence[] wholes = new CharSequence[3];
            LocalModerationProvider.scoreCandidates(
                    rules,
                    any,
                    candidates,
                    (r, i) -> {
                        if (i >= 3) {
                            return rules.get(r).matches(wholeTexts[i]); // a blob or the tags: whole
                        }
                        if (wholes[i] == null) {
                            wholes[i] = texts.get(i).view(opens.get(i));
                        }
                        RuleSearch search = searches[r][i];
                        if (search == null) {
                            search = searches[r][i] = new RuleSearch(rules.get(r));
                        }
                        return search.matches(texts.get(i).text, wholes[i]);
                    },
                    scores,
                    reasons);
        }
        LocalModerationProvider.scorePersonalDataAndSecrets(
                raw instanceof GrowingText g ? pii.scan(g) : pii.scan(raw.toString()), scores, reasons);
        return LocalModerationProvider.verdict(name(), ContentKind.FINAL_OUTPUT, preset, scores, List.copyOf(reasons));
    }

    private void reset() {
        searches = null;
        cut = 0;
        normal.clear();
        collapsed.clear();
        deobfuscated.clear();
        blobs.clear();
        tags.setLength(0);
    }

    /** The rules a text's words trigger and the rules its {@code &} words belong to ({@code TriggerIndex}). */
    private static BitSet[] bits(String normalised) {
        BitSet triggers = new BitSet();
        BitSet also = new BitSet();
        if (!normalised.isEmpty()) {
            LocalModerationProvider.Words words = LocalModerationProvider.Words.of(normalised);
            LocalModerationProvider.CONTENT.accumulate(
                    words, words.ids(LocalModerationProvider.VOCABULARY), triggers, also);
        }
        return new BitSet[] {triggers, also};
    }

    /** Most base64 blobs one text decodes ({@code Obfuscation.decodeBase64}). */
    private static final int MAX_BLOBS = 4;

    /** The last cut of {@code raw} after {@code from}, or {@code from}. */
    static int lastCut(CharSequence raw, int from) {
        for (int k = raw.length(); k > from; k--) {
            if (isCut(raw, k)) {
                return k;
            }
        }
        return from;
    }

    /**
     * Whether the text before {@code k} and the text from {@code k} are transformed independently: a line
     * break before {@code k}, or a space after two letters or digits (so no spelled-out run crosses it).
     */
    static boolean isCut(CharSequence raw, int k) {
        char before = raw.charAt(k - 1);
        return before == '\n'
                || (before == ' '
                        && k >= 3
                        && Character.isLetterOrDigit(raw.charAt(k - 2))
                        && Character.isLetterOrDigit(raw.charAt(k - 3)));
    }

    /** The transforms of one part of the text between cuts (or from the last cut to the end). */
    private record Piece(String normal, String collapsed, String deobfuscated, List<String> blobs, String tags) {
        /** As {@link LocalModerationProvider#variants}, for a part. */
        static Piece of(String raw) {
            String normal = LocalModerationProvider.normalise(raw);
            String joined = Obfuscation.joinSpelledOut(raw);
            String collapsed = Obfuscation.collapseRepeats(
                    Obfuscation.foldHomoglyphs(joined == raw ? normal : LocalModerationProvider.normalise(joined)));
            String deobfuscated = LocalModerationProvider.undoLeet(collapsed);
            List<String> decoded = Obfuscation.decodeBase64(raw);
            List<String> blobs = decoded.isEmpty() ? List.of() : new ArrayList<>(decoded.size());
            for (String d : decoded) {
                blobs.add(LocalModerationProvider.normalise(d));
            }
            return new Piece(normal, collapsed, deobfuscated, blobs, LocalModerationProvider.decodeTagCharacters(raw));
        }
    }

    /**
     * {@link LocalModerationProvider.Triggered#matches} over one variant's growing text: the pattern found
     * and the {@code requires} cue found and the {@code unless} cue not, each a {@link AnchoredPattern.Growing}
     * search that decides once what the kept text decides.
     */
    private static final class RuleSearch {
        private final AnchoredPattern.Growing pattern;
        private final AnchoredPattern.Growing requires;
        private final AnchoredPattern.Growing unless;

        RuleSearch(LocalModerationProvider.Triggered rule) {
            pattern = rule.pattern().growing();
            requires = rule.requires().map(AnchoredPattern::growing).orElse(null);
            unless = rule.unless().map(AnchoredPattern::growing).orElse(null);
        }

        boolean matches(CharSequence kept, CharSequence whole) {
            return pattern.find(kept, whole)
                    && (requires == null || requires.find(kept, whole))
                    && (unless == null || !unless.find(kept, whole));
        }
    }

    /** A kept text, a space and an open part, read in place (not copied at every check). */
    private record Joined(CharSequence kept, String open) implements CharSequence {
        @Override
        public int length() {
            return kept.length() + 1 + open.length();
        }

        @Override
        public char charAt(int index) {
            int k = kept.length();
            if (index < k) {
                return kept.charAt(index);
            }
            if (index == k) {
                return ' ';
            }
            return open.charAt(index - k - 1);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return kept + " " + open;
        }
    }

    /**
     * One variant's text before the cut: normalised parts joined by one space (what normalising the whole
     * makes of the white space at a cut), the rules its words trigger and the {@code &} words' rules.
     */
    private static final class Kept {
        final StringBuilder text = new StringBuilder();
        final BitSet triggers = new BitSet();
        final BitSet also = new BitSet();
        /** Whether a part differed from the previous variant's part (for the normalised text: never). */
        boolean differs;

        /** Adds a part and its {@link #bits}; {@code differs}: it is not the previous variant's part. */
        void add(String part, BitSet[] bits, boolean differs) {
            this.differs |= differs;
            if (part.isEmpty()) {
                return;
            }
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(part);
            triggers.or(bits[0]);
            also.or(bits[1]);
        }

        /**
         * The whole variant, read in place: this text and the open part's, joined by one space (what
         * normalising the whole makes of the white space at the cut); valid while this text is not changed.
         */
        CharSequence view(String open) {
            if (open.isEmpty()) {
                return text;
            }
            if (text.isEmpty()) {
                return open;
            }
            return new Joined(text, open);
        }

        void clear() {
            text.setLength(0);
            triggers.clear();
            also.clear();
            differs = false;
        }
    }
}
