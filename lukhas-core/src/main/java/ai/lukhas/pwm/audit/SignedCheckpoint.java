package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A signed head of the audit chain, as Certificate Transparency's signed tree head: every record up to
 * {@code seq} is in the Merkle tree of {@code treeSize} leaves with root {@code rootHash}, and the chain's
 * head at that point is {@code headHash}. Signed with Ed25519 over the canonical JSON of the other
 * fields; one JSON object per line in {@code checkpoints.jsonl} and at every witness.
 *
 * <pre>{@code
 * SignedCheckpoint cp = SignedCheckpoint.parse(line);
 * if (!cp.verifies(CheckpointKeys.readPublicKey(Path.of("audit-checkpoint.pub")))) throw ...;
 * }</pre>
 *
 * @param seq seq of the last record covered
 * @param treeSize records covered (the leaves of the tree); equals seq unless a recovery skipped seqs
 * @param headHash chain hash of record {@code seq}
 * @param rootHash RFC 6962 Merkle tree hash over the covered records' hashes, hex
 * @param ts when it was made (the log's clock)
 * @param keyId first 16 hex digits of SHA-256 over the signing public key (X.509 encoding)
 * @param signature Ed25519 signature, base64
 */
public record SignedCheckpoint(
        long seq, long treeSize, String headHash, String rootHash, Instant ts, String keyId, String signature) {
    /** The file the log keeps its own checkpoints in, inside the audit directory. */
    public static final String FILE = "checkpoints.jsonl";

    public SignedCheckpoint {
        if (seq < 0 || treeSize < 0 || treeSize > seq) {
            throw new IllegalArgumentException(
                    "checkpoint needs 0 <= tree_size <= seq, but was tree_size " + treeSize + ", seq " + seq);
        }
        requireHash("head_hash", headHash);
        requireHash("root_hash", rootHash);
        Checks.nonNull("ts, keyId, signature", ts, keyId, signature);
    }

    private static void requireHash(String field, String value) {
        if (value == null || !ChainHash.isHash(value)) {
            throw new IllegalArgumentException(field + " must be 64 lowercase hex digits, but was " + value);
        }
    }

    static SignedCheckpoint sign(
            long seq, long treeSize, String headHash, String rootHash, Instant ts, CheckpointKeys keys) {
        SignedCheckpoint unsigned = new SignedCheckpoint(seq, treeSize, headHash, rootHash, ts, keys.keyId(), "");
        try {
            Signature s = Signature.getInstance("Ed25519");
            PrivateKey k = keys.privateKey();
            s.initSign(k);
            s.update(unsigned.signedBytes());
            return new SignedCheckpoint(
                    seq,
                    treeSize,
                    headHash,
                    rootHash,
                    ts,
                    keys.keyId(),
                    Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e, e);
        }
    }

    /** Whether the signature is valid for {@code key} (false for any other key or a changed field). */
    public boolean verifies(PublicKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(signedBytes());
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The canonical JSON the signature covers: every field but {@code signature}. */
    byte[] signedBytes() {
        ObjectNode o = fields();
        return CanonicalJson.bytes(o);
    }

    private ObjectNode fields() {
        return JsonNodeFactory.instance
                .objectNode()
                .put("seq", seq)
                .put("tree_size", treeSize)
                .put("head_hash", headHash)
                .put("root_hash", rootHash)
                .put("ts", ts.toString())
                .put("key_id", keyId);
    }

    /** The checkpoint as one canonical JSON object. */
    public ObjectNode json() {
        return fields().put("signature", signature);
    }

    /** One line of {@code checkpoints.jsonl} (no newline). */
    public String line() {
        return new String(CanonicalJson.bytes(json()), StandardCharsets.UTF_8);
    }

    /**
     * Parses one checkpoint object.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static SignedCheckpoint fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("a checkpoint must be a JSON object");
        }
        try {
            return new SignedCheckpoint(
                    longField(o, "seq"),
                    longField(o, "tree_size"),
                    textField(o, "head_hash"),
                    textField(o, "root_hash"),
                    Instant.parse(textField(o, "ts")),
                    textField(o, "key_id"),
                    textField(o, "signature"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ts must be an ISO-8601 instant, but was " + o.path("ts"), e);
        }
    }

    /** Parses one line of {@code checkpoints.jsonl}. */
    public static SignedCheckpoint parse(String line) {
        try {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            return fromJson(CanonicalJson.parse(b, 0, b.length));
        } catch (IOException e) {
            throw new IllegalArgumentException("a checkpoint line must be JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Every checkpoint in a {@code checkpoints.jsonl} file (blank lines skipped; an unfinished last line,
     * which a crash can leave, skipped too).
     *
     * @throws IllegalArgumentException naming the line that is not a checkpoint
     */
    public static List<SignedCheckpoint> readAll(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read checkpoints " + file + ": " + e.getMessage(), e);
        }
        List<SignedCheckpoint> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                if (i == lines.size() - 1 && !lines.get(i).endsWith("}")) {
                    continue;
                }
                throw new IllegalArgumentException(
                        file + " line " + (i + 1) + " is not a checkpoint: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static long longField(JsonNode o, String f) {
        JsonNode n = o.get(f);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(f + " must be an integer, but was " + n);
        }
        return n.longValue();
    }

    private static String textField(JsonNode o, String f) {
        JsonNode n = o.get(f);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(f + " must be a string, but was " + n);
        }
        return n.textValue();
    }

    /** Whether this checkpoint was signed with {@code key} according to its key id (not its signature). */
    boolean claimsKey(PublicKey key) {
        return keyId.equals(CheckpointKeys.keyId(key));
    }
}
