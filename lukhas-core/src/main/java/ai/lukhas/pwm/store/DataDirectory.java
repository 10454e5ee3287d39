package ai.lukhas.pwm.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The directory that holds everything a LUKHAS PWM process stores: the SQLite database and, by
 * default, the audit segments. {@code serve} and every CLI command share it (default {@code ./.lukhas}).
 *
 * <pre>{@code DataDirectory dir = DataDirectory.of(Path.of(".lukhas")); dir.database(); // .lukhas/lukhas.db}</pre>
 */
public record DataDirectory(Path root) {
    /** The default, {@code ./.lukhas}, relative to the working directory. */
    public static final Path DEFAULT = Path.of(".lukhas");

    public DataDirectory {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    public static DataDirectory of(Path root) {
        return new DataDirectory(root);
    }

    /** The embedded SQLite database file. */
    public Path database() {
        return root.resolve("lukhas.db");
    }

    /** The default audit directory (overridable by {@code LUKHAS_AUDIT_DIR}). */
    public Path auditDirectory() {
        return root.resolve("audit");
    }
}
