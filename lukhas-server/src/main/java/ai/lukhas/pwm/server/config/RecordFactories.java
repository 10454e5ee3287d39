package ai.lukhas.pwm.server.config;

import ai.lukhas.pwm.server.config.LukhasConfig.Audit;
import ai.lukhas.pwm.server.config.LukhasConfig.Auth;
import ai.lukhas.pwm.server.config.LukhasConfig.Escalation;
import ai.lukhas.pwm.server.config.LukhasConfig.FlagsFile;
import ai.lukhas.pwm.server.config.LukhasConfig.Moderation;
import ai.lukhas.pwm.server.config.LukhasConfig.Policy;
import ai.lukhas.pwm.server.config.LukhasConfig.RateLimit;
import ai.lukhas.pwm.server.config.LukhasConfig.Responses;
import ai.lukhas.pwm.server.config.LukhasConfig.Server;
import ai.lukhas.pwm.server.config.LukhasConfig.Tenant;
import ai.lukhas.pwm.server.config.LukhasConfig.ToolLimits;
import ai.lukhas.pwm.server.config.LukhasConfig.ToolSettings;
import ai.lukhas.pwm.server.config.LukhasConfig.Tools;
import ai.lukhas.pwm.server.config.LukhasConfig.Upstream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration records' canonical constructors, called directly: {@code Constructor.newInstance}
 * spins method-handle classes for every record on its first call (~70 ms of a start's main thread).
 * Arguments come in component order, as {@link RecordBinder} collects them. A record not listed here
 * is still built, reflectively; {@code RecordBinderTest} checks that every one is listed.
 */
final class RecordFactories {
    private RecordFactories() {}

    /** The record of {@code type} built from {@code a}, or empty when {@code type} is not listed. */
    @SuppressWarnings("unchecked")
    static Optional<Object> construct(Class<?> type, Object[] a) {
        Object built;
        if (type == LukhasConfig.class) {
            built = new LukhasConfig(
                    (Server) a[0],
                    (String) a[1],
                    (Audit) a[2],
                    (Upstream) a[3],
                    (Policy) a[4],
                    (Moderation) a[5],
                    (FlagsFile) a[6],
                    (Escalation) a[7],
                    (Map<String, Tenant>) a[8],
                    (Auth) a[9],
                    (Tools) a[10],
                    (Responses) a[11]);
        } else if (type == Server.class) {
            built = new Server((String) a[0], (int) a[1], (long) a[2], (String) a[3], (long) a[4], (long) a[5]);
        } else if (type == Audit.class) {
            built = new Audit(
                    (String) a[0],
                    (String) a[1],
                    (String) a[2],
                    (int) a[3],
                    (int) a[4],
                    (String) a[5],
                    (String) a[6],
                    (String) a[7]);
        } else if (type == Upstream.class) {
            built = new Upstream(
                    (String) a[0], (String) a[1], (String) a[2], (long) a[3], (String) a[4], (String) a[5]);
        } else if (type == Responses.class) {
            built = new Responses((String) a[0]);
        } else if (type == Policy.class) {
            built = new Policy((String) a[0]);
        } else if (type == Moderation.class) {
            built = new Moderation((String) a[0]);
        } else if (type == Tenant.class) {
            built = new Tenant((List<String>) a[0], (RateLimit) a[1], (List<String>) a[2]);
        } else if (type == RateLimit.class) {
            built = new RateLimit((double) a[0], (int) a[1]);
        } else if (type == Escalation.class) {
            built = new Escalation((long) a[0], (boolean) a[1], (boolean) a[2], (int) a[3], (long) a[4]);
        } else if (type == Auth.class) {
            built = new Auth((RateLimit) a[0], (int) a[1]);
        } else if (type == Tools.class) {
            built = new Tools(
                    (ToolSettings) a[0], (ToolSettings) a[1], (ToolSettings) a[2], (ToolSettings) a[3], (ToolLimits)
                            a[4]);
        } else if (type == ToolLimits.class) {
            built = new ToolLimits((int) a[0], (int) a[1], (int) a[2]);
        } else if (type == ToolSettings.class) {
            built = new ToolSettings((long) a[0]);
        } else if (type == FlagsFile.class) {
            built = new FlagsFile((String) a[0]);
        } else {
            return Optional.empty();
        }
        return Optional.of(built);
    }
}
