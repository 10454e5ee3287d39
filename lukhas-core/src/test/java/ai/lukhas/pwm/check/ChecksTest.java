package ai.lukhas.pwm.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChecksTest {
    @Test
    void aWholeNumberRangeIncludesBothEndsAndNamesTheFieldOutsideThem() {
        assertThat(Checks.inRange(1, 1, 32, "max_steps")).isEqualTo(1);
        assertThat(Checks.inRange(32, 1, 32, "max_steps")).isEqualTo(32);
        assertThatThrownBy(() -> Checks.inRange(0, 1, 32, "max_steps"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max_steps must be in [1, 32], but was 0");
        assertThatThrownBy(() -> Checks.inRange(33, 1, 32, "max_steps"))
                .hasMessage("max_steps must be in [1, 32], but was 33");
        assertThatThrownBy(() -> Checks.inRange(64L << 21, 1024, 64L << 20, "max_request_bytes"))
                .hasMessage("max_request_bytes must be in [1024, 67108864], but was 134217728");
    }

    @Test
    void notBlankAndListOfNameTheFieldOfANullAsRequireNonNullDid() {
        assertThatThrownBy(() -> Checks.notBlank(null, "model"))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("model must not be null");
        assertThatThrownBy(() -> Checks.notBlank(" ", "model"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("model must not be blank, but was \" \"");
        assertThat(Checks.notBlank("m", "model")).isEqualTo("m");
        assertThatThrownBy(() -> Checks.listOf(null, "messages"))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("messages must not be null");
        assertThat(Checks.listOf(new ArrayList<>(List.of("a")), "messages")).containsExactly("a");
    }

    @Test
    void notNegativeTakesZeroAndNamesTheFieldBelowIt() {
        assertThat(Checks.notNegative(0, "version")).isZero();
        assertThat(Checks.notNegative(7, "version")).isEqualTo(7);
        assertThatThrownBy(() -> Checks.notNegative(-1, "version"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version must be >= 0, but was -1");
    }

    @Test
    void nonNullPassesPresentValuesAndNamesTheFirstNullOne() {
        Checks.nonNull("bundle, prevHash, hash", "b", "p", "h");
        assertThatThrownBy(() -> Checks.nonNull("bundle, prevHash, hash", "b", null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("prevHash must not be null");
        assertThatThrownBy(() -> Checks.nonNull("bundle, prevHash, hash", "b", "p", null))
                .hasMessage("hash must not be null");
        assertThatThrownBy(() -> Checks.nonNull("bundle, prevHash", "b", "p", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value 2 is null, but \"bundle, prevHash\" names only 2 values");
    }

    private static final Pattern NON_NULL_CALL = Pattern.compile("Checks\\.nonNull\\(\\s*\"([^\"]*)\",([^;]*)\\);");

    /** A name out of step with its value would blame the wrong component; every call in the sources names its own. */
    @Test
    void everyNonNullCallInTheSourcesNamesItsValuesInOrder() throws IOException {
        List<String> calls = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of("").toAbsolutePath().getParent())) {
            for (Path sources : modules.map(m -> m.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                        Matcher m = NON_NULL_CALL.matcher(read(f));
                        while (m.find()) {
                            List<String> values = Stream.of(m.group(2).split(","))
                                    .map(String::strip)
                                    .toList();
                            assertThat(List.of(m.group(1).split(", ")))
                                    .as("%s: %s", f.getFileName(), m.group())
                                    .isEqualTo(values);
                            calls.add(m.group());
                        }
                    });
                }
            }
        }
        assertThat(calls).hasSizeGreaterThan(50);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
