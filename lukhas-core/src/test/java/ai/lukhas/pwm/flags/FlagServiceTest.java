package ai.lukhas.pwm.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@SuppressWarnings("try") // scoped overrides are held for their effect, not referenced
class FlagServiceTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private Path file() {
        return dir.resolve("lukhas_flags.yaml");
    }

    private FlagService service() {
        return FlagService.create(FlagRegistry.standard(), Optional.of(file()), () -> env, clock);
    }

    private void writeFile(String yaml) throws IOException {
        Files.writeString(file(), yaml);
    }

    @Test
    void precedenceIsOverrideThenEnvironmentThenFileThenDefault() throws IOException {
        writeFile("BROWSER_TOOL: true\nCODE_EXEC_TOOL: true\nDNA_CUTOVER_READ_FROM: dna\n");
        env.put("LUKHAS_FLAG_CODE_EXEC_TOOL", "off");
        env.put("LUKHAS_FLAG_STRICT_DEFAULT", "yes");
        FlagService flags = service();

        assertThat(flags.resolve("BROWSER_TOOL").orElseThrow())
                .extracting(ResolvedFlag::value, ResolvedFlag::source, ResolvedFlag::origin)
                .containsExactly("true", FlagSource.FILE, file().toString());
        assertThat(flags.resolve("CODE_EXEC_TOOL").orElseThrow())
                .extracting(ResolvedFlag::value, ResolvedFlag::source, ResolvedFlag::origin)
                .containsExactly("false", FlagSource.ENVIRONMENT, "LUKHAS_FLAG_CODE_EXEC_TOOL");
        assertThat(flags.resolve("STRICT_DEFAULT").orElseThrow().source()).isEqualTo(FlagSource.ENVIRONMENT);
        assertThat(flags.resolve("DNA_ENCRYPT_PERSONAL").orElseThrow())
                .extracting(ResolvedFlag::value, ResolvedFlag::source)
                .containsExactly("true", FlagSource.DEFAULT);
        assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("dna");

        try (FlagOverride o = flags.override("CODE_EXEC_TOOL", true)) {
            assertThat(flags.resolve("CODE_EXEC_TOOL").orElseThrow().source()).isEqualTo(FlagSource.OVERRIDE);
            assertThat(flags.isEnabled("CODE_EXEC_TOOL", false)).isTrue();
        }
        assertThat(flags.isEnabled("CODE_EXEC_TOOL", true)).isFalse();
        assertThat(flags.errors()).isEmpty();
    }

    @Test
    void legacyVariableIsAcceptedButTheLukhasPrefixWins() {
        env.put("FLAG_BROWSER_TOOL", "1");
        env.put("FLAG_DNA_ENCRYPT_PERSONAL", "1");
        env.put("LUKHAS_FLAG_DNA_ENCRYPT_PERSONAL", "0");
        FlagService flags = service();

        assertThat(flags.resolve("BROWSER_TOOL").orElseThrow().origin()).isEqualTo("FLAG_BROWSER_TOOL");
        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue();
        assertThat(flags.isEnabled("DNA_ENCRYPT_PERSONAL", true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "TRUE", "Yes", "on", " On "})
    void trueSpellings(String raw) {
        env.put("LUKHAS_FLAG_BROWSER_TOOL", raw);
        assertThat(service().isEnabled("BROWSER_TOOL", false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "false", "False", "NO", "off"})
    void falseSpellings(String raw) {
        env.put("LUKHAS_FLAG_DNA_ENCRYPT_PERSONAL", raw);
        assertThat(service().isEnabled("DNA_ENCRYPT_PERSONAL", true)).isFalse();
    }

    @Test
    void malformedEnvironmentValueIsReportedAndDoesNotBecomeFalse() throws IOException {
        writeFile("BROWSER_TOOL: true\n");
        env.put("LUKHAS_FLAG_DNA_ENCRYPT_PERSONAL", "maybe");
        env.put("LUKHAS_FLAG_BROWSER_TOOL", "nope!");
        FlagService flags = service();

        assertThat(flags.isEnabled("DNA_ENCRYPT_PERSONAL", false)).isTrue(); // the registered default, not false
        assertThat(flags.resolve("BROWSER_TOOL").orElseThrow().source()).isEqualTo(FlagSource.FILE);
        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue();
        assertThat(flags.errors())
                .extracting(FlagConfigurationError::describe)
                .containsExactlyInAnyOrder(
                        "LUKHAS_FLAG_DNA_ENCRYPT_PERSONAL: flag DNA_ENCRYPT_PERSONAL has value 'maybe'"
                                + " - expected one of 1/true/yes/on or 0/false/no/off",
                        "LUKHAS_FLAG_BROWSER_TOOL: flag BROWSER_TOOL has value 'nope!'"
                                + " - expected one of 1/true/yes/on or 0/false/no/off");
    }

    @Test
    void malformedFileEntriesAreReportedWithTheFileAndTheValue() throws IOException {
        writeFile(
                "BROWSER_TOOL: sometimes\nDNA_CUTOVER_READ_FROM: postgres\nNO_SUCH_FLAG: true\nSTRICT_DEFAULT: [1]\n");
        FlagService flags = service();

        assertThat(flags.isEnabled("BROWSER_TOOL", true)).isFalse(); // registered default false
        assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("legacy");
        assertThat(flags.errors())
                .allSatisfy(e -> assertThat(e.origin()).isEqualTo(file().toString()))
                .extracting(FlagConfigurationError::flag, FlagConfigurationError::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("BROWSER_TOOL", "sometimes"),
                        org.assertj.core.groups.Tuple.tuple("DNA_CUTOVER_READ_FROM", "postgres"),
                        org.assertj.core.groups.Tuple.tuple("NO_SUCH_FLAG", "true"),
                        org.assertj.core.groups.Tuple.tuple("STRICT_DEFAULT", "[1]"));
        assertThat(flags.errors())
                .filteredOn(e -> e.flag().equals("DNA_CUTOVER_READ_FROM"))
                .singleElement()
                .extracting(FlagConfigurationError::problem)
                .isEqualTo("expected one of legacy/dna");
    }

    @Test
    void invalidYamlIsOneErrorAndEveryFlagKeepsItsOtherSources() throws IOException {
        writeFile("BROWSER_TOOL: [unclosed\n");
        env.put("LUKHAS_FLAG_CODE_EXEC_TOOL", "on");
        FlagService flags = service();

        assertThat(flags.isEnabled("CODE_EXEC_TOOL", false)).isTrue();
        assertThat(flags.errors()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo(FlagSource.FILE);
            assertThat(e.problem()).startsWith("not valid YAML");
        });
    }

    @Test
    void unknownLukhasVariableIsReported() {
        env.put("LUKHAS_FLAG_BROWSR_TOOL", "on");
        assertThat(service().errors()).singleElement().satisfies(e -> assertThat(e.describe())
                .startsWith("LUKHAS_FLAG_BROWSR_TOOL: flag BROWSR_TOOL has value 'on' - unknown flag")
                .contains("BROWSER_TOOL"));
    }

    @Test
    void environmentAndFileAreReReadOnlyAfterFiveSecondsOfTheInjectedClock() throws IOException {
        writeFile("BROWSER_TOOL: false\n");
        FlagService flags = service();
        assertThat(flags.isEnabled("BROWSER_TOOL", true)).isFalse();

        writeFile("BROWSER_TOOL: true\n");
        env.put("LUKHAS_FLAG_DNA_CUTOVER_READ_FROM", "DNA");
        clock.advance(Duration.ofMillis(4_999));
        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isFalse();
        assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("legacy");

        clock.advance(Duration.ofMillis(1));
        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue();
        assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("dna");

        Files.delete(file());
        clock.advance(Duration.ofSeconds(3));
        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue(); // still the cached read
        clock.advance(Duration.ofSeconds(2));
        assertThat(flags.resolve("BROWSER_TOOL").orElseThrow().source()).isEqualTo(FlagSource.DEFAULT);
    }

    @Test
    void overridesTakeEffectAtOnceWithoutWaitingForTheRefresh() {
        FlagService flags = service();
        try (FlagOverride o = flags.override("BROWSER_TOOL", "yes")) {
            assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue();
        }
        assertThat(flags.isEnabled("BROWSER_TOOL", true)).isFalse();
    }

    @Test
    void clearingAnOverrideFallsBackToTheNextSourceAndUnknownNamesAreRefused() {
        FlagService flags = service();
        flags.override("BROWSER_TOOL", true);
        assertThat(flags.clearOverride("BROWSER_TOOL")).contains("true");
        assertThat(flags.resolve("BROWSER_TOOL").orElseThrow().source()).isNotEqualTo(FlagSource.OVERRIDE);
        assertThat(flags.clearOverride("BROWSER_TOOL")).isEmpty();
        assertThatThrownBy(() -> flags.clearOverride("NO_SUCH_FLAG"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BROWSER_TOOL");
    }

    @Test
    void scopedOverridesNestAndRestoreExactlyThePreviousState() {
        FlagService flags = service();
        FlagOverride outer = flags.override("DNA_CUTOVER_READ_FROM", "dna");
        try (FlagOverride inner = flags.override("DNA_CUTOVER_READ_FROM", "legacy");
                FlagOverride other = flags.override("BROWSER_TOOL", true)) {
            assertThat(flags.resolve("DNA_CUTOVER_READ_FROM").orElseThrow())
                    .extracting(ResolvedFlag::value, ResolvedFlag::source)
                    .containsExactly("legacy", FlagSource.OVERRIDE);
            assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue();
        }
        assertThat(flags.resolve("DNA_CUTOVER_READ_FROM").orElseThrow())
                .extracting(ResolvedFlag::value, ResolvedFlag::source)
                .containsExactly("dna", FlagSource.OVERRIDE);
        assertThat(flags.resolve("BROWSER_TOOL").orElseThrow().source()).isEqualTo(FlagSource.DEFAULT);

        outer.close();
        assertThat(flags.resolve("DNA_CUTOVER_READ_FROM").orElseThrow().source())
                .isEqualTo(FlagSource.DEFAULT);
        try (FlagOverride later = flags.override("DNA_CUTOVER_READ_FROM", "dna")) {
            outer.close(); // closing twice must not undo an override made after the first close
            assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("dna");
        }
    }

    @Test
    void badOverridesAreRejectedWithTheFlagAndTheValue() {
        FlagService flags = service();
        assertThatThrownBy(() -> flags.override("DNA_CUTOVER_READ_FROM", "postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of flag DNA_CUTOVER_READ_FROM must be one of legacy/dna, but was 'postgres'");
        assertThatThrownBy(() -> flags.override("NOPE", "true"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("flag must be one of [BROWSER_TOOL,")
                .hasMessageEndingWith("but was 'NOPE'");
    }

    @Test
    void unknownFlagsAndTypeMismatchesYieldTheCallersDefault() {
        FlagService flags = service();
        assertThat(flags.isEnabled("NOPE", true)).isTrue();
        assertThat(flags.stringValue("NOPE", "d")).isEqualTo("d");
        assertThat(flags.isEnabled("DNA_CUTOVER_READ_FROM", true)).isTrue();
        assertThat(flags.stringValue("BROWSER_TOOL", "d")).isEqualTo("d");
        assertThat(flags.resolve("NOPE")).isEmpty();
    }

    @Test
    void listsEveryRegisteredFlagInOrderWithItsSource() {
        env.put("LUKHAS_FLAG_DNA_DUAL_WRITE", "on");
        assertThat(service().all())
                .extracting(ResolvedFlag::name)
                .containsExactly(
                        "BROWSER_TOOL",
                        "CODE_EXEC_TOOL",
                        "STRICT_DEFAULT",
                        "ADMIN_DASHBOARD",
                        "DNA_DUAL_WRITE",
                        "DNA_READ_SHADOW",
                        "DNA_ENCRYPT_PERSONAL",
                        "DNA_CUTOVER_READ_FROM");
        assertThat(service().all())
                .filteredOn(f -> f.source() == FlagSource.ENVIRONMENT)
                .extracting(ResolvedFlag::name)
                .containsExactly("DNA_DUAL_WRITE");
    }

    private FlagService service(FlagOverrideStore store) {
        return FlagService.create(FlagRegistry.standard(), Optional.of(file()), () -> env, clock, store);
    }

    @Test
    void aSetOverrideIsStoredAndSeenByTheServiceOfTheNextStart() throws IOException {
        writeFile("BROWSER_TOOL: false\n");
        env.put("LUKHAS_FLAG_STRICT_DEFAULT", "off");
        FlagOverrideStore store = FlagOverrideStore.inMemory();
        FlagService first = service(store);

        ResolvedFlag set = first.set("BROWSER_TOOL", "yes");
        first.set("STRICT_DEFAULT", "on");

        assertThat(set)
                .extracting(ResolvedFlag::value, ResolvedFlag::source, ResolvedFlag::origin)
                .containsExactly(
                        "true", FlagSource.OVERRIDE, "runtime override, stored in memory at " + clock.instant());
        assertThat(store.all().get("BROWSER_TOOL")).isEqualTo(new FlagOverrideStore.Stored("true", clock.instant()));
        FlagService restarted = service(store); // a new process over the same store
        assertThat(restarted.isEnabled("BROWSER_TOOL", false)).isTrue();
        assertThat(restarted.isEnabled("STRICT_DEFAULT", false))
                .as("stored override beats the environment")
                .isTrue();

        assertThat(restarted.clearOverride("BROWSER_TOOL")).contains("true");
        assertThat(store.all()).containsOnlyKeys("STRICT_DEFAULT");
        assertThat(restarted.resolve("BROWSER_TOOL").orElseThrow().source()).isEqualTo(FlagSource.FILE);
        assertThat(service(store).isEnabled("BROWSER_TOOL", true)).isFalse();
        assertThatThrownBy(() -> restarted.set("BROWSER_TOOL", "maybe")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.all()).containsOnlyKeys("STRICT_DEFAULT");
    }

    @Test
    void aScopedOverrideWinsOverAStoredOneAndClosingItLeavesTheStoredOne() {
        FlagService flags = service(FlagOverrideStore.inMemory());
        flags.set("DNA_CUTOVER_READ_FROM", "dna");

        try (FlagOverride o = flags.override("DNA_CUTOVER_READ_FROM", "legacy")) {
            assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("legacy");
        }
        assertThat(flags.stringValue("DNA_CUTOVER_READ_FROM", "x")).isEqualTo("dna");
    }

    @Test
    void anotherWriterOfTheStoreIsSeenWithinTheRefresh() {
        FlagOverrideStore store = FlagOverrideStore.inMemory();
        FlagService flags = service(store);
        store.put("BROWSER_TOOL", new FlagOverrideStore.Stored("true", clock.instant()));

        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isFalse();
        clock.advance(FlagService.REFRESH);
        assertThat(flags.isEnabled("BROWSER_TOOL", false)).isTrue();
    }

    @Test
    void aStoredOverrideThatNoLongerParsesIsAnErrorNotAValue() {
        FlagOverrideStore store = FlagOverrideStore.inMemory();
        store.put("BROWSER_TOOL", new FlagOverrideStore.Stored("maybe", clock.instant()));
        store.put("RETIRED_FLAG", new FlagOverrideStore.Stored("true", clock.instant()));
        FlagService flags = service(store);

        assertThat(flags.resolve("BROWSER_TOOL").orElseThrow().source()).isEqualTo(FlagSource.DEFAULT);
        assertThat(flags.errors())
                .extracting(FlagConfigurationError::flag, FlagConfigurationError::source, FlagConfigurationError::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("BROWSER_TOOL", FlagSource.OVERRIDE, "maybe"),
                        org.assertj.core.groups.Tuple.tuple("RETIRED_FLAG", FlagSource.OVERRIDE, "true"));
    }

    /** A store that fails on demand, as a database that went away. */
    private static final class FailingStore implements FlagOverrideStore {
        private final FlagOverrideStore inner = FlagOverrideStore.inMemory();
        boolean failing;

        @Override
        public Map<String, Stored> all() {
            if (failing) {
                throw new IllegalStateException("database is locked");
            }
            return inner.all();
        }

        @Override
        public void put(String name, Stored override) {
            inner.put(name, override);
        }

        @Override
        public boolean remove(String name) {
            return inner.remove(name);
        }

        @Override
        public String describe() {
            return "test store";
        }
    }

    @Test
    void aStoreThatCannotBeReadFailsTheStartAndLaterKeepsWhatWasReadBefore() {
        FailingStore store = new FailingStore();
        store.failing = true;
        assertThatThrownBy(() -> service(store)).hasMessage("database is locked");

        store.failing = false;
        FlagService flags = service(store);
        flags.set("STRICT_DEFAULT", "true");
        store.failing = true;
        clock.advance(FlagService.REFRESH);

        assertThat(flags.isEnabled("STRICT_DEFAULT", false))
                .as("a hiccup does not drop the override")
                .isTrue();
        assertThat(flags.errors()).singleElement().satisfies(e -> assertThat(e.describe())
                .contains("test store", "database is locked"));
    }
}
