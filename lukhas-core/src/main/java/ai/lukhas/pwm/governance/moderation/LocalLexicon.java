package ai.lukhas.pwm.governance.moderation;

import java.util.List;
import java.util.Map;

/**
 * The local provider's rules. They are data: {@code local-lexicon.rules} next to this class holds every rule
 * (category, id, weight, pattern, context cues, trigger words) and the named pieces they are built from, so
 * they can be read and reviewed in one place; {@link LexiconFile} reads it once, at class initialisation.
 * Patterns run on text that is NFKC-normalised, lower-cased, stripped of invisible characters and
 * whitespace-collapsed (and once more with common digit/symbol-for-letter substitutions undone). Weights: 0.9+
 * = an explicit phrase that is rarely innocent; about 0.6 = a strong signal; 0.3-0.5 = a weak one that only
 * counts together with others or under the "high" preset. Scores combine per category as 1 - Π(1 - weight)
 * over the rules that matched.
 *
 * <p>What a lexicon cannot do: understand context (quotes, fiction, news, negation, "how do I kill a
 * process"), catch paraphrases and other languages, or see meaning spread over sentences. It is a
 * transparent, dependency-free floor; use the OpenAI-compatible provider (combined with this one) for
 * classifier-quality content categories. Deliberately there is no list of slurs in the source: hate is
 * detected through dehumanising statements about groups.
 */
final class LocalLexicon {
    private LocalLexicon() {}

    private static final LexiconFile.Rules RULES = LexiconFile.load("local-lexicon.rules");

    /** Harmful content: scored on user input, tool outputs and model output. */
    static final List<LexiconRule> CONTENT_RULES = RULES.section("content");

    /**
     * Direct prompt injection ("ignore your instructions", "reveal your system prompt", "you are now
     * unrestricted"): scored on user input (the preset decides whether it flags or only signals, see {@link
     * ModerationPreset#directInjection()}) and on tool outputs (together with {@link #INJECTION_RULES}).
     */
    static final List<LexiconRule> DIRECT_INJECTION_RULES = RULES.section("direct_injection");

    /** Instructions aimed at the model inside content it fetched. Scored on tool outputs. */
    static final List<LexiconRule> INJECTION_RULES = RULES.section("injection");

    /**
     * Evidence that text is hidden from a human reader; counts only when an instruction rule has matched as
     * well.
     */
    static final List<LexiconRule> INJECTION_AMPLIFIERS = RULES.section("amplifiers");

    /**
     * For each rule's reason ({@code category:id}), the words of which at least one must occur in the text for
     * the rule's pattern to be able to match (the file's header says how they are written).
     */
    static final Map<String, String> TRIGGERS = RULES.triggers();

    /**
     * Weight of invisible characters that can hide text (zero-width, bidi overrides) in a tool output; an
     * amplifier like {@link #INJECTION_AMPLIFIERS}.
     */
    static final double INVISIBLE_CHARACTERS_WEIGHT = 0.25;

    /** Weight of Unicode tag characters (U+E0000..U+E007F): invisible ASCII, almost only used to smuggle text. */
    static final double TAG_CHARACTERS_WEIGHT = 0.9;
}
