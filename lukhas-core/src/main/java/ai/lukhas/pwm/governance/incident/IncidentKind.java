package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.WireName;
import ai.lukhas.pwm.governance.moderation.ContentKind;

/**
 * What went wrong. Every kind tightens the session the same way; the kind is for reviewing and counting.
 *
 * <pre>{@code WireName.parse(IncidentKind.class, "blocked_tool"); // Optional[BLOCKED_TOOL]}</pre>
 */
public enum IncidentKind implements WireName {
    /** The model called a tool that was not offered for the request (including names that do not exist). */
    BLOCKED_TOOL,
    /** The model called an offered tool with arguments that are not JSON or fail the tool's schema. */
    INVALID_ARGUMENTS,
    FLAGGED_INPUT,
    FLAGGED_TOOL_OUTPUT,
    FLAGGED_OUTPUT,
    /** Moderation could not give a verdict, so the text was blocked (fail closed). */
    PROVIDER_ERROR,
    /**
     * Start-up found the audit log needing repair (a torn tail after a crash, a rebuilt index) or damaged
     * in a way a crash cannot explain, and wrote a recovery record into the chain; its audit_id is the
     * incident's. Not tied to a session (session {@code "-"}).
     */
    AUDIT_RECOVERY;

    /** The kind of a flag on content of {@code kind}. */
    public static IncidentKind flagged(ContentKind kind) {
        return switch (kind) {
            case USER_INPUT -> FLAGGED_INPUT;
            case TOOL_OUTPUT -> FLAGGED_TOOL_OUTPUT;
            case FINAL_OUTPUT -> FLAGGED_OUTPUT;
        };
    }
}
