package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.PositionedException;

/**
 * A moderation configuration file could not be used. The message names the file, the 1-based line and column
 * and what was expected, e.g. {@code "tenants.bank.presets.high.pii: threshold must be in (0, 1], but was 1.5
 * (moderation.yaml line 6, column 14)"}.
 */
public final class ModerationConfigException extends PositionedException {
    ModerationConfigException(String source, int line, int column, String detail) {
        super(inSource(source, line, column, detail), line, column, detail);
    }
}
