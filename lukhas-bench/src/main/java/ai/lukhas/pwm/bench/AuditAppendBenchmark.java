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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Durable audit appends per second: each operation is one {@code AuditLog.append} of a realistic
 * bundle (about 1.2 KB stored, redaction and PII masking included) that returns only after fsync.
 * {@code commit=group} is the shipped group commit (one fsync per batch); {@code commit=per_record}
 * is the baseline with one fsync per bundle (maxBatch = 1), measured in the same run;
 * {@code commit=os} never fsyncs and shows the CPU ceiling. Writers: JMH platform threads (1, 8, 64)
 * or virtual threads ({@code virtualWriters08/64}, as the HTTP server runs requests), each waiting
 * for its own acknowledgement before the next append.
 *
 * <p>Run: {@code bin/bench -f 1 -wi 4 -i 5 -w 2s -r 2s AuditAppendBenchmark -p commit=group,per_record}
 * (the audit directory goes under {@code -Daudit.bench.dir}, default the system temp directory).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditAppendBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"group", "per_record", "os"})
    public String commit;

    /** Zero fill ahead of the writer, in MiB (0 = off: every batch appends past the end of file). */
    @Param({"4"})
    public int zeroFillMiB;

    /**
     * Signed checkpoints (the defaults: every 1,000 records or 10 s, Ed25519, checkpoints.jsonl): on,
     * as the gateway runs, or off (the log before issue 16).
     */
    @Param({"on"})
    public String checkpoints;

    private Path dir;
    private AuditLog log;
    private final AtomicLong counter = new AtomicLong();
    private ObjectNode request;
    private JsonNode signals;
    private JsonNode modulation;
    private JsonNode tools;
    private ArrayNode toolCalls;
    private JsonNode moderation;
    private JsonNode usage;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchFiles.auditDirectory("audit-bench");
        AuditLogConfig cfg = AuditLogConfig.defaults(dir).withZeroFillBytes((long) zeroFillMiB << 20);
        switch (commit) {
            case "group" -> {}
            case "per_record" -> cfg = cfg.withMaxBatch(1);
            case "os" -> cfg = cfg.withDurability(Durability.OS);
            default -> throw new IllegalArgumentException("commit must be group, per_record or os: " + commit);
        }
        switch (checkpoints) {
            case "on" -> cfg = cfg.withCheckpoints(CheckpointConfig.defaults(dir.resolve("checkpoint.key")));
            case "off" -> {}
            default -> throw new IllegalArgumentException("checkpoints must be on or off: " + checkpoints);
        }
        log = AuditLog.open(cfg, AuditRedactor.standard(), Clock.systemUTC());
        request = (ObjectNode)
                JSON.readTree(
                        "{\"model\":\"gpt-4o-mini\",\"messages\":3,\"stream\":false,\"last_user_message\":\"What is the weather in Paris tomorrow? Please answer briefly.\"}");
        signals = JSON.readTree(
                "[{\"name\":\"stress\",\"level\":0.4,\"source\":\"app\"},{\"name\":\"novelty\",\"level\":0.2,\"source\":\"app\"}]");
        modulation = JSON.readTree(
                "{\"params\":{\"temperature\":0.62,\"top_p\":0.9,\"max_output_tokens\":768,\"reasoning_effort\":0.4,\"retrieval_k\":6,\"safety_mode\":\"balanced\"},"
                        + "\"trace\":[{\"param\":\"temperature\",\"from\":[\"stress\",\"novelty\"],\"capped\":false},{\"param\":\"top_p\",\"from\":[\"stress\"],\"capped\":false}],\"policy\":\"3f2a9c\"}");
        tools = JSON.readTree(
                "{\"offered\":[\"search\",\"calculator\"],\"not_offered\":{\"browser\":\"flag BROWSER_TOOL off\",\"code_exec\":\"not in tenant ceiling\"}}");
        toolCalls = (ArrayNode)
                JSON.readTree(
                        "[{\"name\":\"search\",\"status\":\"ok\",\"duration_ms\":18,\"args\":{\"q\":\"paris weather tomorrow\",\"api_key\":\"sk-live-abcdefghijklmnopqrstuvwxyz\"}}]");
        moderation = JSON.readTree(
                "[{\"stage\":\"input\",\"verdict\":\"allow\"},{\"stage\":\"tool_output\",\"verdict\":\"allow\"},{\"stage\":\"output\",\"verdict\":\"allow\"}]");
        usage = JSON.readTree("{\"prompt_tokens\":412,\"completion_tokens\":96,\"total_tokens\":508}");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        AuditStats s = log.stats();
        System.out.printf(
                "%n[audit] commit=%s checkpoints=%s records=%d batches=%d avg batch=%.1f avg fsync=%.2f ms signed=%d%n",
                commit,
                checkpoints,
                s.records(),
                s.batches(),
                s.averageBatch(),
                s.averageFsyncMillis(),
                s.checkpoints());
        log.close();
        BenchFiles.deleteTree(dir);
    }

    /**
     * The free text of each bundle differs (as user messages and tool arguments do), so the PII scan
     * runs on it every time; the structural strings repeat, as they do in real traffic.
     */
    private AuditBundle bundle() {
        long n = counter.incrementAndGet();
        // Two short digit runs, so the text stays unique without turning into a 7-digit run after a
        // million appends: that would start phone-number parsing midway and change the cost per bundle.
        String day = (n % 100_000) + " week " + (n / 100_000);
        ObjectNode req = request.deepCopy();
        req.put("last_user_message", "What is the weather in Paris on day " + day + "? Please answer briefly.");
        ArrayNode calls = toolCalls.deepCopy();
        ((ObjectNode) calls.get(0).path("args")).put("q", "paris weather day " + day);
        return log.newBundle()
                .tenant("acme")
                .session("sess-" + (n % 1000))
                .user("user-" + (n % 5000))
                .request(req)
                .signals(signals)
                .modulation(modulation)
                .toolsOffered(tools)
                .toolCalls(calls)
                .moderation(moderation)
                .incidents(JSON.createArrayNode())
                .provider("openai")
                .model("gpt-4o-mini")
                .usage(usage)
                .latencyMs(231)
                .outcome("ok")
                .build();
    }

    @Benchmark
    @Threads(1)
    public AuditReceipt writers01() {
        return log.append(bundle());
    }

    @Benchmark
    @Threads(8)
    public AuditReceipt writers08() {
        return log.append(bundle());
    }

    @Benchmark
    @Threads(64)
    public AuditReceipt writers64() {
        return log.append(bundle());
    }

    /** Appends each virtual writer makes per invocation of the virtual-thread benchmarks. */
    static final int APPENDS_PER_VIRTUAL_WRITER = 32;

    /**
     * 8 writers on virtual threads, as the HTTP server runs its requests: each writer appends
     * {@value #APPENDS_PER_VIRTUAL_WRITER} times in a closed loop; the score counts appends.
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(8 * APPENDS_PER_VIRTUAL_WRITER)
    public void virtualWriters08() throws InterruptedException {
        runVirtualWriters(8);
    }

    /** As {@link #virtualWriters08}, with 64 writers. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(64 * APPENDS_PER_VIRTUAL_WRITER)
    public void virtualWriters64() throws InterruptedException {
        runVirtualWriters(64);
    }

    private void runVirtualWriters(int writers) throws InterruptedException {
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            threads[w] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < APPENDS_PER_VIRTUAL_WRITER; i++) {
                    log.append(bundle());
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
