package ai.lukhas.pwm.feedback;

/**
 * The published version of one LUT scope and when it last changed (epoch ms).
 *
 * <pre>{@code store.publish(tenant, "global", fingerprint, now); // LutVersion[version=4, updatedMs=...]}</pre>
 */
public record LutVersion(long version, long updatedMs) {
    public LutVersion {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, but was " + version);
        }
    }
}
