package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.check.WireName;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What became of one {@link MemoryProposal}: written, refused (and why), or not attempted.
 *
 * <pre>{@code
 * for (MemoryOutcome m : result.memory()) {
 *     if (m.status() == MemoryOutcome.Status.BELOW_REQUIRED_STRENGTH) log.info("{}: {}", m.key(), m.reason());
 * }
 * }</pre>
 *
 * @param strength the consensus strength, when the colony decided to store a value
 * @param version the version proposed to (and, if written, stored in) the helix
 */
public record MemoryOutcome(String key, Status status, OptionalDouble strength, OptionalLong version, String reason) {

    /** The outcome kinds; {@link #wireName()} is the audit and API spelling. */
    public enum Status implements WireName {
        /** Decided, strong enough, and accepted by the helix as a new version. */
        WRITTEN,
        /** Decided to store, but the strength is below the required {@code 1 − memory_write}. */
        BELOW_REQUIRED_STRENGTH,
        /** The colony reached no decision. */
        NO_DECISION,
        /** The colony decided to store nothing. */
        REJECTED,
        /** Strong enough, but the helix's version rules did not apply it (stale or conflict). */
        NOT_APPLIED,
        /** Not asked: the request did not complete, or the pipeline has no memory configured. */
        NOT_ATTEMPTED;
    }

    public MemoryOutcome {
        Checks.notBlank(key, "memory key");
        Checks.nonNull("status, strength, version, reason", status, strength, version, reason);
    }
}
