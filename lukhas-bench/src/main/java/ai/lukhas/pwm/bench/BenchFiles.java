package ai.lukhas.pwm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary directories benchmarks and the load harness create, and their removal. */
public final class BenchFiles {
    private BenchFiles() {}

    /**
     * A new temporary directory for a benchmark that writes an audit log: below {@code
     * -Daudit.bench.dir} (the disk whose fsync is to be measured), else below the system temp directory.
     *
     * <pre>{@code
     * Path dir = BenchFiles.auditDirectory("audit-bench");
     * }</pre>
     */
    public static Path auditDirectory(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("audit.bench.dir", System.getProperty("java.io.tmpdir")));
        return Files.createTempDirectory(base, prefix);
    }

    /**
     * Deletes {@code dir} and everything below it (deepest first); a missing directory is fine.
     *
     * <pre>{@code
     * BenchFiles.deleteTree(Files.createTempDirectory("audit-bench"));
     * }</pre>
     *
     * @throws UncheckedIOException if something could not be deleted
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
