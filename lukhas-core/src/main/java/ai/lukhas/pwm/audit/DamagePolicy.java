package ai.lukhas.pwm.audit;

import java.util.Locale;

/**
 * What {@link AuditLog#open} does when it finds damage that a crash cannot explain (records the index
 * or a checkpoint says were acknowledged are missing or changed, a hole followed by good records).
 *
 * <pre>{@code AuditLogConfig.defaults(dir).withOnDamage(DamagePolicy.RECORD)}</pre>
 */
public enum DamagePolicy {
    /** Refuse to open ({@link AuditDamageException}); nothing on disk is touched. The default. */
    REFUSE,
    /**
     * Open anyway: move the damaged range to a quarantine file and write a recovery record that
     * states the damage into the chain, where {@code audit verify} reports it from then on.
     */
    RECORD;

    /**
     * {@code refuse} or {@code record}, any case.
     *
     * @throws IllegalArgumentException for anything else, naming the accepted values
     */
    public static DamagePolicy parse(String s) {
        return switch (s == null ? "" : s.strip().toLowerCase(Locale.ROOT)) {
            case "refuse" -> REFUSE;
            case "record" -> RECORD;
            default -> throw new IllegalArgumentException("on_damage must be refuse or record, but was '" + s + "'");
        };
    }
}
