package ai.lukhas.pwm.governance.moderation;

/**
 * A moderation configuration file could not be used. The message names the file, the 1-based line and column
 * and what was expected, e.g. {@code "tenants.bank.presets.high.pii: threshold must be in (0, 1], but was 1.5
 * (moderation.yaml line 6, column 14)"}.
 */
public final class ModerationConfigException extends RuntimeException {
    private final int line;
    private final int column;

    ModerationConfigException(String source, int line, int column, String detail) {
        super(detail + " (" + source + (line > 0 ? " line " + line + ", column " + column : "") + ")");
        this.line = line;
        this.column = column;
    }

    /** 1-based line, or 0 when the file as a whole is the problem. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when the file as a whole is the problem. */
    public int column() {
        return column;
    }
}
