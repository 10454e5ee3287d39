package ai.lukhas.pwm.governance.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;

/**
 * The four tools LUKHAS PWM knows by allowlist name. Modulation policies, tenant ceilings and request
 * allowlists name tools by these keys ({@code retrieval}, {@code browser}, ...); the model sees the
 * function names ({@code retrieve_knowledge}, {@code open_url}, ...).
 *
 * <pre>{@code CanonicalTool.BROWSER.definition().name(); // "open_url", offered only with BROWSER_TOOL on}</pre>
 */
public enum CanonicalTool {
    RETRIEVAL(
            "retrieval",
            "retrieve_knowledge",
            "Fetch top-K relevant notes or documents.",
            """
            {"type":"object",
             "properties":{"query":{"type":"string","minLength":1},
                           "k":{"type":"integer","minimum":1,"maximum":20}},
             "required":["query"],"additionalProperties":false}""",
            Optional.empty(),
            Duration.ofSeconds(1)),
    BROWSER(
            "browser",
            "open_url",
            "Open a URL in a sandboxed browser and return text.",
            """
            {"type":"object",
             "properties":{"url":{"type":"string","minLength":1}},
             "required":["url"],"additionalProperties":false}""",
            Optional.of("BROWSER_TOOL"),
            Duration.ofSeconds(6)),
    SCHEDULER(
            "scheduler",
            "schedule_task",
            "Schedule a reminder or follow-up task.",
            """
            {"type":"object",
             "properties":{"when":{"type":"string","minLength":1},
                           "note":{"type":"string","minLength":1}},
             "required":["when","note"],"additionalProperties":false}""",
            Optional.empty(),
            Duration.ofSeconds(1)),
    CODE_EXEC(
            "code_exec",
            "exec_code",
            "Execute sandboxed code for analysis (non-networked).",
            """
            {"type":"object",
             "properties":{"language":{"type":"string","enum":["python","javascript","bash"]},
                           "source":{"type":"string","minLength":1}},
             "required":["language","source"],"additionalProperties":false}""",
            Optional.of("CODE_EXEC_TOOL"),
            Duration.ofSeconds(6));

    private final String allowlistName;
    private final ToolDefinition definition;
    private final Optional<String> flag;
    private final ExecutionLimits defaultLimits;

    CanonicalTool(
            String allowlistName,
            String name,
            String description,
            String schema,
            Optional<String> flag,
            Duration defaultTimeout) {
        this.allowlistName = allowlistName;
        try {
            this.definition = ToolDefinition.of(name, description, new ObjectMapper().readTree(schema));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("built-in schema of " + name + " is not JSON", e);
        }
        this.flag = flag;
        this.defaultLimits = ExecutionLimits.DEFAULT.withTimeout(defaultTimeout);
    }

    /** The key used in allowlists: {@code retrieval}, {@code browser}, {@code scheduler}, {@code code_exec}. */
    public String allowlistName() {
        return allowlistName;
    }

    public ToolDefinition definition() {
        return definition;
    }

    /**
     * The gate's budget for one call when the deployment sets none: retrieval and scheduler 1 s (one
     * local database query or write), browser and code_exec 6 s (their own 5 s fetch and wall-time
     * limits plus a margin, so the tool stops itself and reports before the gate gives up); 16,000
     * characters of output each.
     */
    public ExecutionLimits defaultLimits() {
        return defaultLimits;
    }

    /** The feature flag that must be on for the tool to be offered (default off), if any. */
    public Optional<String> flag() {
        return flag;
    }
}
