package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored bundle (as redacted) with its place in the chain.
 *
 * <pre>{@code log.find(id).map(AuditRecord::json).ifPresent(System.out::println);}</pre>
 *
 * @param bundle the bundle as written (redacted)
 * @param seq position in the chain, from 1
 * @param prevHash hash of the record before (64 zeros for the first)
 * @param hash SHA-256 over prev_hash and this record's canonical bytes without hash
 * @param segment file name of the segment holding it
 */
public record AuditRecord(AuditBundle bundle, long seq, String prevHash, String hash, String segment) {
    public AuditRecord {
        Checks.nonNull("bundle, prevHash, hash, segment", bundle, prevHash, hash, segment);
    }

    /** The record exactly as the segment line holds it. */
    public ObjectNode json() {
        ObjectNode o = bundle.toJson();
        o.put(AuditBundle.Fields.SEQ, seq);
        o.put(AuditBundle.Fields.PREV_HASH, prevHash);
        o.put(AuditBundle.Fields.HASH, hash);
        return o;
    }

    static AuditRecord fromLine(JsonNode line, String segment) {
        return new AuditRecord(
                AuditBundle.fromJson(line),
                line.path(AuditBundle.Fields.SEQ).asLong(),
                line.path(AuditBundle.Fields.PREV_HASH).asText(),
                line.path(AuditBundle.Fields.HASH).asText(),
                segment);
    }
}
