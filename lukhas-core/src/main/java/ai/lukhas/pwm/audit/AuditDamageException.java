package ai.lukhas.pwm.audit;

import java.util.List;

/**
 * {@link AuditLog#open} found damage a crash cannot explain and {@link DamagePolicy#REFUSE} is in force:
 * the log was not opened and nothing on disk was changed. The message names each finding and the way
 * out (verify, then restart with the override to record the damage in the chain).
 */
public final class AuditDamageException extends AuditStoreException {
    private static final long serialVersionUID = 1L;

    private final transient List<StartupReport.Damage> damage;

    AuditDamageException(String message, List<StartupReport.Damage> damage) {
        super(message);
        this.damage = List.copyOf(damage);
    }

    /** What was found, first problem first. */
    public List<StartupReport.Damage> damage() {
        return damage;
    }
}
