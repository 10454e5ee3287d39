package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;

/**
 * Why a registered tool was not offered, for the audit bundle and the dashboard. The first stage that
 * removed the tool is reported, in the order tenant ceiling, request, modulation, flag, executor.
 *
 * <pre>{@code new ToolExclusion("browser", ToolExclusion.Stage.FLAG_OFF, "flag BROWSER_TOOL is off")}</pre>
 *
 * @param tool the allowlist name of the tool
 * @param stage the stage that removed it
 * @param reason a sentence naming the allowlist, flag or executor problem
 */
public record ToolExclusion(String tool, Stage stage, String reason) {
    public ToolExclusion {
        Checks.nonNull("tool, stage, reason", tool, stage, reason);
    }

    /** The stages of the offer, in the order they are applied. */
    public enum Stage implements WireName {
        TENANT_CEILING,
        REQUEST_ALLOWLIST,
        MODULATED_ALLOWLIST,
        FLAG_OFF,
        EXECUTOR_UNAVAILABLE;
    }
}
