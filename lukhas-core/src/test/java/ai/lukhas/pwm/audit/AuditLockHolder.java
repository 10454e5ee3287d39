package ai.lukhas.pwm.audit;

import java.nio.file.Path;

/**
 * A second process for {@link AuditLogTest}: opens the audit directory given as the only argument,
 * prints {@code open} and holds it until its standard input closes.
 */
final class AuditLockHolder {
    private AuditLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (AuditLog log = Fixtures.open(Path.of(args[0]))) {
            System.out.println("open " + log.stats().records());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the directory until the parent closes our stdin
            }
        }
    }
}
