package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule file's syntax: names, continuation lines, sections, and errors that name the line. */
class LexiconFileTest {
    private static LexiconFile.Rules parse(String... lines) {
        return LexiconFile.parse(List.of(lines), "test.rules");
    }

    @Test
    void namesExpandAndContinuationLinesAppendTheirTextAsItStands() {
        LexiconFile.Rules rules = parse(
                "# a comment",
                "define WHO = (?:you|them)",
                "define VERB = hurt",
                "define WORDS = hurt",
                "",
                "[content]",
                "rule violence threat 0.5",
                "  pattern = \\bi will {{VERB}}",
                "    +  {{WHO}}\\b",
                "  unless = \\bnever\\b",
                "  triggers = {{WORDS}} & you them",
                "rule harassment cue 1",
                "  requires = \\bhow\\b",
                "  pattern = x",
                "  triggers = x");
        LexiconRule threat = rules.section("content").get(0);
        assertThat(threat.pattern().pattern()).isEqualTo("\\bi will hurt (?:you|them)\\b");
        assertThat(threat.unless().orElseThrow().pattern()).isEqualTo("\\bnever\\b");
        assertThat(threat.requires()).isEmpty();
        assertThat(threat.matches("i will hurt you")).isTrue();
        assertThat(threat.matches("i will hurt you, never")).isFalse();
        assertThat(rules.section("content").get(1).requires().orElseThrow().pattern())
                .isEqualTo("\\bhow\\b");
        assertThat(rules.triggers())
                .containsEntry("violence:threat", "hurt & you them")
                .containsEntry("harassment:cue", "x");
    }

    @Test
    void mistakesFailWithTheLine() {
        assertThatThrownBy(() -> parse("[content]", "rule violence a 0.5", "  pattern = {{NOPE}}", "  triggers = a"))
                .hasMessage("test.rules line 3: {{NOPE}} is not defined above its use");
        assertThatThrownBy(() -> parse("[content]", "rule violence a 0.5", "  pattern = a"))
                .hasMessage("test.rules line 2: rule a has no triggers line");
        assertThatThrownBy(() -> parse("[content]", "rule violenc a 0.5", "  pattern = a", "  triggers = a"))
                .hasMessage("test.rules line 2: unknown category \"violenc\"");
        assertThatThrownBy(() -> parse("[content]", "rule violence a 1.5", "  pattern = a", "  triggers = a"))
                .hasMessage("test.rules line 2: rule a: weight must be in (0, 1], but was 1.5");
        assertThatThrownBy(() -> parse("[content]", "rule violence a 0.5", "  pattern = (", "  triggers = a"))
                .hasMessageStartingWith("test.rules line 2: rule a: Unclosed group");
        assertThatThrownBy(() -> parse("define UNUSED = x", "[content]"))
                .hasMessage("test.rules line 1: UNUSED is defined but never used");
        assertThatThrownBy(() -> parse(
                        "[content]",
                        "rule violence a 0.5",
                        "  pattern = a",
                        "  triggers = a",
                        "rule violence a 0.6",
                        "  pattern = b",
                        "  triggers = b"))
                .hasMessage("test.rules line 5: rule violence:a is defined twice");
        assertThatThrownBy(() -> parse("    + x"))
                .hasMessage("test.rules line 1: a continuation line must follow a value, but follows no value");
        assertThatThrownBy(() -> parse("[content]", "rule violence a 0.5", "  patern = a"))
                .hasMessageStartingWith("test.rules line 3: a rule line must be one of");
        assertThatThrownBy(() -> parse("[content]").section("injection"))
                .hasMessage("the lexicon has no section [injection], but has [content]");
    }

    @Test
    void theShippedFileHoldsEveryListTheProviderScores() {
        LexiconFile.Rules rules = LexiconFile.load("local-lexicon.rules");
        assertThat(rules.sections().keySet())
                .containsExactlyInAnyOrder("content", "direct_injection", "injection", "amplifiers");
        int total = rules.sections().values().stream().mapToInt(List::size).sum();
        assertThat(rules.triggers()).hasSize(total);
    }
}
