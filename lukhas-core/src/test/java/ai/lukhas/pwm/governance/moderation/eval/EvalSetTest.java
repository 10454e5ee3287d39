package ai.lukhas.pwm.governance.moderation.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationCategory;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalSetTest {
    @Test
    void theSplitIsDecidedByTheGroupHashAndALabelThatDisagreesIsRejected() {
        String group = "g-1";
        Split right = Split.of(group);
        Split wrong = right == Split.TUNE ? Split.HELD_OUT : Split.TUNE;
        String line = "{\"id\":\"a\",\"group\":\"g-1\",\"split\":\"%s\",\"category\":\"threats\",\"expected\":\"flag\","
                + "\"text\":\"x\"}";
        assertThat(EvalSet.parse("s.jsonl", line.formatted(right.wireName()))
                        .items()
                        .getFirst()
                        .split())
                .isEqualTo(right);
        assertThatThrownBy(() -> EvalSet.parse("s.jsonl", "\n" + line.formatted(wrong.wireName())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s.jsonl line 2")
                .hasMessageContaining("split must be '" + right.wireName() + "'");
    }

    @Test
    void badLinesNameTheLineAndTheField() {
        assertThatThrownBy(() ->
                        EvalSet.parse("s", "{\"id\":\"a\",\"category\":\"x\",\"expected\":\"maybe\",\"text\":\"t\"}"))
                .hasMessage("s line 1: expected must be flag or pass, but was 'maybe'");
        assertThatThrownBy(() -> EvalSet.parse("s", "not json")).hasMessageStartingWith("s line 1: not a JSON object");
        assertThatThrownBy(() -> EvalSet.parse(
                        "s",
                        "{\"id\":\"a\",\"category\":\"x\",\"expected\":\"flag\",\"text\":\"t\","
                                + "\"kind\":\"email\"}"))
                .hasMessageContaining("kind must be user_input, tool_output or final_output, but was 'email'");
        String ok = "{\"id\":\"a\",\"category\":\"x\",\"expected\":\"flag\",\"text\":\"t\"}";
        assertThatThrownBy(() -> EvalSet.parse("s", ok + "\n" + ok)).hasMessage("s line 2: duplicate id 'a'");
    }

    @Test
    void theEvaluationCountsPerCategoryAndSplitAndAFailureCountsAsFlagged() {
        String set = """
                {"id":"h1","category":"threats","expected":"flag","text":"BAD one"}
                {"id":"h2","category":"threats","expected":"flag","text":"harmless"}
                {"id":"b1","category":"threats","expected":"pass","text":"BAD but benign"}
                {"id":"b2","category":"threats","expected":"pass","text":"fine"}
                {"id":"e1","category":"fraud","expected":"pass","text":"FAIL"}
                """;
        Evaluation.Report r = Evaluation.run(
                request -> {
                    if (request.text().contains("FAIL")) {
                        throw new IllegalStateException("down");
                    }
                    boolean bad = request.text().contains("BAD");
                    return new ModerationVerdict(
                            "fake",
                            Map.of(ModerationCategory.VIOLENCE, bad ? 1.0 : 0.0),
                            bad ? EnumSet.of(ModerationCategory.VIOLENCE) : EnumSet.noneOf(ModerationCategory.class),
                            List.of());
                },
                EvalSet.parse("t", set));
        Split split = Split.of("h1"); // each item is its own group here; count over both splits
        int tp = 0;
        int fn = 0;
        int fp = 0;
        int tn = 0;
        for (Split s : Split.values()) {
            Evaluation.Row row = r.row(s, "threats");
            tp += row.truePositives();
            fn += row.falseNegatives();
            fp += row.falsePositives();
            tn += row.trueNegatives();
        }
        assertThat(List.of(tp, fn, fp, tn)).containsExactly(1, 1, 1, 1);
        assertThat(r.errors()).isEqualTo(1);
        assertThat(r.results().stream()
                        .filter(x -> x.item().id().equals("e1"))
                        .findFirst()
                        .orElseThrow()
                        .flagged())
                .isTrue();
        assertThat(split).isNotNull();
        assertThat(r.results()).allMatch(x -> x.item().kind() == ContentKind.USER_INPUT);
    }

    @Test
    void rowRatios() {
        Evaluation.Row row = new Evaluation.Row(Split.TUNE, "x", 8, 2, 1, 99);
        assertThat(row.precision()).isEqualTo(8 / 9.0);
        assertThat(row.recall()).isEqualTo(0.8);
        assertThat(row.falsePositiveRate()).isEqualTo(0.01);
    }
}
