package ai.lukhas.pwm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * sqlite-jdbc's native library is extracted once into the data directory and loaded from there, not
 * copied to {@code java.io.tmpdir} at every start.
 */
class SqliteNativeLibraryTest {
    @TempDir
    Path dir;

    private static byte[] libraryInTheJar() throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    @Test
    void extractsOnceAndThenReusesTheSameFile() throws IOException {
        Path lib = SqliteNativeLibrary.extract(dir).orElseThrow();
        assertThat(lib).startsWith(dir);
        assertThat(lib.getParent().getFileName().toString()).startsWith("sqlite-jdbc-");
        assertThat(Files.readAllBytes(lib)).isEqualTo(libraryInTheJar());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib.getParent())))
                .isEqualTo("rwx------");
        BasicFileAttributes first = Files.readAttributes(lib, BasicFileAttributes.class);

        Path again = SqliteNativeLibrary.extract(dir).orElseThrow();

        BasicFileAttributes second = Files.readAttributes(again, BasicFileAttributes.class);
        assertThat(again).isEqualTo(lib);
        assertThat(second.fileKey()).isEqualTo(first.fileKey()); // the same inode: not written again
        assertThat(second.lastModifiedTime()).isEqualTo(first.lastModifiedTime());
    }

    @Test
    void processesStartingAtOnceEachGetACompleteLibrary() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<Path>>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return SqliteNativeLibrary.extract(dir);
                }));
            }
            go.countDown();
            byte[] expected = libraryInTheJar();
            Path lib = all.get(0).get(30, TimeUnit.SECONDS).orElseThrow();
            for (Future<Optional<Path>> f : all) {
                assertThat(f.get(30, TimeUnit.SECONDS)).contains(lib);
            }
            assertThat(Files.readAllBytes(lib)).isEqualTo(expected);
            try (Stream<Path> files = Files.list(lib.getParent())) {
                assertThat(files).containsExactly(lib); // no temporary file left behind
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws IOException {
        Path lib = SqliteNativeLibrary.extract(dir).orElseThrow();
        Files.setPosixFilePermissions(lib.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(SqliteNativeLibrary.extract(dir)).isEmpty();
        Files.setPosixFilePermissions(lib.getParent(), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(SqliteNativeLibrary.extract(dir)).isEmpty();
    }

    /**
     * A fresh JVM (the library is loaded once per process) opens a database twice: the library it maps is
     * the one in the data directory, and nothing is extracted to its {@code java.io.tmpdir}.
     */
    @Test
    void aProcessLoadsTheLibraryFromTheDataDirectoryAndNothingFromTmp() throws Exception {
        Path data = dir.resolve("data");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Object firstInode = null;
        for (int run = 0; run < 2; run++) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "--enable-native-access=ALL-UNNAMED",
                            "-Djava.io.tmpdir=" + tmp,
                            "-cp",
                            System.getProperty("java.class.path"),
                            Probe.class.getName(),
                            data.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).as(out).contains("mapped " + data.resolve("native").toRealPath());
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("extracted to java.io.tmpdir")
                        .noneMatch(name -> name.contains("sqlite"));
            }
            Path lib = Path.of(out.lines()
                    .filter(l -> l.startsWith("mapped "))
                    .findFirst()
                    .orElseThrow()
                    .substring("mapped ".length()));
            Object inode = Files.readAttributes(lib, BasicFileAttributes.class).fileKey();
            if (run == 0) {
                firstInode = inode;
            } else {
                assertThat(inode).as("the second process extracted again").isEqualTo(firstInode);
            }
        }
    }

    /** Opens a database in {@code args[0]}, queries it, and prints which sqlite-jdbc library the process mapped. */
    public static final class Probe {
        public static void main(String[] args) throws IOException {
            try (Database db = Database.sqlite(Path.of(args[0]).resolve("lukhas.db"))) {
                db.transaction(c -> {
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT sqlite_version()")) {
                        return rs.next();
                    }
                });
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("sqlitejdbc")) {
                    System.out.println("mapped " + line.substring(line.indexOf('/')));
                }
            }
        }
    }
}
