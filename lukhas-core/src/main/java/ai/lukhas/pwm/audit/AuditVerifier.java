package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.audit.VerificationReport.Broken;
import ai.lukhas.pwm.audit.VerificationReport.ProblemKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Walks every segment of an audit directory in chain order and recomputes the chain: each line must be
 * canonical JSON, hash (with the previous line's hash) to its stored hash, link to the previous line
 * and carry the next seq. Reads only; safe to run while a log is being written (it checks the records
 * present when each segment is read).
 *
 * <pre>{@code
 * VerificationReport r = AuditVerifier.verify(Path.of(".lukhas/audit"));
 * if (!r.intact()) System.err.println(r);
 * }</pre>
 */
public final class AuditVerifier {
    private AuditVerifier() {}

    /**
     * Verifies the chain in {@code dir}.
     *
     * @throws AuditStoreException if the directory cannot be read
     */
    public static VerificationReport verify(Path dir) {
        return verify(dir, List.of(), Optional.empty());
    }

    /**
     * Verifies the chain in {@code dir} and, against it, every checkpoint in {@code checkpoints}: the
     * record at each checkpoint's seq must be there with the signed head hash, preceded by exactly
     * tree_size records whose Merkle root is the signed root. So records removed from the end (with
     * the index) or a rewritten chain show, as long as the checkpoints were kept where the writer
     * cannot change them.
     *
     * @throws IllegalArgumentException if a checkpoint's signature does not verify with {@code key}
     * @throws AuditStoreException if the directory cannot be read
     */
    public static VerificationReport verify(Path dir, List<SignedCheckpoint> checkpoints, PublicKey key) {
        for (int i = 0; i < checkpoints.size(); i++) {
            SignedCheckpoint cp = checkpoints.get(i);
            if (!cp.verifies(key)) {
                throw new IllegalArgumentException("checkpoint " + (i + 1) + " (seq " + cp.seq() + ", key id "
                        + cp.keyId() + ") does not verify with the public key given (key id "
                        + CheckpointKeys.keyId(key) + "): it was altered, or signed by another key");
            }
        }
        return verify(dir, checkpoints, Optional.of(key));
    }

    private static VerificationReport verify(Path dir, List<SignedCheckpoint> checkpoints, Optional<PublicKey> key) {
        try {
            return new Walk(dir, checkpoints).run();
        } catch (IOException e) {
            throw new AuditStoreException("cannot read audit directory " + dir + ": " + e, e);
        }
    }

    private static final class Walk {
        private final Path dir;
        private final ChainHash chain = new ChainHash();
        private List<Path> segments = List.of();
        private long expectedSeq = 1;
        private String prevHash = ChainHash.GENESIS;
        private long verified;
        private String lastSegment = Segments.name(1);
        private long lastLine;
        private String prevSegmentName = "";
        private Broken problem;
        private final List<VerificationReport.Recovery> recoveries = new ArrayList<>();
        /** Checkpoints by seq, checked as the walk passes their record; empty when none were given. */
        private final TreeMap<Long, List<SignedCheckpoint>> checkpoints = new TreeMap<>();

        private final Merkle.Frontier tree;
        private int checkpointsVerified;

        Walk(Path dir, List<SignedCheckpoint> given) {
            this.dir = dir;
            for (SignedCheckpoint cp : given) {
                checkpoints.computeIfAbsent(cp.seq(), k -> new ArrayList<>()).add(cp);
            }
            this.tree = given.isEmpty() ? null : new Merkle.Frontier(null);
        }

        VerificationReport run() throws IOException {
            // The index first: it only ever names durable records, so whatever it holds now must
            // still be in the segments when they are read, even while a writer keeps appending.
            IdIndex.Loaded index = IdIndex.load(dir.resolve(IdIndex.FILE));
            segments = Segments.list(dir);
            int previousNumber = 0;
            for (int i = 0; i < segments.size() && problem == null; i++) {
                Path seg = segments.get(i);
                String name = seg.getFileName().toString();
                int number = Segments.number(name).getAsInt();
                boolean segmentGap = number != previousNumber + 1;
                int segIndex = i;
                lastSegment = name;
                lastLine = 0;
                Optional<Segments.Tail> tail = Segments.readLines(seg, 0, 1, (lineNo, offset, buf, off, len) -> {
                            lastLine = lineNo;
                            problem = check(name, segIndex, segmentGap, lineNo, offset + len + 1, buf, off, len);
                            return problem == null;
                        })
                        .tail();
                if (problem == null && tail.isPresent()) {
                    Segments.Tail t = tail.get();
                    problem = t.isHole()
                            ? new Broken(
                                    ProblemKind.ZEROED_LINE,
                                    name,
                                    t.lineNo(),
                                    "zero bytes where a record should start, followed by " + t.linesAfterHole()
                                            + " more line(s): a hole in the middle of the segment (only an"
                                            + " unfinished batch of a crash that was never reopened leaves this,"
                                            + " and opening the log tells the two apart)",
                                    verified)
                            : new Broken(
                                    ProblemKind.TRUNCATED_TAIL,
                                    name,
                                    t.lineNo(),
                                    "incomplete last line: " + t.bytes().length
                                            + " bytes after the last complete record (a write that never finished, or a cut file)",
                                    verified);
                }
                previousNumber = number;
                prevSegmentName = name;
            }
            if (problem != null) {
                return problem;
            }
            if (!index.entries().isEmpty()) {
                IdIndex.Entry last = index.entries().get(index.entries().size() - 1);
                if (last.seq() > expectedSeq - 1) {
                    return new Broken(
                            ProblemKind.TRUNCATED_TAIL,
                            lastSegment,
                            lastLine + 1,
                            "the index records seq " + last.seq() + " (audit_id " + last.auditId() + ") in "
                                    + Segments.name(last.segment()) + ", but the log ends at seq "
                                    + (expectedSeq - 1),
                            verified);
                }
            }
            if (!checkpoints.isEmpty()) {
                long seq = checkpoints.firstKey();
                SignedCheckpoint cp = checkpoints.firstEntry().getValue().get(0);
                return new Broken(
                        ProblemKind.TRUNCATED_TAIL,
                        lastSegment,
                        lastLine + 1,
                        "the checkpoint signed at " + cp.ts() + " covers records up to seq " + seq + " (head "
                                + abbrev(cp.headHash()) + "), but the log ends at seq " + (expectedSeq - 1)
                                + ": acknowledged records were removed from the end",
                        verified);
            }
            List<String> quarantine = Segments.quarantineFiles(dir).stream()
                    .map(p -> p.getFileName().toString())
                    .toList();
            List<VerificationReport.Recovery> damage = recoveries.stream()
                    .filter(VerificationReport.Recovery::damage)
                    .toList();
            if (!damage.isEmpty()) {
                return new VerificationReport.Damaged(
                        verified, expectedSeq - 1, prevHash, damage, recoveries, quarantine);
            }
            return new VerificationReport.Intact(
                    verified, segments.size(), expectedSeq - 1, prevHash, quarantine, recoveries, checkpointsVerified);
        }

        private Broken check(
                String segment,
                int segIndex,
                boolean segmentGap,
                long lineNo,
                long nextOffset,
                byte[] buf,
                int off,
                int len) {
            JsonNode node;
            try {
                node = CanonicalJson.parse(buf, off, len);
            } catch (IOException | RuntimeException e) {
                return edited(segment, lineNo, "not valid JSON (" + firstLine(e.getMessage()) + ")");
            }
            if (!node.isObject()) {
                return edited(segment, lineNo, "not a JSON object");
            }
            byte[] canonical = CanonicalJson.bytes(node);
            if (!Arrays.equals(canonical, 0, canonical.length, buf, off, off + len)) {
                return edited(segment, lineNo, "bytes differ from the canonical form of the record they parse to");
            }
            JsonNode seqNode = node.get(AuditBundle.Fields.SEQ);
            String hash = node.path(AuditBundle.Fields.HASH).asText("");
            String linkedHash = node.path(AuditBundle.Fields.PREV_HASH).asText("");
            if (seqNode == null || !seqNode.canConvertToLong() || !seqNode.isIntegralNumber()) {
                return edited(segment, lineNo, "seq is missing or not an integer");
            }
            if (!ChainHash.isHash(hash) || !ChainHash.isHash(linkedHash)) {
                return edited(segment, lineNo, "hash or prev_hash is missing or not 64 lowercase hex digits");
            }
            if (!node.hasNonNull(AuditBundle.Fields.AUDIT_ID)) {
                return edited(segment, lineNo, "audit_id is missing");
            }
            ObjectNode withoutHash = ((ObjectNode) node).deepCopy();
            withoutHash.remove(AuditBundle.Fields.HASH);
            String computed = chain.hash(linkedHash, CanonicalJson.bytes(withoutHash));
            if (!computed.equals(hash)) {
                return edited(
                        segment,
                        lineNo,
                        "content does not match its hash (stored " + abbrev(hash) + ", content hashes to "
                                + abbrev(computed) + ")");
            }
            long seq = seqNode.longValue();
            boolean segmentStart = lineNo == 1 && (segIndex > 0 || segmentGap);
            Optional<RecoveryRecord.Info> recovery = RecoveryRecord.read(node);
            if (seq == expectedSeq && linkedHash.equals(prevHash)) {
                // in order and linked
            } else if (recovery.isPresent()
                    && linkedHash.equals(prevHash)
                    && recovery.get().lostFrom().equals(Optional.of(expectedSeq))
                    && recovery.get().lostTo().equals(Optional.of(seq - 1))) {
                // seqs lost to damage that start-up accepted and this recovery record declares
            } else if (segmentStart) {
                String where = segIndex == 0
                        ? "the log starts at " + segment + " (earlier segments are missing)"
                        : segmentGap
                                ? "segment files between " + prevSegmentName + " and " + segment + " are missing"
                                : segment + " does not continue " + prevSegmentName;
                return new Broken(
                        ProblemKind.CHAIN_BREAK_ACROSS_SEGMENTS,
                        segment,
                        lineNo,
                        where + ": expected seq " + expectedSeq + " linked to " + abbrev(prevHash) + ", found seq "
                                + seq + " linked to " + abbrev(linkedHash),
                        verified);
            } else if (seq > expectedSeq) {
                if (appearsLater(segIndex, nextOffset, expectedSeq)) {
                    return new Broken(
                            ProblemKind.REORDERED_LINES,
                            segment,
                            lineNo,
                            "found seq " + seq + " where seq " + expectedSeq + " was expected; seq " + expectedSeq
                                    + " appears later",
                            verified);
                }
                long missing = seq - expectedSeq;
                return new Broken(
                        ProblemKind.DELETED_LINE,
                        segment,
                        lineNo,
                        "seq jumps from " + (expectedSeq - 1) + " to " + seq + ": " + missing + " record"
                                + (missing == 1 ? "" : "s") + " missing before this line",
                        verified);
            } else if (seq < expectedSeq) {
                return new Broken(
                        ProblemKind.REORDERED_LINES,
                        segment,
                        lineNo,
                        "found seq " + seq + " after seq " + (expectedSeq - 1) + " (out of order or duplicated)",
                        verified);
            } else {
                return edited(
                        segment,
                        lineNo,
                        "prev_hash " + abbrev(linkedHash) + " does not link to the previous record's hash "
                                + abbrev(prevHash) + " (a record was rewritten)");
            }
            if (recovery.isPresent()) {
                recoveries.add(new VerificationReport.Recovery(
                        seq,
                        node.path(AuditBundle.Fields.AUDIT_ID).asText(),
                        node.path(AuditBundle.Fields.TS).asText(),
                        segment,
                        lineNo,
                        recovery.get().damage(),
                        recovery.get().summary()));
            }
            Broken cpProblem = tree == null ? null : checkCheckpoints(segment, lineNo, seq, hash);
            if (cpProblem != null) {
                return cpProblem;
            }
            prevHash = hash;
            expectedSeq = seq + 1;
            verified++;
            return null;
        }

        /** Adds the record to the Merkle tree and checks the checkpoints at (or skipped before) its seq. */
        private Broken checkCheckpoints(String segment, long lineNo, long seq, String hash) {
            tree.add(HexFormat.of().parseHex(hash), 0, 1);
            while (!checkpoints.isEmpty() && checkpoints.firstKey() <= seq) {
                long cpSeq = checkpoints.firstKey();
                for (SignedCheckpoint cp : checkpoints.pollFirstEntry().getValue()) {
                    String where = "the checkpoint signed at " + cp.ts() + " for seq " + cp.seq();
                    if (cpSeq < seq) {
                        return new Broken(
                                ProblemKind.DELETED_LINE,
                                segment,
                                lineNo,
                                where + " names a record that is not in the log (the chain goes from seq "
                                        + (expectedSeq - 1) + " to " + seq + ")",
                                verified);
                    }
                    if (!cp.headHash().equals(hash)) {
                        return new Broken(
                                ProblemKind.CHECKPOINT_MISMATCH,
                                segment,
                                lineNo,
                                where + " signed head " + abbrev(cp.headHash()) + ", the log holds " + abbrev(hash)
                                        + ": the chain was rewritten up to here",
                                verified);
                    }
                    if (cp.treeSize() != tree.size()
                            || !cp.rootHash().equals(HexFormat.of().formatHex(tree.root()))) {
                        return new Broken(
                                ProblemKind.CHECKPOINT_MISMATCH,
                                segment,
                                lineNo,
                                where + " signed a tree of " + cp.treeSize() + " records with root "
                                        + abbrev(cp.rootHash()) + ", the log has " + tree.size()
                                        + " records up to it with root "
                                        + abbrev(HexFormat.of().formatHex(tree.root())),
                                verified);
                    }
                    checkpointsVerified++;
                }
            }
            return null;
        }

        private Broken edited(String segment, long lineNo, String detail) {
            return new Broken(ProblemKind.EDITED_LINE, segment, lineNo, detail, verified);
        }

        /** Whether a record with {@code seq} appears after the current line (decides reordered vs deleted). */
        private boolean appearsLater(int segIndex, long fromOffset, long seq) {
            boolean[] found = {false};
            try {
                for (int i = segIndex; i < segments.size() && !found[0]; i++) {
                    Segments.readLines(segments.get(i), i == segIndex ? fromOffset : 0, 1, (n, o, buf, off, len) -> {
                        try {
                            JsonNode node = CanonicalJson.parse(buf, off, len);
                            if (node.path(AuditBundle.Fields.SEQ).asLong(-1) == seq) {
                                found[0] = true;
                            }
                        } catch (IOException | RuntimeException e) {
                            // an unreadable line is not the record we look for
                        }
                        return !found[0];
                    });
                }
            } catch (IOException e) {
                return false;
            }
            return found[0];
        }

        private static String abbrev(String hash) {
            return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
        }

        private static String firstLine(String s) {
            if (s == null) {
                return "unreadable";
            }
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }
    }
}
