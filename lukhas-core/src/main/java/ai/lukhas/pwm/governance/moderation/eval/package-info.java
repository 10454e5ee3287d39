/**
 * The moderation evaluation set (labelled texts with a tune and a held-out split) and the evaluation that
 * measures a {@link ai.lukhas.pwm.governance.moderation.ModerationProvider} on it: precision, recall and false
 * positive rate per category and split.
 */
package ai.lukhas.pwm.governance.moderation.eval;
