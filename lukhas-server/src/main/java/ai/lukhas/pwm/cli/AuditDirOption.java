package ai.lukhas.pwm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the audit log is, for every command that reads it ({@code audit ...}, {@code feedback add}):
 * {@code --dir}/{@code --audit-dir}, else {@code $LUKHAS_AUDIT_DIR}, else {@code <data-dir>/audit} (the
 * directory {@code serve} writes with the same settings). Carries {@code --data-dir} too.
 */
final class AuditDirOption {
    @Mixin
    DataDirOption dataDir;

    @Option(
            names = {"--dir", "--audit-dir"},
            paramLabel = "DIR",
            description = "Audit directory (default: $LUKHAS_AUDIT_DIR, else <data-dir>/audit).")
    Path dir;

    /** The audit directory; a clear error naming the three ways to give it when it does not exist. */
    Path resolve() {
        Path d = dir != null
                ? dir
                : Optional.ofNullable(System.getenv("LUKHAS_AUDIT_DIR"))
                        .filter(s -> !s.isBlank())
                        .map(Path::of)
                        .orElseGet(() -> dataDir.dataDirectory().auditDirectory());
        if (!Files.isDirectory(d)) {
            throw CliException.badInput("no audit directory at " + d.toAbsolutePath()
                    + " (give --dir, set LUKHAS_AUDIT_DIR, or --data-dir)");
        }
        return d;
    }
}
