package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.audit.VerificationReport.ProblemKind;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opening an audit directory finds, decided before anything on disk is touched. A crash can only
 * leave an unfinished last write at the end of the last segment, after every acknowledged record (an
 * acknowledgement follows the batch's fsync; the index file and checkpoints are written after it). So
 * anything acknowledged that is now missing or different is damage: a torn tail holding a record that
 * {@code index.bin} or a checkpoint names, a hole of zeros with records after it that the index names,
 * an index naming records the segments lack or hold differently, a checkpoint the segments do not match.
 */
final class StartupCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StartupCheck.class);

    /**
     * The outcome.
     *
     * @param entries the index to use: every record the segments hold before any tail
     * @param indexFileEntries how many leading entries of the index file are still valid (the rest is
     *     rewritten); 0 with {@code rebuilt}
     * @param tail what follows the last complete record of the last segment, if not just zero fill
     * @param lastSegmentEnd where the last segment's data ends (it is cut back to here)
     * @param damage findings a crash cannot explain
     * @param lostTo highest seq known to have been acknowledged (index file, checkpoint, records after a hole)
     */
    record Result(
            List<IdIndex.Entry> entries,
            StartupReport.IndexState state,
            int indexFileEntries,
            long indexFileValidBytes,
            String note,
            Optional<Segments.Tail> tail,
            long lastSegmentEnd,
            List<StartupReport.Damage> damage,
            long lostTo) {}

    private final Path dir;
    private final List<Path> segments;
    private final Optional<Checkpointer.Loaded> checkpoints;
    private final List<StartupReport.Damage> damage = new ArrayList<>();

    StartupCheck(Path dir, List<Path> segments, Optional<Checkpointer.Loaded> checkpoints) {
        this.dir = dir;
        this.segments = segments;
        this.checkpoints = checkpoints;
    }

    Result run() throws IOException {
        IdIndex.Loaded file = IdIndex.load(dir.resolve(IdIndex.FILE));
        if (segments.isEmpty()) {
            if (!file.entries().isEmpty()) {
                // Every segment is gone while index.bin still names acknowledged records: the whole log
                // was removed. Without this, a directory emptied of its segments opened as a new log.
                IdIndex.Entry lastIndexed = file.entries().get(file.entries().size() - 1);
                damage.add(new StartupReport.Damage(
                        ProblemKind.TRUNCATED_TAIL,
                        Segments.name(lastIndexed.segment()),
                        1,
                        "index.bin names records up to seq " + lastIndexed.seq() + " (last audit_id "
                                + lastIndexed.auditId() + "), but the audit directory holds no segment:"
                                + " acknowledged records were removed"));
            }
            checkpointsAgainst(List.of());
            // Nothing to index: an index file that names nothing either covers every record there is.
            boolean nothingIndexed = file.entries().isEmpty() && !file.damaged();
            return new Result(
                    List.of(),
                    nothingIndexed ? StartupReport.IndexState.LOADED : StartupReport.IndexState.REBUILT,
                    0,
                    0,
                    "new audit directory",
                    Optional.empty(),
                    0,
                    damage,
                    maxAcknowledged(file, List.of()));
        }
        Path last = segments.get(segments.size() - 1);
        String lastName = last.getFileName().toString();
        int lastNo = Segments.number(lastName).getAsInt();
        Segments.Extent extent = Segments.readLines(last, 0, 1, (lineNo, offset, buf, off, len) -> true);
        Optional<Segments.Tail> tail = extent.tail();

        List<IdIndex.Entry> fileEntries = file.entries();
        boolean consistent = !fileEntries.isEmpty() && consistent(fileEntries.get(fileEntries.size() - 1));
        List<IdIndex.Entry> entries;
        StartupReport.IndexState state;
        String note;
        long validBytes;
        int fileCount;
        if (consistent) {
            IdIndex.Entry lastIndexed = fileEntries.get(fileEntries.size() - 1);
            List<IdIndex.Entry> after = scan(lastIndexed.segment(), lastIndexed.offset() + lastIndexed.length() + 1);
            entries = new ArrayList<>(fileEntries);
            entries.addAll(after);
            state = after.isEmpty() ? StartupReport.IndexState.LOADED : StartupReport.IndexState.CAUGHT_UP;
            note = "index file covered " + fileEntries.size() + " records"
                    + (after.isEmpty() ? "" : "; indexed " + after.size() + " records written after it");
            validBytes = file.validBytes();
            fileCount = fileEntries.size();
        } else {
            entries = scan(
                    Segments.number(segments.get(0).getFileName().toString()).getAsInt(), 0);
            state = StartupReport.IndexState.REBUILT;
            validBytes = 0;
            fileCount = 0;
            if (fileEntries.isEmpty() && entries.isEmpty() && !file.damaged()) {
                // A log without records (stopped before its first): the empty index was right.
                state = StartupReport.IndexState.LOADED;
                note = "no records yet";
            } else if (file.present() && fileEntries.isEmpty() && !file.damaged() && startsTheChain(entries)) {
                // An index file that is there but still empty lags like any other: the log writes its
                // entries in batches, so a crash before the first batch leaves it empty. Empty is a prefix
                // of every chain, and these records start the chain (seq 1 at the start of the first
                // segment), so this is a catch-up, not a repair: no recovery record. A missing file
                // (deleted) and a damaged one are still rebuilt, and say so in the chain.
                state = StartupReport.IndexState.CAUGHT_UP;
                note = "index file was empty; indexed " + entries.size() + " records written after it";
            } else if (fileEntries.isEmpty()) {
                note = "no usable index file; rebuilt from segments";
            } else {
                note = "index file named a record the segments do not hold; rebuilt";
                indexDisagrees(fileEntries.get(fileEntries.size() - 1), entries, tail);
            }
        }
        if (tail.isPresent()) {
            tornTail(lastName, lastNo, tail.get(), fileEntries, entries);
        }
        checkpointsAgainst(entries);
        if (!damage.isEmpty() && state != StartupReport.IndexState.REBUILT) {
            // Acknowledged records are gone: whatever the index file says past them is wrong now.
            entries = scan(
                    Segments.number(segments.get(0).getFileName().toString()).getAsInt(), 0);
            state = StartupReport.IndexState.REBUILT;
            validBytes = 0;
            fileCount = 0;
            note = "rebuilt from segments after damage";
        }
        return new Result(
                entries,
                state,
                fileCount,
                validBytes,
                note,
                tail,
                extent.dataEnd(),
                damage,
                maxAcknowledged(file, entries, tail));
    }

    /** A torn tail is damage when an acknowledged record was in it or after it. */
    private void tornTail(
            String lastName,
            int lastNo,
            Segments.Tail t,
            List<IdIndex.Entry> fileEntries,
            List<IdIndex.Entry> entries) {
        long named = fileEntries.stream()
                .filter(e -> e.segment() > lastNo || (e.segment() == lastNo && e.offset() >= t.offset()))
                .count();
        long goodSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        long checkpointSeq = checkpoints
                .flatMap(Checkpointer.Loaded::newest)
                .map(SignedCheckpoint::seq)
                .orElse(0L);
        if (named == 0 && checkpointSeq <= goodSeq) {
            return; // the unacknowledged end of a crash
        }
        String evidence = named > 0
                ? "index.bin names " + named + " acknowledged record(s) from there on"
                : "the latest signed checkpoint covers seq " + checkpointSeq
                        + ", the segment's complete records end at seq " + goodSeq;
        if (t.isHole()) {
            damage.add(new StartupReport.Damage(
                    ProblemKind.ZEROED_LINE,
                    lastName,
                    t.lineNo(),
                    "zero bytes at offset " + t.offset() + " with " + t.linesAfterHole() + " line(s) after them; "
                            + evidence));
        } else {
            damage.add(new StartupReport.Damage(
                    ProblemKind.TRUNCATED_TAIL,
                    lastName,
                    t.lineNo(),
                    "the segment ends in an incomplete line of " + t.bytes().length + " bytes at offset " + t.offset()
                            + "; " + evidence));
        }
    }

    /** The index file's last entry does not match the segments: records removed, or changed. */
    private void indexDisagrees(IdIndex.Entry lastIndexed, List<IdIndex.Entry> entries, Optional<Segments.Tail> tail) {
        long segmentsEnd =
                entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        if (tail.isPresent()) {
            return; // the torn-tail check names it with its place
        }
        String lastName = segments.get(segments.size() - 1).getFileName().toString();
        if (lastIndexed.seq() > segmentsEnd) {
            damage.add(new StartupReport.Damage(
                    ProblemKind.TRUNCATED_TAIL,
                    lastName,
                    lineCount(segments.get(segments.size() - 1)) + 1,
                    "index.bin names records up to seq " + lastIndexed.seq() + " (last audit_id "
                            + lastIndexed.auditId() + "), but the segments end at seq " + segmentsEnd
                            + ": acknowledged records were removed from the end"));
        } else {
            damage.add(new StartupReport.Damage(
                    ProblemKind.EDITED_LINE,
                    Segments.name(lastIndexed.segment()),
                    lineAt(dir.resolve(Segments.name(lastIndexed.segment())), lastIndexed.offset()),
                    "index.bin records seq " + lastIndexed.seq() + " (audit_id " + lastIndexed.auditId() + ", hash "
                            + lastIndexed.hash().substring(0, 12) + "…) at offset " + lastIndexed.offset()
                            + ", and the segment holds something else there: the record was changed"));
        }
    }

    /** The newest checkpoint must name a record the segments hold with the same hash. */
    private void checkpointsAgainst(List<IdIndex.Entry> entries) {
        if (checkpoints.isEmpty()) {
            return;
        }
        for (String problem : checkpoints.get().problems()) {
            damage.add(new StartupReport.Damage(ProblemKind.CHECKPOINT_MISMATCH, SignedCheckpoint.FILE, 0, problem));
        }
        Optional<SignedCheckpoint> newest = checkpoints.get().newest();
        if (newest.isEmpty()) {
            return;
        }
        SignedCheckpoint cp = newest.get();
        long end = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        String lastName = segments.isEmpty()
                ? Segments.name(1)
                : segments.get(segments.size() - 1).getFileName().toString();
        if (cp.seq() > end) {
            damage.add(new StartupReport.Damage(
                    ProblemKind.TRUNCATED_TAIL,
                    lastName,
                    0,
                    "the checkpoint signed at " + cp.ts() + " covers records up to seq " + cp.seq()
                            + ", but the segments end at seq " + end + ": acknowledged records were removed"));
            return;
        }
        int at = bySeq(entries, cp.seq());
        if (at < 0) {
            damage.add(new StartupReport.Damage(
                    ProblemKind.DELETED_LINE,
                    lastName,
                    0,
                    "the checkpoint signed at " + cp.ts() + " names seq " + cp.seq()
                            + ", which the segments do not hold"));
        } else if (!entries.get(at).hash().equals(cp.headHash())) {
            IdIndex.Entry e = entries.get(at);
            damage.add(new StartupReport.Damage(
                    ProblemKind.CHECKPOINT_MISMATCH,
                    Segments.name(e.segment()),
                    lineAt(dir.resolve(Segments.name(e.segment())), e.offset()),
                    "the checkpoint signed at " + cp.ts() + " has head "
                            + cp.headHash().substring(0, 12)
                            + "… for seq " + cp.seq() + ", the segments hold "
                            + e.hash().substring(0, 12)
                            + "…: the chain was rewritten"));
        }
    }

    private static int bySeq(List<IdIndex.Entry> entries, long seq) {
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long s = entries.get(mid).seq();
            if (s < seq) {
                lo = mid + 1;
            } else if (s > seq) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The highest seq known to have been acknowledged: index file, newest checkpoint, records after a hole. */
    private long maxAcknowledged(IdIndex.Loaded file, List<IdIndex.Entry> entries, Optional<Segments.Tail> tail) {
        long max = maxAcknowledged(file, entries);
        if (tail.isPresent() && !damage.isEmpty()) {
            // Records after a hole carry their seqs; a damaged tail's records count as acknowledged.
            byte[] b = tail.get().bytes();
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    start = i + 1;
                } else if (b[i] == '\n') {
                    try {
                        JsonNode n = CanonicalJson.parse(b, start, i - start);
                        max = Math.max(max, n.path(AuditBundle.Fields.SEQ).asLong(0));
                    } catch (IOException | RuntimeException e) {
                        // not a record: nothing to learn from it
                    }
                    start = i + 1;
                }
            }
        }
        return max;
    }

    private long maxAcknowledged(IdIndex.Loaded file, List<IdIndex.Entry> entries) {
        long max = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        for (IdIndex.Entry e : file.entries()) {
            max = Math.max(max, e.seq());
        }
        if (checkpoints.isPresent()) {
            max = Math.max(
                    max, checkpoints.get().newest().map(SignedCheckpoint::seq).orElse(0L));
        }
        return max;
    }

    /**
     * Indexes the records of every segment from {@code (startSegment, startOffset)} on. A closed
     * segment that does not end cleanly (a hole, a cut line) is damage: a crash only tears the end of
     * the last one.
     */
    private List<IdIndex.Entry> scan(int startSegment, long startOffset) throws IOException {
        List<IdIndex.Entry> out = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Path seg = segments.get(i);
            String name = seg.getFileName().toString();
            int number = Segments.number(name).getAsInt();
            if (number < startSegment) {
                continue;
            }
            long from = number == startSegment ? startOffset : 0;
            Segments.Extent extent = Segments.readLines(seg, from, 1, (lineNo, offset, buf, off, len) -> {
                try {
                    JsonNode node = CanonicalJson.parse(buf, off, len);
                    AuditRecord r = AuditRecord.fromLine(node, name);
                    out.add(new IdIndex.Entry(
                            r.bundle().auditId(),
                            r.seq(),
                            number,
                            offset,
                            len,
                            r.bundle().ts().toEpochMilli(),
                            r.bundle().session(),
                            r.bundle().outcome(),
                            r.hash(),
                            r.bundle().tenant()));
                } catch (IOException | RuntimeException e) {
                    LOG.warn(
                            "audit log {}: {} at offset {} is not a readable record, not indexed ({}); run 'lukhas audit verify'",
                            dir,
                            name,
                            offset,
                            e.toString());
                }
                return true;
            });
            boolean closed = i < segments.size() - 1;
            if (closed && extent.tail().isPresent()) {
                Segments.Tail t = extent.tail().get();
                damage.add(new StartupReport.Damage(
                        t.isHole() ? ProblemKind.ZEROED_LINE : ProblemKind.TRUNCATED_TAIL,
                        name,
                        lineAt(seg, t.offset()),
                        (t.isHole()
                                        ? "zero bytes with " + t.linesAfterHole() + " line(s) after them"
                                        : "an incomplete line")
                                + " at offset " + t.offset()
                                + " of a closed segment (a crash only ever tears the end of"
                                + " the last segment); the records from there to the segment's end are not indexed"));
            }
        }
        return out;
    }

    /** The first record is the chain's first: seq 1, at offset 0 of segment 1. */
    private static boolean startsTheChain(List<IdIndex.Entry> entries) {
        IdIndex.Entry first = entries.get(0);
        return first.seq() == 1 && first.segment() == 1 && first.offset() == 0;
    }

    private boolean consistent(IdIndex.Entry e) {
        Path seg = dir.resolve(Segments.name(e.segment()));
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
            if (ch.size() < e.offset() + e.length() + 1) {
                return false;
            }
            ByteBuffer b = ByteBuffer.allocate(e.length() + 1);
            while (b.hasRemaining() && ch.read(b, e.offset() + b.position()) > 0) {
                // read the indexed line and its newline
            }
            if (b.get(e.length()) != '\n') {
                return false;
            }
            JsonNode node = CanonicalJson.parse(b.array(), 0, e.length());
            return e.auditId().equals(node.path(AuditBundle.Fields.AUDIT_ID).asText())
                    && e.hash().equals(node.path(AuditBundle.Fields.HASH).asText());
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    /** The line number (from 1) of the line that starts at {@code offset} (complete lines before it, plus one). */
    static long lineAt(Path seg, long offset) {
        long[] before = {0};
        try {
            Segments.readLines(seg, 0, 1, (lineNo, off, buf, o, len) -> {
                if (off < offset) {
                    before[0] = lineNo;
                    return true;
                }
                return false;
            });
        } catch (IOException e) {
            return 0;
        }
        return before[0] + 1;
    }

    private static long lineCount(Path seg) {
        long[] n = {0};
        try {
            Segments.readLines(seg, 0, 1, (lineNo, off, buf, o, len) -> {
                n[0] = lineNo;
                return true;
            });
        } catch (IOException e) {
            return 0;
        }
        return n[0];
    }
}
