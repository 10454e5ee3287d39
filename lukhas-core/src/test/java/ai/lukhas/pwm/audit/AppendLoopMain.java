package ai.lukhas.pwm.audit;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Child process of {@link CrashSafetyTest}: appends bundles from several threads until killed and
 * prints each audit_id on stdout only after {@code append} has returned (the acknowledgement).
 *
 * <p>Arguments: audit directory, number of threads, segment size in bytes, checkpoint key file (a
 * checkpoint every 100 records).
 */
public final class AppendLoopMain {
    private AppendLoopMain() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        long segmentBytes = Long.parseLong(args[2]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        AuditLog log = AuditLog.open(
                AuditLogConfig.defaults(dir)
                        .withSegmentMaxBytes(segmentBytes)
                        .withCheckpoints(
                                CheckpointConfig.defaults(Path.of(args[3])).withEveryRecords(100)),
                AuditRedactor.standard(),
                Clock.systemUTC());
        synchronized (out) {
            out.println("READY " + log.startupReport().records());
            out.flush();
        }
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (int i = 0; ; i++) {
                    String id = log.append(Fixtures.bundle(log, "t" + thread, "ok", i))
                            .auditId();
                    synchronized (out) {
                        out.println("ACK " + id);
                        out.flush();
                    }
                }
            });
            w.start();
        }
    }
}
