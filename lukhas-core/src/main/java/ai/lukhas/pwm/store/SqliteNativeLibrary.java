package ai.lukhas.pwm.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library, extracted once per driver version into {@code native/} next to the
 * database and loaded from there, instead of being extracted to {@code java.io.tmpdir} under a new
 * random name at every start (sqlite-jdbc then re-reads the jar twice and compares the 1 MB copy byte by
 * byte: a visible share of a start, docs/benchmarks.md).
 *
 * <p>The file is written to a temporary name in the same directory, forced to disk and renamed into
 * place atomically, so two processes starting at once each see either no file or a complete one (both
 * write the same bytes; the last rename wins). The directory is the owner's only ({@code rwx------}), and
 * a directory or file others could write is not used: sqlite-jdbc then extracts as it always did. The
 * driver is told where the library is through its own system properties, {@code org.sqlite.lib.path}
 * and {@code org.sqlite.lib.name} (and {@code org.sqlite.tmpdir}, where it would otherwise clean up and
 * extract), unless the operator set them: they are per process, like the loaded library itself.
 */
final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    static final String LIB_PATH = "org.sqlite.lib.path";
    static final String LIB_NAME = "org.sqlite.lib.name";
    static final String TMP_DIR = "org.sqlite.tmpdir";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_READ_EXEC = PosixFilePermissions.fromString("r-x------");

    /**
     * sqlite-jdbc's resource folder for this platform ({@code /org/sqlite/native/Linux/x86_64}): the
     * driver works it out by reading {@code /proc} and running {@code uname -o} (~25 ms of the main
     * thread's start, docs/benchmarks.md "Start-up, round 7"), so it is looked up at most once per
     * process, possibly ahead on another thread ({@link #lookUpPlatformAhead}).
     */
    private static final FutureTask<String> PLATFORM_FOLDER =
            new FutureTask<>(LibraryLoaderUtil::getNativeLibResourcePath);

    /** Whether this process has already pointed the driver somewhere: the library is loaded once per process. */
    private static boolean prepared;

    private SqliteNativeLibrary() {}

    /**
     * Points sqlite-jdbc at the library in {@code directory/native/}, extracting it there first if this
     * driver version's file is not there yet. Once per process; does nothing when the operator set
     * {@code org.sqlite.lib.path}, and on any failure leaves the driver to extract as it always did
     * (logged at debug: the database works either way).
     */
    static synchronized void prepare(Path directory) {
        if (prepared) {
            return;
        }
        prepared = true;
        if (System.getProperty(LIB_PATH) != null) {
            return;
        }
        try {
            Optional<Path> lib = extract(directory.resolve("native"));
            if (lib.isPresent()) {
                System.setProperty(LIB_PATH, lib.get().getParent().toString());
                System.setProperty(LIB_NAME, lib.get().getFileName().toString());
                if (System.getProperty(TMP_DIR) == null) {
                    System.setProperty(TMP_DIR, lib.get().getParent().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug(
                    "sqlite native library not cached in {}: {}; sqlite-jdbc extracts it itself",
                    directory,
                    e.toString());
        }
    }

    /**
     * The driver's native library for this platform as a file under {@code root}, named by driver
     * version and platform, written there if missing; empty when the driver has no library for this
     * platform in its jar or {@code root} is writable by others.
     */
    static Optional<Path> extract(Path root) throws IOException {
        String folder = platformFolder(); // "/org/sqlite/native/Linux/x86_64"
        String resource = folder + "/" + LibraryLoaderUtil.getNativeLibName();
        String platform = folder.substring(folder.lastIndexOf("/native/") + "/native/".length())
                .replace('/', '-');
        Path dir = root.resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + platform);
        Path lib = dir.resolve(LibraryLoaderUtil.getNativeLibName());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (Files.isRegularFile(lib)) {
            return safe(posix, root, dir, lib) ? Optional.of(lib) : Optional.empty();
        }
        createOwnerOnly(posix, root);
        createOwnerOnly(posix, dir);
        if (!safe(posix, root, dir)) {
            return Optional.empty();
        }
        Path tmp = Files.createTempFile(dir, "lib", ".tmp");
        try {
            try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return Optional.empty();
                }
                try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                    in.transferTo(out);
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, OWNER_READ_EXEC);
            }
            try {
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return Optional.empty();
            }
            return Optional.of(lib);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Looks the platform's resource folder up now, on the calling thread, unless another thread already is or did. */
    static void lookUpPlatformAhead() {
        PLATFORM_FOLDER.run();
    }

    private static String platformFolder() throws IOException {
        PLATFORM_FOLDER.run(); // a no-op when it ran or is running: get() then waits for that run
        try {
            return PLATFORM_FOLDER.get();
        } catch (ExecutionException e) {
            throw new IOException("sqlite-jdbc could not name this platform: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sqlite-jdbc named this platform", e);
        }
    }

    private static void createOwnerOnly(boolean posix, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another process created it first: checked like any existing directory
        }
    }

    /**
     * Each of {@code paths} must belong to this process's user and be writable by nobody else: code is
     * loaded from there.
     */
    private static boolean safe(boolean posix, Path... paths) throws IOException {
        if (!posix) {
            return true;
        }
        String user = System.getProperty("user.name");
        for (Path p : paths) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE)
                    || !Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName().equals(user)) {
                LOG.debug("{} is not this user's alone: the sqlite native library is not loaded from there", p);
                return false;
            }
        }
        return true;
    }
}
