package ai.lukhas.pwm.audit;

/**
 * What {@link AuditLog#append} has done when it returns.
 *
 * <pre>{@code AuditLogConfig.defaults(dir).withDurability(Durability.OS)}</pre>
 */
public enum Durability {
    /** The batch holding the bundle was written and fsync'd (FileChannel.force): survives power loss. */
    FSYNC,
    /**
     * The batch was written to the operating system but not fsync'd: survives the process being
     * killed, not a kernel crash or power loss (the last seconds of bundles may be lost).
     */
    OS;

    /** Parses "fsync" or "os" (any case), naming the accepted values on error. */
    public static Durability parse(String text) {
        for (Durability d : values()) {
            if (d.name().equalsIgnoreCase(text.strip())) {
                return d;
            }
        }
        throw new IllegalArgumentException("durability must be one of fsync, os, but was \"" + text + "\"");
    }
}
