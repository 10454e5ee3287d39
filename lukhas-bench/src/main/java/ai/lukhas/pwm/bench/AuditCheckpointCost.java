package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.CheckpointConfig;
import ai.lukhas.pwm.audit.Durability;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time (not wall time) per appended record of each audit thread (caller, writer, acker, checkpoint),
 * which a loaded host distorts far less than throughput. Durability OS, one appending thread.
 *
 * <p>Run: {@code java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.AuditCheckpointCost 200000 on}
 * (and {@code off}); see docs/benchmarks.md, "Signed checkpoints on".
 */
public final class AuditCheckpointCost {
    private AuditCheckpointCost() {}

    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        boolean cp = a[1].equals("on");
        Path dir = Files.createTempDirectory("cpcost");
        AuditLogConfig cfg = AuditLogConfig.defaults(dir).withDurability(Durability.OS);
        if (cp) cfg = cfg.withCheckpoints(CheckpointConfig.defaults(dir.resolve("k.key")));
        ObjectMapper m = new ObjectMapper();
        var req = m.readTree(
                "{\"model\":\"gpt-4o-mini\",\"messages\":3,\"last_user_message\":\"What is the weather in Paris tomorrow?\"}");
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        try (AuditLog log = AuditLog.open(cfg, AuditRedactor.standard(), Clock.systemUTC())) {
            appendSome(log, req, 20_000); // warm-up
            long c0 = t.getCurrentThreadCpuTime();
            Map<String, Long> before = threads(t);
            appendSome(log, req, n);
            if (log.checkpointPublicKey().isPresent()) {
                log.checkpoint();
            }
            long caller = t.getCurrentThreadCpuTime() - c0;
            Map<String, Long> after = threads(t);
            System.out.printf("checkpoints=%s records=%d caller %.2f us/record", a[1], n, caller / 1e3 / n);
            for (String name : after.keySet()) {
                if (name.startsWith("lukhas-audit"))
                    System.out.printf(
                            ", %s %.2f us/record", name, (after.get(name) - before.getOrDefault(name, 0L)) / 1e3 / n);
            }
            System.out.printf(", signed %d%n", log.stats().checkpoints());
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    private static void appendSome(AuditLog log, com.fasterxml.jackson.databind.JsonNode req, int n) {
        for (int i = 0; i < n; i++) {
            log.append(log.newBundle()
                    .tenant("acme")
                    .session("s-" + (i % 50))
                    .request(req)
                    .outcome("ok")
                    .build());
        }
    }

    private static Map<String, Long> threads(ThreadMXBean t) {
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo i : t.getThreadInfo(t.getAllThreadIds()))
            if (i != null) out.put(i.getThreadName(), t.getThreadCpuTime(i.getThreadId()));
        return out;
    }
}
