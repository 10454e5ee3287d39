package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Proof that one record is in the log, checkable offline with the record, this proof and the log's
 * public key only (RFC 6962 / RFC 9162 audit path): the record's content hashes to its {@code hash},
 * that hash is leaf {@code leafIndex} of the Merkle tree, and the tree's root is the one the checkpoint
 * signed. A tenant can hold proof of its own records without seeing anyone else's.
 *
 * <pre>{@code
 * switch (InclusionProof.fromJson(json).check(publicKey)) {
 *     case InclusionProof.Check.Valid v -> System.out.println("included at seq " + v.seq());
 *     case InclusionProof.Check.Invalid i -> System.out.println("NOT proven: " + i.reason());
 * }
 * }</pre>
 *
 * @param record the stored record as {@code GET /v1/audit/{id}} returns it (seq, prev_hash and hash included)
 * @param leafIndex its position in the chain, from 0
 * @param auditPath sibling subtree hashes from the leaf up, hex
 * @param checkpoint the signed checkpoint whose tree contains it
 */
public record InclusionProof(ObjectNode record, long leafIndex, List<String> auditPath, SignedCheckpoint checkpoint) {
    public static final String ALGORITHM = "rfc6962-sha256";

    public InclusionProof {
        Checks.nonNull("record, checkpoint", record, checkpoint);
        auditPath = List.copyOf(auditPath);
        record = record.deepCopy();
    }

    /** Whether the proof holds. */
    public sealed interface Check {
        /** Proven: the record with this seq is leaf {@code leafIndex} under the signed root. */
        record Valid(long seq, String auditId) implements Check {}

        /** Not proven, and why. */
        record Invalid(String reason) implements Check {}
    }

    /** Checks every step of the proof against {@code key}. */
    public Check check(PublicKey key) {
        if (!checkpoint.verifies(key)) {
            return new Check.Invalid("the checkpoint's signature does not verify with the public key given (key id "
                    + CheckpointKeys.keyId(key) + ", checkpoint key id " + checkpoint.keyId() + ")");
        }
        String hash = record.path(AuditBundle.Fields.HASH).asText("");
        String prev = record.path(AuditBundle.Fields.PREV_HASH).asText("");
        if (!ChainHash.isHash(hash) || !ChainHash.isHash(prev)) {
            return new Check.Invalid("the record has no valid hash and prev_hash");
        }
        ObjectNode withoutHash = record.deepCopy();
        withoutHash.remove(AuditBundle.Fields.HASH);
        String computed = new ChainHash().hash(prev, CanonicalJson.bytes(withoutHash));
        if (!computed.equals(hash)) {
            return new Check.Invalid(
                    "the record's content hashes to " + computed + ", not to its hash " + hash + ": it was changed");
        }
        if (leafIndex < 0 || leafIndex >= checkpoint.treeSize()) {
            return new Check.Invalid("leaf index " + leafIndex + " is outside the checkpoint's tree of "
                    + checkpoint.treeSize() + " records");
        }
        List<byte[]> path = new ArrayList<>();
        for (String h : auditPath) {
            if (!ChainHash.isHash(h)) {
                return new Check.Invalid("audit path entries must be 64 lowercase hex digits, but one was " + h);
            }
            path.add(HexFormat.of().parseHex(h));
        }
        byte[] leaf = Merkle.leafHash(Merkle.sha256(), HexFormat.of().parseHex(hash), 0);
        if (!Merkle.verifyInclusion(
                leaf, leafIndex, checkpoint.treeSize(), path, HexFormat.of().parseHex(checkpoint.rootHash()))) {
            return new Check.Invalid(
                    "the audit path does not lead from the record's hash to the signed root " + checkpoint.rootHash());
        }
        return new Check.Valid(
                record.path(AuditBundle.Fields.SEQ).asLong(),
                record.path(AuditBundle.Fields.AUDIT_ID).asText());
    }

    /** The proof as JSON: {@code {"algorithm","leaf_index","tree_size","audit_path","checkpoint","record"}}. */
    public ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("algorithm", ALGORITHM);
        o.put("leaf_index", leafIndex);
        o.put("tree_size", checkpoint.treeSize());
        ArrayNode p = o.putArray("audit_path");
        auditPath.forEach(p::add);
        o.set("checkpoint", checkpoint.json());
        o.set("record", record.deepCopy());
        return o;
    }

    /**
     * Reads a proof written by {@link #json}.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static InclusionProof fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("a proof must be a JSON object");
        }
        if (!ALGORITHM.equals(o.path("algorithm").asText())) {
            throw new IllegalArgumentException("algorithm must be " + ALGORITHM + ", but was " + o.path("algorithm"));
        }
        JsonNode idx = o.get("leaf_index");
        if (idx == null || !idx.isIntegralNumber()) {
            throw new IllegalArgumentException("leaf_index must be an integer, but was " + idx);
        }
        JsonNode path = o.get("audit_path");
        if (path == null || !path.isArray()) {
            throw new IllegalArgumentException("audit_path must be an array of hex hashes, but was " + path);
        }
        List<String> p = new ArrayList<>();
        path.forEach(n -> p.add(n.asText()));
        JsonNode rec = o.get("record");
        if (rec == null || !rec.isObject()) {
            throw new IllegalArgumentException("record must be the audit record object, but was " + rec);
        }
        return new InclusionProof((ObjectNode) rec, idx.longValue(), p, SignedCheckpoint.fromJson(o.get("checkpoint")));
    }
}
