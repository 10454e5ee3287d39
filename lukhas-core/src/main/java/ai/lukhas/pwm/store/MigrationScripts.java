package ai.lukhas.pwm.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The versioned SQL scripts of migration locations on the classpath, listed and checksummed without
 * Flyway, so that a start on a database that already has every script can skip Flyway (whose set-up and
 * classpath scan, once per component, was a third of opening the gateway: docs/benchmarks.md).
 *
 * <p>Conservative by construction: whenever the listing cannot be trusted to be what Flyway would find
 * (a URL scheme other than {@code file:} or {@code jar:}, a file that is not a plain versioned script such
 * as a callback, a repeatable or a script configuration file), {@link #list} answers empty and the
 * caller runs Flyway. The checksum is Flyway's: CRC-32 over the UTF-8 bytes of each line without its
 * terminator, a leading byte-order mark removed ({@code ChecksumCalculator}, Flyway 13).
 *
 * <p>One instance lists each jar's entries once (a jar holds every component's location); not thread-safe,
 * used under the owning {@link Database}'s lock.
 */
final class MigrationScripts {
    /** A plain versioned migration, as Flyway names it: {@code V<version>__<description>.sql}. */
    private static final Pattern VERSIONED = Pattern.compile("V[0-9][0-9._]*__[^/]+\\.sql");

    /** A script and its Flyway checksum. */
    record Script(String name, int checksum) {}

    private final ClassLoader loader;
    /** The {@code .sql} entry names of each jar seen, read once. */
    private final Map<Path, List<String>> jarScripts = new HashMap<>();

    MigrationScripts(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The scripts under {@code location} (a classpath directory such as {@code ai/lukhas/pwm/feedback/db/sqlite})
     * in every classpath root that has it, or empty when the listing cannot stand for what Flyway would
     * resolve (see the class comment). An existing location without scripts also answers empty: Flyway
     * decides what that means.
     */
    Optional<List<Script>> list(String location) {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(location))) {
                Optional<List<String>> found =
                        switch (url.getProtocol()) {
                            case "file" -> directory(Path.of(url.toURI()));
                            case "jar" -> jar(url, location);
                            default -> Optional.empty();
                        };
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                names.addAll(found.get());
            }
            if (names.isEmpty() || names.stream().distinct().count() != names.size()) {
                return Optional.empty();
            }
            List<Script> scripts = new ArrayList<>(names.size());
            for (String name : names) {
                if (!VERSIONED.matcher(name).matches()) {
                    return Optional.empty();
                }
                scripts.add(new Script(name, checksum(location + "/" + name)));
            }
            return Optional.of(List.copyOf(scripts));
        } catch (IOException | URISyntaxException | UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Every file under the directory, as a path relative to it; empty when there is a subdirectory. */
    private static Optional<List<String>> directory(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f)) {
                    return Optional.empty();
                }
                names.add(f.getFileName().toString());
            }
        }
        return Optional.of(names);
    }

    /** Every entry under {@code location} in the jar {@code url} points into. */
    private Optional<List<String>> jar(URL url, String location) throws IOException, URISyntaxException {
        if (!(url.openConnection() instanceof JarURLConnection connection)
                || !"file".equals(connection.getJarFileURL().getProtocol())) {
            return Optional.empty();
        }
        Path jar = Path.of(connection.getJarFileURL().toURI());
        List<String> all = jarScripts.get(jar);
        if (all == null) {
            all = OwnJar.entriesIfSame(jar).orElse(null);
            if (all == null) {
                all = scriptEntries(jar);
            }
            jarScripts.put(jar, all);
        }
        String prefix = location + "/";
        List<String> names = new ArrayList<>();
        for (String name : all) {
            if (name.startsWith(prefix)) {
                String relative = name.substring(prefix.length());
                if (relative.contains("/")) {
                    return Optional.empty(); // a subdirectory: Flyway would scan it too
                }
                names.add(relative);
            }
        }
        return Optional.of(names);
    }

    /**
     * Every entry under a {@code db/} directory of the jar: a non-script under a migration location makes
     * the listing untrusted. Read once per jar: it holds every component's location.
     */
    static List<String> scriptEntries(Path jar) throws IOException {
        List<String> all = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (JarEntry e : (Iterable<JarEntry>) file.stream()::iterator) {
                String name = e.getName();
                if (name.contains("/db/") && !name.endsWith("/")) {
                    all.add(name);
                }
            }
        }
        return List.copyOf(all);
    }

    /**
     * The {@link #scriptEntries} of the jar this class was loaded from, read at most once per process and
     * possibly ahead, on another thread ({@link #readOwnJarAhead}): the pass over the application jar's
     * ~14,500 entries was ~45 ms of the main thread's start (docs/benchmarks.md, "Start-up, round 7"). A
     * jar cannot change under a running process's class loader, so one reading stands for the process.
     */
    static final class OwnJar {
        private static final FutureTask<Optional<Entries>> READ = new FutureTask<>(OwnJar::read);

        record Entries(Path jar, List<String> names) {}

        private OwnJar() {}

        /** Reads the jar's entries now on the calling thread, unless another thread already is or did. */
        static void readAhead() {
            READ.run();
        }

        /** The entries when {@code jar} is this class's jar and it could be read; empty otherwise. */
        static Optional<List<String>> entriesIfSame(Path jar) {
            READ.run(); // a no-op when it ran or is running: get() then waits for that run
            try {
                return READ.get().filter(e -> e.jar().equals(jar)).map(Entries::names);
            } catch (ExecutionException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        private static Optional<Entries> read() throws IOException, URISyntaxException {
            var source = MigrationScripts.class.getProtectionDomain().getCodeSource();
            if (source == null
                    || source.getLocation() == null
                    || !"file".equals(source.getLocation().getProtocol())) {
                return Optional.empty();
            }
            Path jar = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return Optional.empty(); // classes from a directory (tests, an IDE): listed per location
            }
            return Optional.of(new Entries(jar, scriptEntries(jar)));
        }
    }

    /** Flyway's checksum of a script: CRC-32 of each line's UTF-8 bytes, without terminators or a BOM. */
    private int checksum(String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("not on the classpath: " + resource);
            }
            return checksum(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        }
    }

    static int checksum(BufferedReader reader) throws IOException {
        CRC32 crc = new CRC32();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String text = !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
            crc.update(text.getBytes(StandardCharsets.UTF_8));
        }
        return (int) crc.getValue();
    }
}
