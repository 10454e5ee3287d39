package ai.lukhas.pwm.governance.moderation.eval;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationPreset;

/**
 * One labelled text of the evaluation set.
 *
 * <pre>{@code new EvalItem("thr-001", "thr-001", Split.TUNE, ContentKind.USER_INPUT, "threats", true, "direct",
 *         "none", ModerationPreset.STANDARD, "I'm going to kill you.")}</pre>
 *
 * @param group the hand-written seed the item comes from; obfuscated or templated variants share it, and the
 *     split is decided by the group so a variant never lands on the other side of its seed
 * @param category the evaluation category (threats, self_harm, ..., injection, pii, secrets); a benign
 *     near-miss carries the category it resembles
 * @param shouldFlag the expected verdict: {@code true} = must be flagged, {@code false} = must pass
 * @param theme how the item was written (direct, paraphrase, template, obfuscated; for benign items
 *     technical, fiction, history, medicine, security_education, ...)
 * @param obfuscation none, spaced, leet, homoglyph, zero_width, repeated or base64
 * @param preset the preset the item is judged under (pii is flagged only under {@code high})
 */
public record EvalItem(
        String id,
        String group,
        Split split,
        ContentKind kind,
        String category,
        boolean shouldFlag,
        String theme,
        String obfuscation,
        ModerationPreset preset,
        String text) {
    public EvalItem {
        Checks.nonNull("id, group, split, kind, category, theme", id, group, split, kind, category, theme);
        Checks.nonNull("obfuscation, preset, text", obfuscation, preset, text);
    }

    @Override
    public String toString() {
        return "EvalItem[" + id + ", " + category + ", " + (shouldFlag ? "flag" : "pass") + "]";
    }
}
