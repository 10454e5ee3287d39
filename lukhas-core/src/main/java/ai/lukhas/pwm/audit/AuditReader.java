package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Read-only access to an audit directory another process may be writing (the CLI uses it): never
 * takes the writer's lock, never repairs, never writes. Lookups use the index file when it agrees with
 * the segments and fall back to scanning them.
 *
 * <pre>{@code
 * AuditReader r = AuditReader.of(Path.of(".lukhas/audit"));
 * r.find("019a...").ifPresent(rec -> System.out.println(rec.json()));
 * }</pre>
 */
public final class AuditReader {
    private final Path dir;

    private AuditReader(Path dir) {
        this.dir = dir;
    }

    public static AuditReader of(Path dir) {
        return new AuditReader(
                Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize());
    }

    /** The record with this audit_id, if present. */
    public Optional<AuditRecord> find(String auditId) {
        try {
            for (IdIndex.Entry e : IdIndex.load(dir.resolve(IdIndex.FILE)).entries()) {
                if (e.auditId().equals(auditId)) {
                    Optional<AuditRecord> r = readAt(e);
                    if (r.isPresent() && r.get().bundle().auditId().equals(auditId)) {
                        return r;
                    }
                    break; // the index is stale: scan
                }
            }
            AuditRecord[] found = {null};
            for (Path seg : Segments.list(dir)) {
                Segments.readLines(seg, 0, 1, (n, off, buf, o, len) -> {
                    parse(buf, o, len, seg)
                            .filter(r -> r.bundle().auditId().equals(auditId))
                            .ifPresent(r -> found[0] = r);
                    return found[0] == null;
                });
                if (found[0] != null) {
                    return Optional.of(found[0]);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new AuditStoreException("cannot read audit directory " + dir + ": " + e, e);
        }
    }

    /** The last {@code n} readable records, oldest first (an incomplete last line is skipped). */
    public List<AuditRecord> tail(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, but was " + n);
        }
        try {
            List<Path> segs = Segments.list(dir);
            Deque<AuditRecord> out = new ArrayDeque<>();
            for (int i = segs.size() - 1; i >= 0 && out.size() < n; i--) {
                Path seg = segs.get(i);
                Deque<AuditRecord> inSegment = new ArrayDeque<>();
                Segments.readLines(seg, 0, 1, (lineNo, off, buf, o, len) -> {
                    parse(buf, o, len, seg).ifPresent(r -> {
                        inSegment.addLast(r);
                        if (inSegment.size() > n) {
                            inSegment.removeFirst();
                        }
                    });
                    return true;
                });
                while (!inSegment.isEmpty() && out.size() < n) {
                    out.addFirst(inSegment.removeLast());
                }
            }
            return new ArrayList<>(out);
        } catch (IOException e) {
            throw new AuditStoreException("cannot read audit directory " + dir + ": " + e, e);
        }
    }

    /** The newest checkpoint (highest seq) in this directory's {@code checkpoints.jsonl}, unverified. */
    public Optional<SignedCheckpoint> latestCheckpoint() {
        Path f = dir.resolve(SignedCheckpoint.FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return SignedCheckpoint.readAll(f).stream().max(java.util.Comparator.comparingLong(SignedCheckpoint::seq));
    }

    /**
     * The inclusion proof of record {@code auditId} in the tree {@code checkpoint} signed, built from the
     * segments alone (reads every record up to the checkpoint). Empty when the record is not among them.
     *
     * @throws IllegalStateException when the segments do not hold the tree the checkpoint signed
     */
    public Optional<InclusionProof> prove(String auditId, SignedCheckpoint checkpoint) {
        if (checkpoint.treeSize() > Integer.MAX_VALUE / 32) {
            throw new IllegalStateException(
                    "tree of " + checkpoint.treeSize() + " records is too large to prove in memory");
        }
        int size = (int) checkpoint.treeSize();
        byte[] hashes = new byte[size * 32];
        int[] count = {0};
        AuditRecord[] target = {null};
        int[] leaf = {0};
        long[] headSeq = {0};
        String[] headHash = {""};
        try {
            for (Path seg : Segments.list(dir)) {
                if (count[0] == size) {
                    break;
                }
                Segments.readLines(seg, 0, 1, (n, off, buf, o, len) -> {
                    AuditRecord r = parse(buf, o, len, seg)
                            .orElseThrow(() -> new IllegalStateException(seg.getFileName() + " line " + n
                                    + " is not a readable record; run 'lukhas audit verify'"));
                    if (!ChainHash.isHash(r.hash())) {
                        throw new IllegalStateException(seg.getFileName() + " line " + n + " has no valid hash");
                    }
                    System.arraycopy(HexFormat.of().parseHex(r.hash()), 0, hashes, count[0] * 32, 32);
                    if (r.bundle().auditId().equals(auditId)) {
                        target[0] = r;
                        leaf[0] = count[0];
                    }
                    headSeq[0] = r.seq();
                    headHash[0] = r.hash();
                    count[0]++;
                    return count[0] < size;
                });
            }
        } catch (IOException e) {
            throw new AuditStoreException("cannot read audit directory " + dir + ": " + e, e);
        }
        if (count[0] < size || headSeq[0] != checkpoint.seq() || !headHash[0].equals(checkpoint.headHash())) {
            throw new IllegalStateException("the log does not hold the tree the checkpoint signed (seq "
                    + checkpoint.seq() + ", " + size + " records, head "
                    + checkpoint.headHash().substring(0, 12)
                    + "…); found " + count[0] + " records ending at seq " + headSeq[0] + "; run 'lukhas audit verify'");
        }
        if (target[0] == null) {
            return Optional.empty();
        }
        Merkle.Prover prover = new Merkle.Prover(
                (from, to, out) -> System.arraycopy(hashes, from * 32, out, 0, (to - from) * 32), List.of());
        List<String> path = new ArrayList<>();
        for (byte[] h : prover.path(leaf[0], size)) {
            path.add(HexFormat.of().formatHex(h));
        }
        return Optional.of(new InclusionProof(target[0].json(), leaf[0], path, checkpoint));
    }

    private Optional<AuditRecord> readAt(IdIndex.Entry e) throws IOException {
        Path seg = dir.resolve(Segments.name(e.segment()));
        if (!Files.exists(seg)) {
            return Optional.empty();
        }
        AuditRecord[] found = {null};
        Segments.readLines(seg, e.offset(), 1, (n, off, buf, o, len) -> {
            parse(buf, o, len, seg).ifPresent(r -> found[0] = r);
            return false;
        });
        return Optional.ofNullable(found[0]);
    }

    private static Optional<AuditRecord> parse(byte[] buf, int off, int len, Path seg) {
        try {
            JsonNode node = CanonicalJson.parse(buf, off, len);
            return Optional.of(AuditRecord.fromLine(node, seg.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not a readable record; 'audit verify' reports it
        }
    }
}
