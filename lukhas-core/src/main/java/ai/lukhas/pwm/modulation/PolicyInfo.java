package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.check.Checks;

/**
 * Which policy produced a result: its declared version, the SHA-256 of the file's bytes (hex) and
 * where it was loaded from.
 *
 * <pre>{@code
 * PolicyInfo p = ModulationPolicy.loadDefault().info(); // p.version() == 1, p.sha256() = "3f1c..."
 * }</pre>
 */
public record PolicyInfo(int version, String sha256, String source) {
    public PolicyInfo {
        Checks.nonNull("sha256, source", sha256, source);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, but was " + version);
        }
    }
}
