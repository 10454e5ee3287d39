package ai.lukhas.pwm.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs checkpoints of an {@link AuditLog} on its own thread. The writer only compares two numbers per
 * batch ({@link #afterBatch}) and, when a checkpoint is due, hands it over; the Merkle tree grows from
 * the record hashes the index already holds, one SHA-256 per leaf and per node, here and not on the
 * append path. Each checkpoint is appended to {@code checkpoints.jsonl} (fsync'd) and then offered to
 * every witness.
 */
final class Checkpointer {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final CheckpointConfig config;
    private final CheckpointKeys keys;
    private final IdIndex index;
    private final Clock clock;
    private final Path file;
    private final ScheduledExecutorService thread;
    /** Roots of aligned 1024-leaf subtrees, appended by the frontier, read by provers. */
    private final List<byte[]> blocks = new CopyOnWriteArrayList<>();

    private final Merkle.Frontier frontier = new Merkle.Frontier(blocks); // checkpoint thread only
    private volatile Optional<SignedCheckpoint> latest;
    private volatile Instant nextDue;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong witnessFailures = new AtomicLong();
    private long requestedSize; // writer thread only

    Checkpointer(
            CheckpointConfig config,
            CheckpointKeys keys,
            IdIndex index,
            Clock clock,
            Path dir,
            Optional<SignedCheckpoint> latest) {
        this.config = config;
        this.keys = keys;
        this.index = index;
        this.clock = clock;
        this.file = dir.resolve(SignedCheckpoint.FILE);
        this.latest = latest;
        this.requestedSize = latest.map(SignedCheckpoint::treeSize).orElse(0L);
        this.nextDue = clock.instant().plus(config.interval());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lukhas-audit-checkpoint");
            t.setDaemon(true);
            return t;
        });
        // Checkpoints also come due with no append to notice it; the due time is on the log's clock.
        long pollMillis = Math.max(1, Math.min(1000, config.interval().toMillis()));
        thread.scheduleWithFixedDelay(this::pollDue, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Called by the writer after a batch is durable and indexed: cheap unless a checkpoint is due. */
    void afterBatch(int indexSize) {
        if (indexSize - requestedSize >= config.everyRecords()
                || !clock.instant().isBefore(nextDue)) {
            requestedSize = indexSize;
            nextDue = Instant.MAX; // until the checkpoint thread has made it
            // Of the tree as requested, not as found when the thread gets to it: appends that return
            // quickly (a caller writing its own record) must not merge the every-N checkpoints.
            thread.execute(() -> checkpointQuietly(indexSize));
        }
    }

    private void pollDue() {
        if (!clock.instant().isBefore(nextDue) && index.size() > latestSize()) {
            checkpointQuietly();
        }
    }

    private long latestSize() {
        return latest.map(SignedCheckpoint::treeSize).orElse(0L);
    }

    private void checkpointQuietly() {
        checkpointQuietly(index.size());
    }

    private void checkpointQuietly(int size) {
        try {
            checkpoint(size);
        } catch (IOException | RuntimeException e) {
            LOG.error("audit checkpoint could not be written to {}: {}", file, e.toString(), e);
            nextDue = clock.instant().plus(config.interval());
        }
    }

    /** Makes a checkpoint of the first {@code size} records, if that is more than the latest covers (checkpoint thread). */
    private void checkpoint(int size) throws IOException {
        nextDue = clock.instant().plus(config.interval());
        if (size == 0 || size <= latestSize()) {
            return;
        }
        extendTo(size);
        IdIndex.Entry head = index.range(size - 1, size).get(0);
        SignedCheckpoint cp = SignedCheckpoint.sign(
                head.seq(), size, head.hash(), HexFormat.of().formatHex(frontier.root()), clock.instant(), keys);
        DirectoryWitness.appendLine(file, cp.line());
        latest = Optional.of(cp);
        written.incrementAndGet();
        for (CheckpointWitness w : config.witnesses()) {
            try {
                w.publish(cp);
            } catch (IOException | RuntimeException e) {
                // The next checkpoint covers everything this one did, so it is not retried.
                witnessFailures.incrementAndGet();
                LOG.warn(
                        "audit checkpoint seq {} not published to witness {}: {}",
                        cp.seq(),
                        w.describe(),
                        e.toString());
            }
        }
    }

    private void extendTo(int size) {
        if (frontier.size() > size) {
            throw new IllegalStateException("the index shrank below the checkpointed tree");
        }
        byte[] buf = new byte[32 * 4096];
        while (frontier.size() < size) {
            int from = (int) frontier.size();
            int to = Math.min(size, from + 4096);
            index.copyHashes(from, to, buf);
            frontier.add(buf, 0, to - from);
        }
    }

    /** Makes a checkpoint now if any record is not yet covered, and returns the latest. */
    Optional<SignedCheckpoint> checkpointNow() {
        try {
            thread.submit(() -> {
                        checkpoint(index.size());
                        return null;
                    })
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new AuditStoreException("audit checkpoint failed: " + e.getCause(), e.getCause());
        }
        return latest;
    }

    Optional<SignedCheckpoint> latest() {
        return latest;
    }

    long written() {
        return written.get();
    }

    long witnessFailures() {
        return witnessFailures.get();
    }

    /** The inclusion proof of chain position {@code position} against the latest checkpoint, if it covers it. */
    Optional<InclusionProof> prove(int position, AuditRecord record) {
        Optional<SignedCheckpoint> cp = latest;
        if (cp.isEmpty() || position >= cp.get().treeSize()) {
            return Optional.empty();
        }
        int size = (int) cp.get().treeSize();
        Merkle.Prover prover = new Merkle.Prover(index::copyHashes, blocks);
        List<String> path = new ArrayList<>();
        for (byte[] h : prover.path(position, size)) {
            path.add(HexFormat.of().formatHex(h));
        }
        return Optional.of(new InclusionProof(record.json(), position, path, cp.get()));
    }

    /** A final checkpoint of everything written (when {@code last}), then stops the thread. */
    void close(boolean last) {
        if (!last) {
            thread.shutdownNow();
            return;
        }
        try {
            thread.submit((Runnable) this::checkpointQuietly).get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("audit log: final checkpoint did not complete: {}", e.toString());
        }
        thread.shutdownNow();
    }

    /**
     * The newest checkpoint in {@code dir/checkpoints.jsonl} signed by {@code keys}; lines signed by
     * another key (an earlier key) are skipped. A line with this key's id whose signature does not
     * verify is reported as damage: only this process writes that file.
     */
    static Loaded load(Path dir, CheckpointKeys keys) throws IOException {
        Path f = dir.resolve(SignedCheckpoint.FILE);
        if (!Files.exists(f)) {
            return new Loaded(Optional.empty(), List.of());
        }
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        SignedCheckpoint newest = null;
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            SignedCheckpoint cp;
            try {
                cp = SignedCheckpoint.parse(line);
            } catch (IllegalArgumentException e) {
                if (i == lines.size() - 1) {
                    continue; // a torn last line: the write never finished, the checkpoint never counted
                }
                bad.add(SignedCheckpoint.FILE + " line " + (i + 1) + " is not a checkpoint: " + e.getMessage());
                continue;
            }
            if (!cp.keyId().equals(keys.keyId())) {
                continue;
            }
            if (!cp.verifies(keys.publicKey())) {
                bad.add(SignedCheckpoint.FILE + " line " + (i + 1) + " (seq " + cp.seq()
                        + ") carries this log's key id but its signature does not verify: it was altered");
                continue;
            }
            if (newest == null || cp.seq() >= newest.seq()) {
                newest = cp;
            }
        }
        return new Loaded(Optional.ofNullable(newest), bad);
    }

    record Loaded(Optional<SignedCheckpoint> newest, List<String> problems) {}
}
