package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.FlagRegistry;
import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsCommandTest {
    /** The flag object named {@code name} in a {@code --json} listing's flags; it must be there. */
    private static JsonNode flag(JsonNode flags, String name) {
        for (JsonNode f : flags) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no flag " + name + " in " + flags);
    }

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private LukhasCliTest.Run run(String... args) {
        return LukhasCliTest.run(
                cli -> cli.getSubcommands().get("flags").<FlagsCommand>getCommand().environment = () -> env, args);
    }

    @Test
    void listsEveryFlagWithValueAndSourceFollowingPrecedence() throws IOException {
        Path file = dir.resolve("flags.yaml");
        Files.writeString(file, "BROWSER_TOOL: on\nCODE_EXEC_TOOL: true\n");
        env.put("LUKHAS_FLAG_CODE_EXEC_TOOL", "false"); // environment beats the file
        env.put("FLAGS_FILE_UNRELATED", "x");
        env.put("LUKHAS_FLAGS_FILE", file.toString());

        LukhasCliTest.Run r = run("flags");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines())
                .hasSize(1 + FlagRegistry.standard().all().size()) // header + one line a flag
                .anySatisfy(l -> assertThat(l)
                        .startsWith("BROWSER_TOOL")
                        .contains(" true ")
                        .contains(" file ")
                        .endsWith("[" + file + "]"))
                .anySatisfy(l -> assertThat(l)
                        .startsWith("CODE_EXEC_TOOL")
                        .contains(" false ")
                        .contains(" environment ")
                        .endsWith("[LUKHAS_FLAG_CODE_EXEC_TOOL]"))
                .anySatisfy(l -> assertThat(l)
                        .startsWith("DNA_CUTOVER_READ_FROM")
                        .contains(" legacy ")
                        .contains(" default "));
    }

    @Test
    void jsonIsOneDocumentWithSourcesAndErrors() throws IOException {
        env.put("FLAG_DNA_CUTOVER_READ_FROM", "dna");
        JsonNode doc = listing(
                run("flags", "--json", "--file", dir.resolve("absent.yaml").toString()));
        assertThat(doc.get("flags")).hasSize(FlagRegistry.standard().all().size());
        JsonNode cutover = doc.get("flags").get(doc.get("flags").size() - 1); // the last registered flag
        assertThat(cutover.get("name").asText()).isEqualTo("DNA_CUTOVER_READ_FROM");
        assertThat(cutover.get("value").asText()).isEqualTo("dna");
        assertThat(cutover.get("source").asText()).isEqualTo("environment");
        assertThat(cutover.get("origin").asText()).isEqualTo("FLAG_DNA_CUTOVER_READ_FROM");
        assertThat(cutover.get("allowed_values").toString()).isEqualTo("[\"legacy\",\"dna\"]");
        assertThat(doc.get("errors")).isEmpty();
    }

    @Test
    void jsonValuesAreTypedBooleansAreJsonBooleansStringsAreStrings() throws IOException {
        env.put("LUKHAS_FLAG_CODE_EXEC_TOOL", "false");
        JsonNode flags = listing(run(
                        "flags", "--json", "--file", dir.resolve("absent.yaml").toString()))
                .get("flags");
        assertThat(flags).isNotEmpty().allSatisfy(f -> {
            boolean bool = f.get("type").asText().equals("boolean");
            assertThat(f.get("value").isBoolean()).as("value of %s", f).isEqualTo(bool);
            assertThat(f.get("value").isTextual()).as("value of %s", f).isEqualTo(!bool);
            assertThat(f.get("default").isBoolean()).as("default of %s", f).isEqualTo(bool);
        });
        JsonNode codeExec = flag(flags, "CODE_EXEC_TOOL");
        assertThat(codeExec.get("value").isBoolean()).isTrue();
        assertThat(codeExec.get("value").booleanValue()).isFalse();
        assertThat(codeExec.get("source").asText()).isEqualTo("environment");
    }

    @Test
    void aMalformedValueIsReportedOnStderrWithExitOneAndNotTreatedAsFalse() throws IOException {
        env.put("LUKHAS_FLAG_DNA_ENCRYPT_PERSONAL", "maybe");
        Path file = dir.resolve("flags.yaml");
        Files.writeString(file, "DNA_CUTOVER_READ_FROM: postgres\n");

        LukhasCliTest.Run r = run("flags", "--file", file.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines())
                .containsExactlyInAnyOrder(
                        "lukhas flags: ignored malformed setting: LUKHAS_FLAG_DNA_ENCRYPT_PERSONAL: flag DNA_ENCRYPT_PERSONAL"
                                + " has value 'maybe' - expected one of 1/true/yes/on or 0/false/no/off",
                        "lukhas flags: ignored malformed setting: " + file
                                + ": flag DNA_CUTOVER_READ_FROM has value 'postgres' - expected one of legacy/dna");
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l)
                .startsWith("DNA_ENCRYPT_PERSONAL")
                .contains(" true ")
                .contains(" default "));

        JsonNode doc = new ObjectMapper()
                .readTree(run("flags", "--json", "--file", file.toString()).out());
        assertThat(doc.get("errors")).hasSize(2);
        assertThat(doc.get("errors").findValuesAsText("value")).containsExactlyInAnyOrder("maybe", "postgres");
    }

    @Test
    void withoutAServerSetAndClearChangeTheFlagsFile() throws IOException {
        Path file = dir.resolve("lukhas_flags.yaml");
        Files.writeString(file, "CODE_EXEC_TOOL: true\n");

        LukhasCliTest.Run set = run("flags", "set", "BROWSER_TOOL", "on", "--file", file.toString());
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("BROWSER_TOOL = true (source file").contains(file.toString());
        assertThat(Files.readString(file)).contains("CODE_EXEC_TOOL: true").contains("BROWSER_TOOL: true");

        LukhasCliTest.Run clear = run("flags", "clear", "BROWSER_TOOL", "--file", file.toString(), "--json");
        assertThat(clear.exit()).as(clear.err()).isZero();
        JsonNode flag = new ObjectMapper().readTree(clear.out());
        assertThat(flag.get("value").isBoolean()).isTrue();
        assertThat(flag.get("source").asText()).isEqualTo("default");
        assertThat(Files.readString(file)).contains("CODE_EXEC_TOOL: true").doesNotContain("BROWSER_TOOL");

        LukhasCliTest.Run bad = run("flags", "set", "BROWSER_TOOL", "maybe", "--file", file.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("BROWSER_TOOL must be one of 1/true/yes/on or 0/false/no/off, but was 'maybe'");
        assertThat(run("flags", "set", "NO_SUCH_FLAG", "1").err()).contains("known flags: BROWSER_TOOL");
    }

    @Test
    void withAServerTheListShowsRunTimeOverridesAndSetAndClearGoThroughTheAdminApi() throws Exception {
        LukhasConfig config = ConfigLoader.load(
                Optional.empty(),
                Map.of(
                        "LUKHAS_DATA_DIR",
                        dir.resolve("data").toString(),
                        "LUKHAS_FLAGS_FILE",
                        dir.resolve("flags.yaml").toString()));
        try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC());
                GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0))) {
            env.put("LUKHAS_URL", "http://127.0.0.1:" + server.port());

            LukhasCliTest.Run set = run("flags", "set", "BROWSER_TOOL", "true");
            assertThat(set.exit()).as(set.err()).isZero();
            assertThat(set.out())
                    .contains("BROWSER_TOOL = true (source override: runtime override, stored in SQLite database ")
                    .contains(" on http://127.0.0.1:");
            assertThat(gateway.flags().isEnabled("BROWSER_TOOL", false)).isTrue();

            JsonNode doc = new ObjectMapper().readTree(run("flags", "--json").out());
            JsonNode browser = flag(doc.get("flags"), "BROWSER_TOOL");
            assertThat(browser.get("value").isBoolean()).isTrue();
            assertThat(browser.get("value").booleanValue()).isTrue();
            assertThat(browser.get("source").asText()).isEqualTo("override");
            assertThat(browser.get("origin").asText())
                    .startsWith("runtime override, stored in SQLite database " + dir.resolve("data/lukhas.db"));
            assertThat(run("flags").out().lines())
                    .anySatisfy(l -> assertThat(l).startsWith("BROWSER_TOOL").contains(" override "));

            LukhasCliTest.Run clear = run("flags", "clear", "BROWSER_TOOL");
            assertThat(clear.exit()).as(clear.err()).isZero();
            assertThat(clear.out()).contains("BROWSER_TOOL = false (source default)");
            assertThat(gateway.flags().isEnabled("BROWSER_TOOL", true)).isFalse();
        }
        env.put("LUKHAS_URL", "http://127.0.0.1:9");
        LukhasCliTest.Run down = run("flags", "set", "BROWSER_TOOL", "true");
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).contains("no gateway answers at http://127.0.0.1:9");
    }

    /** The flag object named {@code name} in a {@code --json} listing that exited 0. */
    private static JsonNode flag(LukhasCliTest.Run listing, String name) throws IOException {
        return flag(listing(listing).get("flags"), name);
    }

    /** A {@code --json} listing's document; the listing must have exited 0. */
    private static JsonNode listing(LukhasCliTest.Run listing) throws IOException {
        assertThat(listing.exit()).as(listing.err()).isZero();
        return new ObjectMapper().readTree(listing.out());
    }

    /** Regression (#20): an override set over the admin API was lost when the server restarted. */
    @Test
    void anOverrideSetOnARunningGatewayIsThereAfterItRestartsUntilCleared() throws Exception {
        Path data = dir.resolve("data");
        LukhasConfig config = ConfigLoader.load(
                Optional.empty(),
                Map.of(
                        "LUKHAS_DATA_DIR",
                        data.toString(),
                        "LUKHAS_FLAGS_FILE",
                        dir.resolve("flags.yaml").toString()));
        env.put("LUKHAS_FLAGS_FILE", dir.resolve("flags.yaml").toString());
        try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC());
                GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0))) {
            String url = "http://127.0.0.1:" + server.port();
            assertThat(run("flags", "set", "STRICT_DEFAULT", "true", "--url", url)
                            .exit())
                    .isZero();
        }

        // stopped: the CLI shows the override stored in the data directory, with where it is kept
        JsonNode offline = flag(run("flags", "--json", "--data-dir", data.toString()), "STRICT_DEFAULT");
        assertThat(offline.get("value").booleanValue()).isTrue();
        assertThat(offline.get("source").asText()).isEqualTo("override");
        assertThat(offline.get("origin").asText()).startsWith("runtime override, stored in SQLite database");

        try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC());
                GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0))) {
            String url = "http://127.0.0.1:" + server.port();
            assertThat(gateway.flags().isEnabled("STRICT_DEFAULT", false)).isTrue();
            JsonNode restarted = flag(run("flags", "--json", "--url", url), "STRICT_DEFAULT");
            assertThat(restarted.get("value").booleanValue()).isTrue();
            assertThat(restarted.get("origin").asText()).startsWith("runtime override, stored in SQLite database");

            assertThat(run("flags", "clear", "STRICT_DEFAULT", "--url", url).exit())
                    .isZero();
        }
        try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC())) {
            assertThat(gateway.flags().resolve("STRICT_DEFAULT").orElseThrow().source())
                    .isEqualTo(ai.lukhas.pwm.flags.FlagSource.DEFAULT);
        }
        assertThat(flag(run("flags", "--json", "--data-dir", data.toString()), "STRICT_DEFAULT")
                        .get("source")
                        .asText())
                .isEqualTo("default");
    }
}
