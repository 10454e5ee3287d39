package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
