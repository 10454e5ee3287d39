package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditReceipt;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.AuditStats;
import ai.lukhas.pwm.audit.CheckpointConfig;
import ai.lukhas.pwm.audit.Durability;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The latency of one audit append at light load, and the disk's own fsync beside it: one caller, and
 * between two appends the caller is idle for {@code idleMicros} (outside the measured time, as a
 * paced request stream leaves the log idle between requests: 5,000 µs is 200 requests/s), so every
 * append finds the writer side asleep. Sample mode gives the p50/p90/p99 of each operation.
 *
 * <ul>
 *   <li>{@code append}: {@code AuditLog.append} of a small bundle with the gateway's durability
 *       ({@code fsync} or {@code os}), checkpoints on as the gateway runs them;
 *   <li>{@code diskFsync}: the disk without the log: write the same number of bytes at the next
 *       offset of a zero-filled file and {@code FileChannel.force(false)} (fdatasync), the floor an
 *       fsync'd append cannot go below; {@code diskDsync}: the same write through a channel opened
 *       with {@code DSYNC} (O_DSYNC: one system call, no separate fdatasync).
 * </ul>
 *
 * <p>Run (the request thread of the HTTP server is virtual: {@code -jvmArgsAppend
 * -Djmh.executor=VIRTUAL} runs the benchmark thread as one):
 * {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 3s AuditLatencyBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditLatencyBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILL = 64 << 20;

    @Param({"fsync", "os"})
    public String durability;

    /** Idle time before each append (not measured): 5,000 µs is a paced 200 requests/s. */
    @Param({"5000"})
    public long idleMicros;

    private Path dir;
    private AuditLog log;
    private long n;
    private ObjectNode request;
    private JsonNode modulation;
    private JsonNode moderation;

    private FileChannel plain;
    private FileChannel dsync;
    private ByteBuffer record;
    private long plainAt;
    private long dsyncAt;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.auditDirectory("audit-latency");
        AuditLogConfig cfg = AuditLogConfig.defaults(dir.resolve("log"))
                .withDurability(Durability.parse(durability))
                .withCheckpoints(CheckpointConfig.defaults(dir.resolve("checkpoint.key")));
        log = AuditLog.open(cfg, AuditRedactor.standard(), Clock.systemUTC());
        request = (ObjectNode) JSON.readTree(
                "{\"model\":\"gpt-4o-mini\",\"messages\":1,\"stream\":false,\"last_user_message\":\"Say hello.\"}");
        modulation = JSON.readTree(
                "{\"params\":{\"temperature\":0.62,\"top_p\":0.9,\"max_output_tokens\":768,\"safety_mode\":\"balanced\"}}");
        moderation = JSON.readTree(
                "[{\"stage\":\"input\",\"verdict\":\"allow\"},{\"stage\":\"output\",\"verdict\":\"allow\"}]");
        byte[] line = new byte[1200];
        java.util.Arrays.fill(line, (byte) 'x');
        line[line.length - 1] = '\n';
        record = ByteBuffer.allocateDirect(line.length).put(line).flip();
        plain = zeroFilled(dir.resolve("plain.bin"));
        dsync = zeroFilled(dir.resolve("dsync.bin"));
        dsync.close();
        dsync = FileChannel.open(dir.resolve("dsync.bin"), StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
    }

    /** A file of {@value #FILL} zero bytes, written and fsync'd, so later writes overwrite existing blocks. */
    private static FileChannel zeroFilled(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < FILL; ) {
            at += ch.write(zeros.clear(), at);
        }
        ch.force(true);
        return ch;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        AuditStats s = log.stats();
        System.out.printf(
                "%n[audit] durability=%s records=%d batches=%d avg fsync=%.3f ms%n",
                durability, s.records(), s.batches(), s.averageFsyncMillis());
        log.close();
        plain.close();
        dsync.close();
        BenchFiles.deleteTree(dir);
    }

    /** Not measured: the pause between two paced requests. */
    @Setup(Level.Invocation)
    public void idle() {
        if (idleMicros > 0) {
            LockSupport.parkNanos(idleMicros * 1_000);
        }
    }

    @Benchmark
    @Threads(1)
    public AuditReceipt append() {
        long i = ++n;
        ObjectNode req = request.deepCopy();
        req.put("last_user_message", "Say hello to visitor " + (i % 100_000) + ".");
        AuditBundle b = log.newBundle()
                .tenant("default")
                .session("sess-" + (i % 1000))
                .request(req)
                .modulation(modulation)
                .moderation(moderation)
                .provider("openai")
                .model("gpt-4o-mini")
                .latencyMs(1)
                .outcome("ok")
                .build();
        return log.append(b);
    }

    @Benchmark
    @Threads(1)
    public long diskFsync() throws IOException {
        plainAt = next(plainAt);
        plain.write(record.clear(), plainAt);
        plain.force(false);
        return plainAt;
    }

    @Benchmark
    @Threads(1)
    public long diskDsync() throws IOException {
        dsyncAt = next(dsyncAt);
        dsync.write(record.clear(), dsyncAt);
        return dsyncAt;
    }

    /** The next record's offset, wrapping inside the zero-filled region. */
    private long next(long at) {
        long to = at + record.capacity();
        return to + record.capacity() > FILL ? 0 : to;
    }
}
