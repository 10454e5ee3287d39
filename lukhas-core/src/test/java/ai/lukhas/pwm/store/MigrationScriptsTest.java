package ai.lukhas.pwm.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.StringResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Listing and checksumming migration scripts without Flyway: the same answers Flyway would give, or none. */
class MigrationScriptsTest {
    private static final String LOCATION = "ai/lukhas/pwm/x/db/sqlite";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "CREATE TABLE t (id INTEGER);\n",
                "CREATE TABLE t (id INTEGER);",
                "\uFEFFCREATE TABLE t (id INTEGER);\r\n-- note\r\n",
                "a\rb\n\nc\r\n\r\n",
                "-- façade, naïve, 日本\nSELECT 1;\n",
                "",
                "\n\n"
            })
    void checksumIsFlywaysForEveryLineEndingAndBom(String script) throws IOException {
        int ours = MigrationScripts.checksum(new BufferedReader(new StringReader(script)));
        assertThat(ours).isEqualTo(ChecksumCalculator.calculate(new StringResource(script)));
    }

    private static final Map<String, String> SCRIPTS = new LinkedHashMap<>(Map.of(
            "V1__first.sql", "CREATE TABLE a (id INTEGER);\n",
            "V2__second.sql", "\uFEFFALTER TABLE a ADD COLUMN b TEXT;\r\n"));

    private Path jar(Map<String, String> files) throws IOException {
        Path jar = dir.resolve("m" + files.hashCode() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry(LOCATION + "/"));
            for (Map.Entry<String, String> f : files.entrySet()) {
                j.putNextEntry(new JarEntry(LOCATION + "/" + f.getKey()));
                j.write(f.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private Path directory(Map<String, String> files) throws IOException {
        Path root = dir.resolve("classes" + files.hashCode());
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(LOCATION).resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return root;
    }

    private static List<MigrationScripts.Script> list(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            return new MigrationScripts(loader).list(LOCATION).orElse(List.of());
        }
    }

    private static List<MigrationScripts.Script> expected(Map<String, String> files) {
        return files.entrySet().stream()
                .map(f -> new MigrationScripts.Script(
                        f.getKey(), ChecksumCalculator.calculate(new StringResource(f.getValue()))))
                .toList();
    }

    @Test
    void listsTheVersionedScriptsOfAJarWithFlywaysChecksums() throws IOException {
        assertThat(list(jar(SCRIPTS))).containsExactlyInAnyOrderElementsOf(expected(SCRIPTS));
    }

    @Test
    void listsTheVersionedScriptsOfADirectory() throws IOException {
        assertThat(list(directory(SCRIPTS))).containsExactlyInAnyOrderElementsOf(expected(SCRIPTS));
    }

    @Test
    void joinsEveryClasspathRootThatHasTheLocation() throws IOException {
        Map<String, String> more = Map.of("V3__third.sql", "SELECT 3;\n");
        Map<String, String> all = new LinkedHashMap<>(SCRIPTS);
        all.putAll(more);
        assertThat(list(jar(SCRIPTS), directory(more))).containsExactlyInAnyOrderElementsOf(expected(all));
    }

    /** Whatever Flyway would treat differently from a plain versioned script leaves the decision to Flyway. */
    @ParameterizedTest
    @ValueSource(strings = {"R__view.sql", "beforeMigrate.sql", "V3__x.sql.conf", "sub/V3__deeper.sql", "U2__undo.sql"})
    void anythingButPlainVersionedScriptsMakesTheListingUntrusted(String extra) throws IOException {
        Map<String, String> files = new LinkedHashMap<>(SCRIPTS);
        files.put(extra, "SELECT 1;\n");
        assertThat(list(jar(files))).isEmpty();
        assertThat(list(directory(files))).isEmpty();
    }

    @Test
    void aLocationThatIsNotThereListsNothing() throws IOException {
        assertThat(list(jar(Map.of()))).isEmpty();
    }
}
