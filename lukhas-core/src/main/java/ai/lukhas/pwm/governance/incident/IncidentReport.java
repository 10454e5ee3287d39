package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationCategory;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.tools.ToolCallDecision;
import java.util.Objects;
import java.util.Optional;

/**
 * An incident as the pipeline reports it; the {@link IncidentLog} adds the id and the timestamp. Over-long
 * details and tool names are cut (with "…") rather than rejected: recording a violation must not fail because
 * the model hallucinated a very long tool name.
 *
 * <pre>{@code IncidentReport.blockedTool("aud_1", "s1", "exec_code", "not offered: CODE_EXEC_TOOL is off")}</pre>
 */
public record IncidentReport(
        String auditId, String sessionId, IncidentKind kind, Optional<String> tool, String detail, Severity severity) {
    public static final int MAX_DETAIL = 2000;
    public static final int MAX_TOOL = 200;

    public IncidentReport {
        requireText("auditId", auditId);
        requireText("sessionId", sessionId);
        Checks.nonNull("kind, tool, detail, severity", kind, tool, detail, severity);
        if (tool.isPresent() && tool.get().isBlank()) {
            tool = Optional.of("(blank)");
        }
        tool = tool.map(t -> cut(t, MAX_TOOL));
        detail = cut(detail, MAX_DETAIL);
    }

    /** The model called a tool that was not offered (or does not exist). */
    public static IncidentReport blockedTool(String auditId, String sessionId, String tool, String reason) {
        return new IncidentReport(
                auditId, sessionId, IncidentKind.BLOCKED_TOOL, Optional.of(tool), reason, Severity.HIGH);
    }

    /**
     * Start-up wrote an audit recovery record ({@code auditId}): critical when it declares damage a crash
     * cannot explain, low for the repair of a crash. Session {@code "-"}: it belongs to no session.
     */
    public static IncidentReport auditRecovery(String auditId, boolean damage, String detail) {
        return new IncidentReport(
                auditId,
                "-",
                IncidentKind.AUDIT_RECOVERY,
                Optional.empty(),
                detail,
                damage ? Severity.CRITICAL : Severity.LOW);
    }

    /** The model called an offered tool with arguments that are not JSON or fail its schema. */
    public static IncidentReport invalidArguments(String auditId, String sessionId, String tool, String reason) {
        return new IncidentReport(
                auditId, sessionId, IncidentKind.INVALID_ARGUMENTS, Optional.of(tool), reason, Severity.MEDIUM);
    }

    /**
     * The incident for a tool call the {@code ToolGate} blocked: {@code blocked_tool} (not offered, or no such
     * tool) or {@code invalid_arguments}, with the gate's reason as the detail.
     */
    public static IncidentReport of(String auditId, String sessionId, ToolCallDecision.Blocked blocked) {
        Objects.requireNonNull(blocked, "blocked");
        return switch (blocked.kind()) {
            case BLOCKED_TOOL -> blockedTool(auditId, sessionId, blocked.tool(), blocked.reason());
            case INVALID_ARGUMENTS -> invalidArguments(auditId, sessionId, blocked.tool(), blocked.reason());
        };
    }

    /**
     * The incident for a blocking moderation outcome ({@code flagged_*} or {@code provider_error}), or empty when
     * the outcome passed. Details name the provider, flagged categories with scores and the rules behind them,
     * never the moderated text.
     */
    public static Optional<IncidentReport> of(String auditId, String sessionId, ModerationOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        return switch (outcome) {
            case ModerationOutcome.Passed p -> Optional.empty();
            case ModerationOutcome.Flagged f -> {
                Severity severity = f.kind() == ContentKind.FINAL_OUTPUT ? Severity.HIGH : Severity.LOW;
                for (ModerationCategory c : f.verdict().flagged()) {
                    severity = Severity.max(severity, severityOf(c));
                }
                String detail = f.kind().wireName() + " flagged by "
                        + f.verdict().provider() + ": " + f.verdict().summary()
                        + (f.verdict().reasons().isEmpty()
                                ? ""
                                : " " + f.verdict().reasons());
                yield Optional.of(new IncidentReport(
                        auditId, sessionId, IncidentKind.flagged(f.kind()), f.tool(), detail, severity));
            }
            case ModerationOutcome.ProviderFailed e ->
                Optional.of(new IncidentReport(
                        auditId,
                        sessionId,
                        IncidentKind.PROVIDER_ERROR,
                        e.tool(),
                        "moderation of " + e.kind().wireName() + " by " + e.provider() + " failed, text blocked: "
                                + e.error(),
                        Severity.HIGH));
        };
    }

    /** The severity a flag of {@code category} carries (the highest flagged category wins). */
    public static Severity severityOf(ModerationCategory category) {
        return switch (category) {
            case SEXUAL_MINORS -> Severity.CRITICAL;
            case HATE, SELF_HARM, VIOLENCE, ILLICIT, SECRETS, PROMPT_INJECTION -> Severity.HIGH;
            case HARASSMENT, SEXUAL -> Severity.MEDIUM;
            case PII -> Severity.LOW;
        };
    }

    private static void requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
