package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained audit trail of one process. Bundles are redacted in the caller's
 * thread. When nothing else is being written (light load), the caller then writes its record itself:
 * one synchronous write ({@code O_DSYNC}), no hand-off to another thread. Otherwise it queues the
 * record for one writer thread, which batches concurrent appends and writes each batch with one
 * synchronous write (group commit); either way {@code append} returns only after its record is
 * durable. Opening the log recovers
 * from a crash: a torn last line is moved to a quarantine file and the chain continues from the last
 * complete record. Only one process may open a directory at a time.
 *
 * <pre>{@code
 * try (AuditLog log = AuditLog.open(AuditLogConfig.defaults(dir), AuditRedactor.standard(), Clock.systemUTC())) {
 *     AuditReceipt r = log.append(log.newBundle().session("s-1").outcome("ok").build());
 *     log.find(r.auditId()); // Optional[AuditRecord[...]]
 * }
 * }</pre>
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final String LOCK_FILE = ".lock";
    private static final Pending CLOSE = new Pending(null, null);
    /** Asks the writer thread to extend the zero fill (queued by a caller that wrote directly). */
    private static final Pending FILL = new Pending(null, null);

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 16).asReadOnlyBuffer();

    private final AuditLogConfig config;
    private final Path dir;
    private final AuditRedactor redactor;
    private final Clock clock;
    private final AuditIds ids;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final IdIndex index = new IdIndex();
    private final StartupReport startupReport;
    private final Optional<CheckpointKeys> keys;
    private final Optional<Checkpointer> checkpointer;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(65536);
    private final ConcurrentHashMap<Integer, FileChannel> readers = new ConcurrentHashMap<>();
    private final Thread writer;
    /**
     * Completes the appends of a durable batch. Waking each waiting caller is a system call per
     * caller for platform threads; done by the writer, it sat between one batch's fsync and the
     * next batch's write. One thread, so batches are acknowledged in order.
     */
    private final ExecutorService acker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lukhas-audit-acker");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean closed;
    private volatile boolean writerExited;
    private volatile Throwable broken;
    /** The writer thread holds a batch (from taking it off the queue until it is written). */
    private volatile boolean writerBusy;
    /** Records a caller wrote itself (see {@link #writeAlone}); written under {@link #writeLock}. */
    private volatile long directWrites;

    private final AtomicBoolean fillRequested = new AtomicBoolean();
    /**
     * Guards everything below: held by the writer thread while it writes a batch, or by a caller
     * writing its own record directly ({@link #appendPrepared}).
     */
    private final ReentrantLock writeLock = new ReentrantLock();

    private final ChainHash chain = new ChainHash();
    private RandomAccessFile indexFile;
    private long indexEnd;
    /** Where {@link #indexFile}'s file pointer is known to be; -1 when it is not (then the next write seeks). */
    private long indexPointer = -1;

    private int segmentNo;
    /** The active segment for the writer thread's zero fill, truncation and close-time fsync. */
    private FileChannel segment;
    /**
     * The active segment for records: opened {@code "rwd"} (O_DSYNC) with {@link Durability#FSYNC},
     * so each write returns once its data is on disk, in one system call. Not a {@link FileChannel}:
     * a caller writing its own record may be interrupted, which would close a channel for everyone.
     */
    private RandomAccessFile segmentData;
    /**
     * Where {@link #segmentData}'s file pointer is known to be; -1 when it is not. A write leaves the
     * pointer at its end, so appends seek only after an open or a failed write: one system call fewer
     * per record written alone.
     */
    private long segmentDataPointer = -1;
    /** {@code lseek}s made on the segment and index files (for tests). */
    private long seeks;
    /** True once the writer thread has trimmed the segment at close: nobody writes after that. */
    private boolean writerDone;

    private long segmentSize;
    /** The segment file's physical size: zero fill from {@code segmentSize} up to here. */
    private long allocatedEnd;

    private long headSeq;
    private String headHash;
    private ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    /** Index entries wait here until {@link #INDEX_BUFFER_BYTES} are pending, a segment roll or close. */
    private static final int INDEX_BUFFER_BYTES = 1 << 16;

    private ByteBuffer indexBuffer = ByteBuffer.allocate(INDEX_BUFFER_BYTES);
    private long indexWrites;
    private boolean indexFileWritable = true;
    private volatile AuditStats stats = new AuditStats(0, 0, 0, 0, 0, 0);

    private record Pending(RecordCodec.Prepared prepared, CompletableFuture<AuditReceipt> done) {}

    private AuditLog(AuditLogConfig config, AuditRedactor redactor, Clock clock) throws IOException {
        this.config = config;
        this.dir = config.directory();
        this.redactor = redactor;
        this.clock = clock;
        this.ids = new AuditIds(clock);
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        boolean here = false;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
            here = true;
        }
        if (l == null) {
            lockChannel.close();
            throw new AuditStoreException("audit directory " + dir + " is already in use by "
                    + (here ? "this process (another AuditLog on the same directory)" : holder(dir.resolve(LOCK_FILE)))
                    + "; stop it, or give this one another data directory (--data-dir)");
        }
        lock = l;
        // The holder's pid, for the message above when a second process tries the same directory.
        lockChannel.truncate(0);
        lockChannel.write(
                ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        StartupCheck.Result found;
        List<StartupReport.Quarantined> quarantined = new ArrayList<>();
        Optional<RecoveryRecord.Quarantine> quarantine = Optional.empty();
        long lastGoodSeq;
        String lastGoodHash;
        Optional<SignedCheckpoint> latestCheckpoint;
        try {
            List<Path> segments = Segments.list(dir);
            keys = config.checkpoints().map(c -> CheckpointKeys.loadOrCreate(c.keyFile()));
            Optional<Checkpointer.Loaded> checkpoints =
                    keys.isPresent() ? Optional.of(Checkpointer.load(dir, keys.get())) : Optional.empty();
            // Decide first, touch nothing: a refused start leaves every byte as found, for the auditor.
            found = new StartupCheck(dir, segments, checkpoints).run();
            if (!found.damage().isEmpty()) {
                found.damage().forEach(d -> LOG.error("audit log {}: DAMAGE a crash cannot explain: {}", dir, d));
                if (config.onDamage() == DamagePolicy.REFUSE) {
                    throw new AuditDamageException(damageMessage(found.damage()), found.damage());
                }
                LOG.warn("audit log {}: opening anyway (on_damage: record); the damage is written into the chain", dir);
            }
            if (!segments.isEmpty()) {
                quarantine = cutTail(segments.get(segments.size() - 1), found, quarantined);
            }
            indexFile = new RandomAccessFile(dir.resolve(IdIndex.FILE).toFile(), "rw");
            indexPointer = -1;
            indexFile.setLength(found.indexFileValidBytes());
            indexEnd = found.indexFileValidBytes();
            index.add(found.entries());
            appendIndex(found.entries()
                    .subList(found.indexFileEntries(), found.entries().size()));
            flushIndex();
            Optional<IdIndex.Entry> last = index.last();
            lastGoodSeq = last.map(IdIndex.Entry::seq).orElse(0L);
            lastGoodHash = last.map(IdIndex.Entry::hash).orElse(ChainHash.GENESIS);
            headSeq = found.damage().isEmpty() ? lastGoodSeq : Math.max(lastGoodSeq, found.lostTo());
            headHash = lastGoodHash;
            if (segments.isEmpty()) {
                openSegment(1);
            } else {
                Path lastSegment = segments.get(segments.size() - 1);
                segmentNo =
                        Segments.number(lastSegment.getFileName().toString()).getAsInt();
                segment = FileChannel.open(lastSegment, StandardOpenOption.WRITE);
                segmentData = dataFile(lastSegment);
                segmentDataPointer = -1;
                segmentSize = segment.size();
                allocatedEnd = segmentSize;
            }
            // After accepted damage the checkpoints on file describe a tree that is gone.
            latestCheckpoint =
                    found.damage().isEmpty() ? checkpoints.flatMap(Checkpointer.Loaded::newest) : Optional.empty();
            if (!quarantined.isEmpty()) {
                LOG.warn("audit log {}: moved {} torn line(s) to quarantine: {}", dir, quarantined.size(), quarantined);
            }
            LOG.info("audit log {}: {} records, index {} ({})", dir, index.size(), found.state(), found.note());
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
        checkpointer = config.checkpoints()
                .map(c -> new Checkpointer(c, keys.orElseThrow(), index, clock, dir, latestCheckpoint));
        writer = new Thread(this::writeLoop, "lukhas-audit-writer");
        writer.setDaemon(true);
        writer.start();
        Optional<AuditReceipt> recovery = Optional.empty();
        boolean rebuiltSomething = found.state() == StartupReport.IndexState.REBUILT
                && !found.entries().isEmpty();
        if (!found.damage().isEmpty() || !quarantined.isEmpty() || rebuiltSomething) {
            List<String> repairs = new ArrayList<>();
            quarantined.forEach(q -> repairs.add("moved " + q.bytes() + " bytes from " + q.segment() + " line "
                    + q.line() + " (offset " + q.offset() + ") to " + q.file().getFileName()));
            if (found.state() == StartupReport.IndexState.REBUILT) {
                repairs.add("index.bin rebuilt from the segments (" + found.note() + ")");
            }
            Optional<long[]> lost =
                    headSeq > lastGoodSeq ? Optional.of(new long[] {lastGoodSeq + 1, headSeq}) : Optional.empty();
            AuditBundle b = RecoveryRecord.bundle(
                    ids.next(),
                    clock.instant(),
                    found.damage(),
                    repairs,
                    quarantine,
                    found.state(),
                    lastGoodSeq,
                    lastGoodHash,
                    lost);
            try {
                recovery = Optional.of(appendPrepared(
                        RecordCodec.prepare(b, CanonicalJson.Rewrite.NONE, RecordCodec.INITIAL_BYTES), b.auditId()));
            } catch (RuntimeException e) {
                close();
                throw new AuditStoreException("audit log " + dir + ": could not write the recovery record: " + e, e);
            }
            LOG.warn(
                    "audit log {}: start-up recovery written into the chain as seq {} (audit_id {}){}: {}",
                    dir,
                    recovery.get().seq(),
                    recovery.get().auditId(),
                    found.damage().isEmpty() ? "" : " declaring DAMAGE",
                    repairs);
            checkpointer.ifPresent(Checkpointer::checkpointNow);
        }
        startupReport = new StartupReport(
                index.size(),
                Math.max(1, Segments.list(dir).size()),
                quarantined,
                found.state(),
                found.note(),
                found.damage(),
                recovery);
    }

    private static String damageMessage(List<StartupReport.Damage> damage) {
        StringBuilder b = new StringBuilder("the audit log is damaged in a way a crash cannot explain: ");
        for (int i = 0; i < damage.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(damage.get(i));
        }
        return b.append(". Nothing was changed on disk. Run 'lukhas audit verify' and see docs/audit.md"
                        + " (runbook: a damaged log); to start anyway and record the damage in the chain, pass"
                        + " --accept-audit-damage or set audit.on_damage: record")
                .toString();
    }

    /** "process 1234" from the lock file the holder wrote, or "another process" when it says nothing usable. */
    private static String holder(Path lockFile) {
        try {
            String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            if (pid.matches("[0-9]{1,10}")) {
                return "process " + pid;
            }
        } catch (IOException | UncheckedIOException e) {
            // fall through: the pid is a courtesy; the lock itself is what protects the directory
        }
        return "another process";
    }

    /**
     * Opens (creating if needed) the log in {@code config.directory()}, recovering a torn tail and
     * bringing the index up to date.
     *
     * @throws AuditStoreException if the directory cannot be used or is open elsewhere
     */
    public static AuditLog open(AuditLogConfig config, AuditRedactor redactor, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(redactor, "redactor");
        Objects.requireNonNull(clock, "clock");
        try {
            return new AuditLog(config, redactor, clock);
        } catch (IOException e) {
            throw new AuditStoreException("cannot open audit log in " + config.directory() + ": " + e, e);
        }
    }

    /** What start-up found: records, torn lines moved aside, index state. */
    public StartupReport startupReport() {
        return startupReport;
    }

    public Path directory() {
        return dir;
    }

    /** Batching, fsync and checkpoint counters since open (written by the writer thread, read by anyone). */
    public AuditStats stats() {
        AuditStats s = stats;
        return checkpointer
                .map(c -> new AuditStats(
                        s.records(), s.batches(), s.fsyncs(), s.fsyncNanos(), c.written(), c.witnessFailures()))
                .orElse(s);
    }

    /** The newest signed checkpoint (empty when checkpoints are off or none was made yet). */
    public Optional<SignedCheckpoint> latestCheckpoint() {
        return checkpointer.flatMap(Checkpointer::latest);
    }

    /**
     * Signs a checkpoint of every durable record now (if any is not yet covered) and returns the newest.
     *
     * @throws IllegalStateException when checkpoints are not configured
     */
    public SignedCheckpoint checkpoint() {
        Checkpointer c = checkpointer.orElseThrow(() -> new IllegalStateException(
                "audit log " + dir + " has no checkpoint key configured (AuditLogConfig.withCheckpoints)"));
        return c.checkpointNow()
                .orElseThrow(() ->
                        new IllegalStateException("audit log " + dir + " is empty: there is nothing to checkpoint"));
    }

    /** The public key checkpoints are signed with, when checkpoints are on. */
    public Optional<java.security.PublicKey> checkpointPublicKey() {
        return keys.map(CheckpointKeys::publicKey);
    }

    /**
     * The inclusion proof of the record {@code auditId} against the latest signed checkpoint.
     *
     * @return {@link ProofLookup.NotFound} when no such record, {@link ProofLookup.NotYetCovered} when
     *     the record is newer than the latest checkpoint (or checkpoints are off)
     */
    public ProofLookup prove(String auditId) {
        OptionalInt pos = index.positionOf(auditId);
        if (pos.isEmpty()) {
            return new ProofLookup.NotFound(auditId);
        }
        AuditRecord rec = read(index.range(pos.getAsInt(), pos.getAsInt() + 1).get(0));
        if (checkpointer.isEmpty()) {
            return new ProofLookup.NotYetCovered(rec, Optional.empty(), "checkpoints are not configured for this log");
        }
        Optional<InclusionProof> proof = checkpointer.get().prove(pos.getAsInt(), rec);
        if (proof.isPresent()) {
            return new ProofLookup.Proven(proof.get());
        }
        Optional<SignedCheckpoint> cp = checkpointer.get().latest();
        return new ProofLookup.NotYetCovered(
                rec,
                cp,
                "record seq " + rec.seq() + " is newer than the latest signed checkpoint ("
                        + cp.map(c -> "seq " + c.seq()).orElse("none yet") + "); one is signed every "
                        + config.checkpoints().orElseThrow().everyRecords() + " records or "
                        + config.checkpoints().orElseThrow().interval().toSeconds() + " s");
    }

    /** A fresh time-ordered audit id (UUIDv7) from this log's clock. */
    public String newAuditId() {
        return ids.next();
    }

    /** A builder with a fresh audit id and the clock's current time. */
    public AuditBundle.Builder newBundle() {
        return AuditBundle.builder(ids.next(), clock.instant());
    }

    /**
     * Redacts and appends a bundle; returns once it is stored as {@link AuditLogConfig#durability()}
     * promises (by default: fsync'd).
     *
     * @throws AuditStoreException if it could not be stored; the caller must treat the request as not audited
     * @throws AuditInterruptedException if the calling thread was interrupted; likewise not audited
     * @throws IllegalStateException if the log is closed
     */
    public AuditReceipt append(AuditBundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        ensureWritable();
        RecordCodec.Prepared prepared = RecordCodec.prepare(bundle, redactor.rewrite(), recordSizeHint);
        recordSizeHint = prepared.length();
        return appendPrepared(prepared, bundle.auditId());
    }

    /**
     * Size of a recent record, to size the next one's buffer. Written and read by callers' threads
     * without ordering: any value is only a hint.
     */
    private int recordSizeHint = RecordCodec.INITIAL_BYTES;

    private AuditReceipt appendPrepared(RecordCodec.Prepared prepared, String auditId) {
        if (Thread.currentThread().isInterrupted()) {
            throw new AuditInterruptedException(
                    "interrupted before the bundle was queued", new InterruptedException("interrupted"));
        }
        // Light load: nothing queued and the writer thread idle, so this caller writes its own record
        // and returns without waking (and waiting for) another thread.
        if (!writerBusy && queue.isEmpty() && writeLock.tryLock()) {
            Optional<AuditReceipt> written;
            try {
                written = writeAlone(prepared);
            } finally {
                writeLock.unlock();
            }
            if (written.isPresent()) {
                return written.get();
            }
        }
        Pending p = new Pending(prepared, new CompletableFuture<>());
        try {
            queue.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditInterruptedException("interrupted before the bundle was queued", e);
        }
        if (writerExited) {
            failRemaining();
        }
        try {
            return p.done().get();
        } catch (InterruptedException e) {
            // The bundle may still become durable; the caller only loses the acknowledgement.
            Thread.currentThread().interrupt();
            throw new AuditInterruptedException("interrupted while waiting for bundle " + auditId, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new AuditStoreException("bundle " + auditId + " was not stored: " + c, c);
        }
    }

    /**
     * Writes one record from the caller's thread, holding {@link #writeLock}. Empty when it is the
     * writer thread's job: the record needs a new segment or zero fill that is not there yet.
     *
     * @throws IllegalStateException when the log was closed meanwhile
     * @throws AuditStoreException when the log is broken or this write fails (which breaks it)
     */
    private Optional<AuditReceipt> writeAlone(RecordCodec.Prepared prepared) {
        if (writerDone) {
            throw new IllegalStateException("audit log " + dir + " is closed");
        }
        Throwable b = broken;
        if (b != null) {
            throw new AuditStoreException("audit log " + dir + " stopped after a write failure: " + b, b);
        }
        long end = segmentSize + RecordCodec.encodedLength(prepared, headSeq + 1);
        if (end > config.segmentMaxBytes() || (zeroFilled() && end > allocatedEnd)) {
            return Optional.empty();
        }
        try {
            List<AuditReceipt> receipts = writeBatch(List.of(new Pending(prepared, null)));
            if (zeroFilled()
                    && allocatedEnd - segmentSize < config.zeroFillBytes() / 2
                    && allocatedEnd < config.segmentMaxBytes()
                    && !fillRequested.getAndSet(true)) {
                if (!queue.offer(FILL)) { // the writer thread extends the fill; nobody waits for it
                    fillRequested.set(false);
                }
            }
            directWrites++;
            return Optional.of(receipts.get(0));
        } catch (Throwable t) {
            broken = t;
            LOG.error("audit log {}: write failed, no further bundles are accepted", dir, t);
            throw storeFailure(t);
        }
    }

    /** How many records callers wrote themselves, without the writer thread (for tests). */
    long directWrites() {
        return directWrites;
    }

    /** How many {@code lseek}s the segment and index writes made (for tests). */
    long seeks() {
        writeLock.lock();
        try {
            return seeks;
        } finally {
            writeLock.unlock();
        }
    }

    /** Zero fill ahead of the records is kept (see {@link #preallocate}). */
    private boolean zeroFilled() {
        return config.durability() == Durability.FSYNC && config.zeroFillBytes() > 0;
    }

    private void ensureWritable() {
        if (closed) {
            throw new IllegalStateException("audit log " + dir + " is closed");
        }
        Throwable b = broken;
        if (b != null) {
            throw new AuditStoreException("audit log " + dir + " stopped after a write failure: " + b, b);
        }
    }

    /** The stored (redacted) record with this id, if any. */
    public Optional<AuditRecord> find(String auditId) {
        return index.get(auditId).map(this::read);
    }

    /** The last {@code n} records, oldest first. */
    public List<AuditRecord> tail(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, but was " + n);
        }
        int size = index.size();
        return index.range(size - n, size).stream().map(this::read).toList();
    }

    /**
     * Records matching the query, oldest first (or newest first), at most {@code limit}, with a cursor for
     * the next page. The filters are compared on the in-memory index's columns, so a page costs one pass
     * over positions and one read per returned record, however large the log.
     *
     * @throws IllegalArgumentException when the cursor is not one this log issued for that order
     */
    public AuditPage query(AuditQuery q) {
        int size = index.size();
        int start = q.cursor().map(c -> decodeCursor(c, q.descending())).orElse(q.descending() ? size - 1 : 0);
        long from = q.from().map(java.time.Instant::toEpochMilli).orElse(Long.MIN_VALUE);
        long to = q.to().map(java.time.Instant::toEpochMilli).orElse(Long.MAX_VALUE);
        List<AuditRecord> out = new ArrayList<>();
        int next = start;
        while (out.size() < q.limit() && next >= 0) {
            IdIndex.Scan scan = index.scan(
                    next, q.descending(), q.session(), q.outcome(), q.tenant(), from, to, q.limit() - out.size());
            for (IdIndex.Entry e : scan.entries()) {
                AuditRecord r = read(e);
                // entries of an index file from before tenants were indexed are checked on the record
                if (q.tenant().map(t -> t.equals(r.bundle().tenant())).orElse(true)) {
                    out.add(r);
                }
            }
            next = scan.next();
            if (!q.descending() && next >= size) {
                next = -1;
            }
        }
        return new AuditPage(out, next >= 0 ? Optional.of(encodeCursor(next, q.descending())) : Optional.empty());
    }

    private static String encodeCursor(int pos, boolean newestFirst) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(((newestFirst ? "d:" : "p:") + pos).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor, boolean newestFirst) {
        String prefix = newestFirst ? "d:" : "p:";
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith(prefix)) {
                int pos = Integer.parseInt(s.substring(2));
                if (pos >= 0) {
                    return pos;
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("cursor must be a nextCursor returned by an earlier page"
                + (newestFirst ? " in newest-first order" : "") + ", but was \"" + cursor + "\"");
    }

    /** How many records the log holds (its index's size). */
    public int size() {
        return index.size();
    }

    private AuditRecord read(IdIndex.Entry e) {
        try {
            FileChannel ch = readers.computeIfAbsent(e.segment(), n -> {
                try {
                    return FileChannel.open(dir.resolve(Segments.name(n)), StandardOpenOption.READ);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            ByteBuffer b = ByteBuffer.allocate(e.length());
            while (b.hasRemaining()) {
                if (ch.read(b, e.offset() + b.position()) < 0) {
                    throw new IOException("segment ends before the indexed record");
                }
            }
            JsonNode line = CanonicalJson.parse(b.array(), 0, e.length());
            return AuditRecord.fromLine(line, Segments.name(e.segment()));
        } catch (IOException | UncheckedIOException ex) {
            throw new AuditStoreException(
                    "cannot read audit record " + e.auditId() + " from " + Segments.name(e.segment()) + ": " + ex, ex);
        }
    }

    // ---- writer thread ----------------------------------------------------------------------

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(config.maxBatch());
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            writerBusy = true;
            Runnable acknowledge = () -> {};
            writeLock.lock();
            try {
                queue.drainTo(batch, config.maxBatch() - 1);
                // By identity: the sentinels are equal records (both empty).
                if (batch.removeIf(p -> p == CLOSE)) {
                    stop = true;
                    queue.drainTo(batch); // appends that raced with close are still written
                }
                boolean fill = batch.removeIf(p -> p == FILL);
                if (!batch.isEmpty()) {
                    acknowledge = write(batch);
                }
                if (fill && broken == null) {
                    fillRequested.set(false);
                    fillAhead();
                }
            } finally {
                writeLock.unlock();
                writerBusy = false;
            }
            // Only now: a caller woken by its acknowledgement finds the writer idle and may write its
            // next record itself, instead of queueing behind a writer that is still finishing up.
            acknowledge.run();
        }
        writeLock.lock();
        try {
            // Every buffered entry names a durable record (entries are buffered after their write), so
            // they are written even after a write failure.
            flushIndex();
            if (broken == null) {
                try {
                    trimSegment();
                    if (config.durability() == Durability.FSYNC) {
                        segment.force(true);
                    }
                } catch (IOException e) {
                    // The zero fill stays; the next open cuts it off, nothing is lost.
                    LOG.warn("audit log {}: could not trim the active segment on close: {}", dir, e.toString());
                }
            }
            writerDone = true;
        } finally {
            writeLock.unlock();
        }
        writerExited = true;
        failRemaining();
    }

    /** Writes the batch; returns what hands its acknowledgements to the acker thread. */
    private Runnable write(List<Pending> batch) {
        if (broken != null) {
            fail(batch, broken);
            return () -> {};
        }
        List<AuditReceipt> receipts;
        try {
            receipts = writeBatch(batch);
        } catch (Throwable t) {
            broken = t;
            LOG.error("audit log {}: write failed, no further bundles are accepted", dir, t);
            fail(batch, t);
            return () -> {};
        }
        List<Pending> durable = List.copyOf(batch);
        return () -> acker.execute(() -> {
            for (int i = 0; i < durable.size(); i++) {
                durable.get(i).done().complete(receipts.get(i));
            }
        });
    }

    /**
     * Extends the zero fill after a caller that wrote directly asked for it (see {@link #writeAlone}).
     * A fill failure is not a write failure: the records are durable, later batches just append past
     * the fill (and {@link #preallocate} tries again).
     */
    private void fillAhead() {
        try {
            fillTo(Math.min(segmentSize + config.zeroFillBytes(), config.segmentMaxBytes()));
        } catch (IOException e) {
            LOG.warn("audit log {}: could not extend the zero fill: {}", dir, e.toString());
        }
    }

    private void failRemaining() {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.removeIf(p -> p == CLOSE || p == FILL);
        fail(rest, new IllegalStateException("audit log " + dir + " is closed"));
    }

    private static void fail(List<Pending> batch, Throwable t) {
        RuntimeException e = storeFailure(t);
        for (Pending p : batch) {
            p.done().completeExceptionally(e);
        }
    }

    private static RuntimeException storeFailure(Throwable t) {
        return t instanceof RuntimeException re && !(t instanceof UncheckedIOException)
                ? re
                : new AuditStoreException("bundle not stored: " + t, t);
    }

    /** Writes a batch durably (as configured) and indexes it; the receipts in batch order. */
    private List<AuditReceipt> writeBatch(List<Pending> batch) throws IOException {
        List<IdIndex.Entry> entries = new ArrayList<>(batch.size());
        List<AuditReceipt> receipts = new ArrayList<>(batch.size());
        buffer.clear();
        for (Pending p : batch) {
            long seq = headSeq + 1;
            int length = RecordCodec.encodedLength(p.prepared(), seq);
            long pending = segmentSize + buffer.position();
            if (pending > 0 && pending + length > config.segmentMaxBytes()) {
                flushBuffer();
                rotate();
            }
            if (buffer.remaining() < length) {
                flushBuffer();
                if (buffer.capacity() < length) {
                    buffer = ByteBuffer.allocate(length); // heap: flushBuffer writes its array
                }
            }
            long offset = segmentSize + buffer.position();
            String hash = RecordCodec.encodeInto(p.prepared(), seq, headHash, chain, buffer);
            RecordCodec.Prepared pr = p.prepared();
            entries.add(new IdIndex.Entry(
                    pr.auditId(),
                    seq,
                    segmentNo,
                    offset,
                    length - 1,
                    pr.tsMillis(),
                    pr.session(),
                    pr.outcome(),
                    hash,
                    pr.tenant()));
            receipts.add(new AuditReceipt(pr.auditId(), seq, hash));
            headSeq = seq;
            headHash = hash;
        }
        long t0 = System.nanoTime();
        flushBuffer();
        // With FSYNC the segment is opened O_DSYNC: the write returned once the data was on disk.
        long fsyncNanos = config.durability() == Durability.FSYNC ? System.nanoTime() - t0 : 0;
        AuditStats s = stats;
        stats = new AuditStats(
                s.records() + batch.size(),
                s.batches() + 1,
                s.fsyncs() + (config.durability() == Durability.FSYNC ? 1 : 0),
                s.fsyncNanos() + fsyncNanos,
                0,
                0);
        index.add(entries);
        if (checkpointer.isPresent()) {
            checkpointer.get().afterBatch(index.size());
        }
        // The entries go to the index file's buffer only now, after the records are durable, so the file
        // never names a record that is not. The buffer is written when it is full, at a segment roll and
        // at close, not per batch: the file is a cache that may lag (a crash leaves it short; open
        // catches it up from the segments without a recovery record), and the in-memory index answers
        // lookups of every durable record meanwhile. One write(2) per ~64 KiB of entries instead of
        // one per batch, which for a caller writing its own record was one per request.
        if (indexFileWritable) {
            try {
                appendIndex(entries);
            } catch (IOException e) {
                indexWriteFailed(e);
            }
        }
        return receipts;
    }

    /** Writes the index entries still buffered (a failure stops the index file, as in {@link #writeBatch}). */
    private void flushIndex() {
        if (indexFileWritable) {
            try {
                writeIndexBuffer();
            } catch (IOException e) {
                indexWriteFailed(e);
            }
        }
    }

    /**
     * A failure to write the index file must not fail appends that are already durable. Stop writing it
     * rather than leave a hole: a file that only lags is caught up from the segments at the next open.
     */
    private void indexWriteFailed(IOException e) {
        indexFileWritable = false;
        indexBuffer.clear();
        LOG.warn(
                "audit log {}: cannot append to {} ({}); it is caught up from the segments at the next open",
                dir,
                IdIndex.FILE,
                e.toString());
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        if (buffer.hasRemaining()) {
            preallocate(segmentSize + buffer.remaining());
            if (segmentDataPointer != segmentSize) {
                segmentData.seek(segmentSize);
                seeks++;
            }
            segmentDataPointer = -1; // unknown until the write returns: a failed write may have moved it
            segmentData.write(buffer.array(), buffer.arrayOffset(), buffer.remaining());
            segmentSize += buffer.remaining();
            segmentDataPointer = segmentSize;
        }
        buffer.clear();
    }

    /**
     * Zero-fills the segment ahead of the writer, a chunk at a time, so that most batches overwrite
     * blocks that already exist and their fdatasync flushes data only: appending past the end of the
     * file also changes its size, which costs a journal commit on every fsync (measured here: 0.24 to
     * 0.38 ms per 50 KB batch appended, 0.12 to 0.14 ms overwriting, see docs/benchmarks.md). Real
     * zeros, not {@code fallocate}: blocks allocated but unwritten are converted on first write, which
     * is again a metadata change. Only with {@link Durability#FSYNC}; the OS mode never fsyncs.
     */
    private void preallocate(long end) throws IOException {
        if (end <= allocatedEnd || !zeroFilled()) {
            return;
        }
        fillTo(Math.max(end, Math.min(allocatedEnd + config.zeroFillBytes(), config.segmentMaxBytes())));
    }

    /**
     * Zero-fills from {@link #allocatedEnd} to {@code target} and fdatasyncs the fill, so the records
     * written into it later (O_DSYNC) find their blocks allocated and need no journal commit. Writer
     * thread only: the channel is interruptible, the writer thread is never interrupted.
     */
    private void fillTo(long target) throws IOException {
        if (target <= allocatedEnd) {
            return;
        }
        ByteBuffer zeros = ZEROS.duplicate();
        for (long at = allocatedEnd; at < target; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
            at += segment.write(zeros, at);
        }
        segment.force(false);
        allocatedEnd = target;
    }

    /** Cuts the zero fill off the current segment, so only the active one ever carries it. */
    private void trimSegment() throws IOException {
        if (allocatedEnd > segmentSize) {
            segment.truncate(segmentSize);
            allocatedEnd = segmentSize;
        }
    }

    private void rotate() throws IOException {
        flushIndex(); // every closed segment is indexed in the file: a catch-up reads the last one only
        trimSegment();
        if (config.durability() == Durability.FSYNC) {
            segment.force(true);
        }
        segment.close();
        segmentData.close();
        openSegment(segmentNo + 1);
    }

    private void openSegment(int number) throws IOException {
        segmentNo = number;
        Path file = dir.resolve(Segments.name(number));
        segment = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segmentData = dataFile(file);
        segmentDataPointer = -1;
        segmentSize = 0;
        allocatedEnd = 0;
        if (config.durability() == Durability.FSYNC) {
            forceDirectory();
        }
    }

    /** The segment opened for records: O_DSYNC ({@code "rwd"}) when appends must be durable. */
    private RandomAccessFile dataFile(Path file) throws IOException {
        return new RandomAccessFile(file.toFile(), config.durability() == Durability.FSYNC ? "rwd" : "rw");
    }

    private void forceDirectory() {
        // Makes the new file's directory entry durable; not every platform allows opening a directory.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.debug("audit log {}: directory fsync not supported: {}", dir, e.toString());
        }
    }

    /**
     * Adds entries of durable records to the index file's buffer, writing the buffer first whenever the
     * next entry does not fit: at most {@link #INDEX_BUFFER_BYTES} of entries wait (about 300 records of
     * the gateway's).
     */
    private void appendIndex(List<IdIndex.Entry> entries) throws IOException {
        for (IdIndex.Entry e : entries) {
            if (indexBuffer.remaining() < IdIndex.maxEncodedLength(e)) {
                writeIndexBuffer();
                if (indexBuffer.capacity() < IdIndex.maxEncodedLength(e)) {
                    indexBuffer = ByteBuffer.allocate(IdIndex.maxEncodedLength(e));
                }
            }
            IdIndex.encode(e, indexBuffer);
        }
    }

    private void writeIndexBuffer() throws IOException {
        indexBuffer.flip();
        if (indexBuffer.hasRemaining()) {
            if (indexPointer != indexEnd) {
                indexFile.seek(indexEnd);
                seeks++;
            }
            indexPointer = -1; // unknown until the write returns
            indexFile.write(indexBuffer.array(), indexBuffer.arrayOffset(), indexBuffer.remaining());
            indexEnd += indexBuffer.remaining();
            indexPointer = indexEnd;
            indexWrites++;
        }
        indexBuffer.clear();
    }

    /** How many {@code write}s of the index file were made (for tests). */
    long indexWrites() {
        writeLock.lock();
        try {
            return indexWrites;
        } finally {
            writeLock.unlock();
        }
    }

    /** Index entries buffered and not yet written to the index file (for tests). */
    int indexBytesPending() {
        writeLock.lock();
        try {
            return indexBuffer.position();
        } finally {
            writeLock.unlock();
        }
    }

    // ---- start-up recovery --------------------------------------------------------------------

    /**
     * Cuts the last segment back to its last complete line: zero fill left by pre-allocation is
     * dropped, and whatever follows (a torn write, or a damaged range start-up was told to accept) is
     * first copied to the quarantine file, so nothing found is silently lost.
     */
    private Optional<RecoveryRecord.Quarantine> cutTail(
            Path seg, StartupCheck.Result found, List<StartupReport.Quarantined> quarantined) throws IOException {
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long keep = found.lastSegmentEnd();
            if (found.tail().isEmpty()) {
                if (ch.size() > keep) {
                    ch.truncate(keep);
                    ch.force(true);
                }
                return Optional.empty();
            }
            Segments.Tail torn = found.tail().get();
            Path q = seg.resolveSibling(seg.getFileName() + Segments.QUARANTINE_SUFFIX);
            try (FileChannel out = FileChannel.open(
                    q, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(torn.bytes());
                while (b.hasRemaining()) {
                    out.write(b);
                }
                out.write(ByteBuffer.wrap(new byte[] {'\n'}));
                out.force(true);
            }
            ch.truncate(keep);
            ch.force(true);
            quarantined.add(new StartupReport.Quarantined(
                    seg.getFileName().toString(), torn.lineNo(), keep, torn.bytes().length, q));
            java.security.MessageDigest d = Merkle.sha256();
            d.update(Files.readAllBytes(q));
            return Optional.of(new RecoveryRecord.Quarantine(
                    q.getFileName().toString(),
                    seg.getFileName().toString(),
                    keep,
                    torn.bytes().length,
                    java.util.HexFormat.of().formatHex(d.digest())));
        }
    }

    // ---- shutdown -----------------------------------------------------------------------------

    /** Writes what is queued, then releases the directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(CLOSE);
            writer.join();
            acker.shutdown();
            acker.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A last checkpoint of everything durable; after a write failure the chain's state on disk is
        // unknown, so the thread only stops.
        checkpointer.ifPresent(c -> c.close(broken == null));
        closeQuietly();
    }

    private void closeQuietly() {
        for (FileChannel c : readers.values()) {
            closeChannel(c);
        }
        closeChannel(segment);
        closeQuietly(segmentData);
        closeQuietly(indexFile);
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.debug("audit log {}: releasing the lock: {}", dir, e.toString());
        }
        closeChannel(lockChannel);
    }

    private static void closeQuietly(RandomAccessFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", f, e.toString());
            }
        }
    }

    private static void closeChannel(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", c, e.toString());
            }
        }
    }
}
