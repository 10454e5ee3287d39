package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link AuditLog#prove}: a proof, or why there is none yet.
 *
 * <pre>{@code
 * switch (log.prove(id)) {
 *     case ProofLookup.Proven p -> send(p.proof().json());
 *     case ProofLookup.NotYetCovered n -> retryLater(n.reason());
 *     case ProofLookup.NotFound n -> notFound();
 * }
 * }</pre>
 */
public sealed interface ProofLookup {
    /** The record is in the latest signed checkpoint's tree. */
    record Proven(InclusionProof proof) implements ProofLookup {
        public Proven {
            Objects.requireNonNull(proof, "proof");
        }
    }

    /** The record exists but no signed checkpoint covers it yet (or checkpoints are off). */
    record NotYetCovered(AuditRecord record, Optional<SignedCheckpoint> latest, String reason) implements ProofLookup {
        public NotYetCovered {
            Checks.nonNull("record, latest, reason", record, latest, reason);
        }
    }

    /** No record has this id. */
    record NotFound(String auditId) implements ProofLookup {
        public NotFound {
            Objects.requireNonNull(auditId, "auditId");
        }
    }
}
