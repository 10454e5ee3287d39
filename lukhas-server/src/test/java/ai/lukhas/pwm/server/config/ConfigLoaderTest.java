package ai.lukhas.pwm.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.governance.incident.EscalationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** Loading {@code file} fails with a configuration error (whose message the caller checks). */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Path file) {
        return assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class);
    }

    /** Loading with only the environment variable {@code name=value} fails with a configuration error. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefusedEnv(String name, String value) {
        return assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(name, value)))
                .isInstanceOf(ConfigException.class);
    }

    @TempDir
    Path dir;

    private Path yaml(String text) throws Exception {
        Path p = dir.resolve("lukhas.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void noFileNoEnvironmentGivesTheEmbeddedDefaults() {
        LukhasConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.dataDirectory()).isEqualTo(Path.of(".lukhas"));
        assertThat(c.auditDirectory()).isEqualTo(Path.of(".lukhas", "audit"));
        assertThat(c.audit().durability()).isEqualTo("fsync");
        assertThat(c.upstream().baseUrl()).isEmpty();
        assertThat(c.policy().file()).isEmpty();
    }

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
        Path f = yaml("server:\n  port: 9000\ndata_dir: /var/lib/lukhas\naudit:\n  durability: os\n");
        LukhasConfig c = ConfigLoader.load(
                Optional.of(f), Map.of("LUKHAS_SERVER_PORT", "9100", "LUKHAS_AUDIT_DIR", "/srv/audit"));
        assertThat(c.server().port()).isEqualTo(9100);
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.dataDirectory()).isEqualTo(Path.of("/var/lib/lukhas"));
        assertThat(c.auditDirectory()).isEqualTo(Path.of("/srv/audit"));
        assertThat(c.audit().durability()).isEqualTo("os");
    }

    @Test
    void openAiKeyAloneSelectsOpenAiAndIsNeverPrinted() {
        LukhasConfig c = ConfigLoader.load(Optional.empty(), Map.of("OPENAI_API_KEY", "sk-test-123"));
        assertThat(c.upstream().baseUrl()).contains("https://api.openai.com/v1");
        assertThat(c.upstream().apiKey()).isEqualTo("sk-test-123");
        assertThat(c.toString()).doesNotContain("sk-test-123");
        LukhasConfig local = ConfigLoader.load(
                Optional.empty(), Map.of("OPENAI_API_KEY", "k", "LUKHAS_UPSTREAM_URL", "http://127.0.0.1:11434/v1"));
        assertThat(local.upstream().baseUrl()).contains("http://127.0.0.1:11434/v1");
    }

    @Test
    void theUpstreamWireIsChatCompletionsUnlessResponsesIsChosenAndAnythingElseIsExplained() throws Exception {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).upstream().wire())
                .isEqualTo(ai.lukhas.pwm.provider.UpstreamApi.CHAT_COMPLETIONS);
        Path f = yaml("upstream:\n  url: http://127.0.0.1:9/v1\n  api: responses\n");
        assertThat(ConfigLoader.load(Optional.of(f), Map.of()).upstream().wire())
                .isEqualTo(ai.lukhas.pwm.provider.UpstreamApi.RESPONSES);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_UPSTREAM_API", "completions")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable LUKHAS_UPSTREAM_API")
                .hasMessageContaining("api must be chat_completions")
                .hasMessageContaining("or responses")
                .hasMessageContaining("but was 'completions'");
    }

    @Test
    void theUpstreamTransportIsJettyUnlessApacheIsChosenAndAnythingElseIsExplained() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).upstream().client())
                .isEqualTo(ai.lukhas.pwm.provider.UpstreamTransport.JETTY);
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_UPSTREAM_TRANSPORT", "Apache"))
                        .upstream()
                        .client())
                .isEqualTo(ai.lukhas.pwm.provider.UpstreamTransport.APACHE);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_UPSTREAM_TRANSPORT", "jdk")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable LUKHAS_UPSTREAM_TRANSPORT")
                .hasMessageContaining("transport must be apache")
                .hasMessageContaining("or jetty")
                .hasMessageContaining("but was 'jdk'");
    }

    @Test
    void storedResponsesAreKeptThirtyDaysUnlessConfiguredAndABadRetentionIsExplained() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).responses().retentionPeriod())
                .isEqualTo(Duration.ofDays(30));
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_RESPONSES_RETENTION", "12h"))
                        .responses()
                        .retentionPeriod())
                .isEqualTo(Duration.ofHours(12));
        for (String bad : List.of("30", "forever", "0d", "3651d")) {
            assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_RESPONSES_RETENTION", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("environment variable LUKHAS_RESPONSES_RETENTION")
                    .hasMessageContaining("retention must be")
                    .hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void anOutOfRangeValueNamesTheKeyItsSourceAndTheRange() {
        assertRefusedEnv("LUKHAS_SERVER_PORT", "70000")
                .hasMessageContaining("environment variable LUKHAS_SERVER_PORT")
                .hasMessageContaining("port must be in [0, 65535], but was 70000");
    }

    @Test
    void theBodyAndIdleTimeoutsDefaultToThirtySecondsAndABadOneNamesItsKeyAndRange() throws Exception {
        LukhasConfig.Server defaults =
                ConfigLoader.load(Optional.empty(), Map.of()).server();
        assertThat(defaults.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        LukhasConfig.Server set = ConfigLoader.load(
                        Optional.empty(),
                        Map.of("LUKHAS_SERVER_BODY_TIMEOUT_MS", "300", "LUKHAS_SERVER_IDLE_TIMEOUT_MS", "120000"))
                .server();
        assertThat(set.bodyTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(set.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        for (String key : List.of("body_timeout_ms", "idle_timeout_ms")) {
            String variable = "LUKHAS_SERVER_" + key.toUpperCase(Locale.ROOT);
            for (String bad : List.of("0", "99", "3600001")) {
                assertRefusedEnv(variable, bad)
                        .hasMessageContaining("environment variable " + variable)
                        .hasMessageContaining(key + " must be in [100, 3600000], but was " + bad);
            }
            assertRefusedEnv(variable, "30s")
                    .hasMessageContaining("server." + key)
                    .hasMessageContaining("expected a whole number")
                    .hasMessageContaining("30s");
        }
        Path f = yaml("server:\n  body_timeout_ms: 10\n");
        assertRefused(f)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("body_timeout_ms must be in [100, 3600000], but was 10");
    }

    @Test
    void serverThreadsDefaultToJavalinVirtualAndAreSetByName() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).server().serverThreads())
                .isEqualTo(ServerThreads.JAVALIN_VIRTUAL);
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_SERVER_THREADS", "platform"))
                        .server()
                        .serverThreads())
                .isEqualTo(ServerThreads.PLATFORM);
        assertRefusedEnv("LUKHAS_SERVER_THREADS", "green")
                .hasMessageContaining("server threads must be one of [javalin-virtual, jetty-virtual, platform]")
                .hasMessageContaining("'green'");
    }

    @Test
    void aWrongTypeNamesTheKeyAndTheFile() throws Exception {
        Path f = yaml("server:\n  port: eighty\n");
        assertRefused(f)
                .hasMessageContaining("server.port")
                .hasMessageContaining(f.toString())
                .hasMessageContaining("eighty");
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownOnes() throws Exception {
        Path f = yaml("server:\n  prot: 9000\n");
        assertRefused(f)
                .hasMessageContaining("unknown key 'server.prot'")
                .hasMessageContaining("body_timeout_ms, host, idle_timeout_ms, max_request_bytes, port, threads");
    }

    @Test
    void badEnumsUrlsAndSyntaxAreExplained() throws Exception {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_AUDIT_DURABILITY", "sometimes")))
                .hasMessageContaining("durability must be fsync or os, but was 'sometimes'");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_UPSTREAM_URL", "ftp://x")))
                .hasMessageContaining("url must start with http:// or https://");
        Path f = yaml("server: [1, 2\n");
        assertRefused(f).hasMessageContaining("not valid YAML at line");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("missing.yaml")), Map.of()))
                .hasMessageContaining("no such file");
    }

    @Test
    void envNamesFollowTheKeyPath() {
        assertThat(ConfigLoader.envName("upstream.api_key")).isEqualTo("LUKHAS_UPSTREAM_API_KEY");
        assertThat(ConfigLoader.envName("data_dir")).isEqualTo("LUKHAS_DATA_DIR");
    }

    @Test
    void tenantsHaveAToolCeilingAndARateLimitAndUnknownTenantsUseTheDefault() throws Exception {
        Path f =
                yaml("tenants:\n  acme:\n    tools: [retrieval]\n    rate_limit: {requests_per_second: 2, burst: 3}\n");
        LukhasConfig c = ConfigLoader.load(Optional.of(f), Map.of());
        assertThat(c.tenant("acme").tools()).containsExactly("retrieval");
        assertThat(c.tenant("acme").rateLimit().burst()).isEqualTo(3);
        assertThat(c.tenant("nobody").tools()).contains("retrieval", "browser", "scheduler", "code_exec");
        Path bad = yaml("tenants:\n  acme:\n    tools: []\n    rate_limit: {requests_per_second: 0, burst: 3}\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(bad), Map.of()))
                .hasMessageContaining("requests_per_second must be in (0, 1000000], but was 0.0");
    }

    @Test
    void escalationDefaultsAreATenMinuteHoldUserScopeOnKeyScopeOff() {
        LukhasConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.escalation().settings()).isEqualTo(EscalationSettings.DEFAULT);
        LukhasConfig on = ConfigLoader.load(
                Optional.empty(),
                Map.of("LUKHAS_ESCALATION_KEY_SCOPE", "true", "LUKHAS_ESCALATION_KEY_INCIDENTS", "3"));
        assertThat(on.escalation().keyScope()).isTrue();
        assertThat(on.escalation().keyIncidents()).isEqualTo(3);
    }

    @Test
    void escalationValuesAreValidatedWithTheKeyAndTheRange() throws Exception {
        Path f = dir.resolve("lukhas.yaml");
        Files.writeString(f, "escalation:\n  hold_ms: 0\n");
        assertRefused(f)
                .hasMessageContaining("escalation")
                .hasMessageContaining("hold_ms must be in [1000, 604800000] (1 s to 7 days), but was 0");
        assertRefusedEnv("LUKHAS_ESCALATION_KEY_INCIDENTS", "0")
                .hasMessageContaining("environment variable LUKHAS_ESCALATION_KEY_INCIDENTS")
                .hasMessageContaining("key_incidents must be in [1, 10000], but was 0");
        assertRefusedEnv("LUKHAS_ESCALATION_USER_SCOPE", "maybe").hasMessageContaining("escalation.user_scope");
    }

    @Test
    void aWrongTypeIsExplainedInTheProductsWordsWithLineAndColumnNotJacksons() throws Exception {
        Path f = yaml("# comment\nserver:\n  host: 127.0.0.1\n  port: eighty\n");
        assertRefused(f).hasMessage(f + " line 4, column 3: server.port: expected a whole number, but was 'eighty'");
        Path list = yaml("tenants:\n  acme:\n    tools: retrieval\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(list), Map.of()))
                .hasMessageContaining("line 3, column 5: tenants.acme.tools: expected a list")
                .hasMessageContaining("but was 'retrieval'");
        Path section = yaml("escalation: 5\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(section), Map.of()))
                .hasMessageContaining("line 1, column 1: escalation: expected a mapping");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_ESCALATION_HOLD_MS", "soon")))
                .hasMessage("environment variable LUKHAS_ESCALATION_HOLD_MS: escalation.hold_ms: expected a whole"
                        + " number, but was 'soon'");
        Path unknown = yaml("server:\n  prot: 9000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(unknown), Map.of()))
                .hasMessageStartingWith(unknown + " line 2, column 3: unknown key 'server.prot'");
    }

    @Test
    void theFileIsTheOptionElseLukhasConfigElseTheWorkingDirectorysLukhasYaml() throws Exception {
        Path wd = Files.createDirectories(dir.resolve("wd"));
        assertThat(ConfigFile.locate(Optional.empty(), Map.of(), wd).path()).isEmpty();
        assertThat(ConfigFile.locate(Optional.empty(), Map.of(), wd).describe()).startsWith("none (no --config");
        Path local = Files.writeString(wd.resolve("lukhas.yaml"), "server: {port: 8096}\n");
        ConfigFile found = ConfigFile.locate(Optional.empty(), Map.of(), wd);
        assertThat(found.path()).contains(local);
        assertThat(found.describe()).endsWith("lukhas.yaml (found in the working directory)");
        assertThat(ConfigLoader.load(found.path(), Map.of()).server().port()).isEqualTo(8096);

        Path named = Files.writeString(dir.resolve("other.yaml"), "server: {port: 8097}\n");
        ConfigFile byVariable = ConfigFile.locate(Optional.empty(), Map.of("LUKHAS_CONFIG", named.toString()), wd);
        assertThat(byVariable.path()).contains(named);
        assertThat(byVariable.describe()).endsWith("(named by LUKHAS_CONFIG)");
        Path option = Files.writeString(dir.resolve("option.yaml"), "");
        assertThat(ConfigFile.locate(Optional.of(option), Map.of("LUKHAS_CONFIG", named.toString()), wd)
                        .path())
                .contains(option);

        assertThatThrownBy(() -> ConfigFile.locate(Optional.of(dir.resolve("gone.yaml")), Map.of(), wd))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("gone.yaml") + ": no such file (named by --config; check the path)");
        assertThatThrownBy(() -> ConfigFile.locate(Optional.empty(), Map.of("LUKHAS_CONFIG", "/nope.yaml"), wd))
                .hasMessageContaining("named by LUKHAS_CONFIG");
    }

    @Test
    void toolLoopLimitsAreConfigKeysValidatedWithTheKeyAndTheRange() throws Exception {
        LukhasConfig defaults = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(defaults.tools().limits()).isEqualTo(new LukhasConfig.ToolLimits(6, 16, 48));
        LukhasConfig set = ConfigLoader.load(
                Optional.of(yaml("tools:\n  limits: {calls_per_message: 4, calls_per_request: 10}\n")),
                Map.of("LUKHAS_TOOLS_LIMITS_MAX_STEPS", "3"));
        assertThat(set.tools().limits()).isEqualTo(new LukhasConfig.ToolLimits(3, 4, 10));
        assertThat(set.tools().retrieval().timeoutMs()).isEqualTo(1000); // the rest of the section keeps its defaults

        assertRefusedEnv("LUKHAS_TOOLS_LIMITS_MAX_STEPS", "0")
                .hasMessageContaining("environment variable LUKHAS_TOOLS_LIMITS_MAX_STEPS")
                .hasMessageContaining("max_steps must be in [1, 32], but was 0");
        Path f = yaml("tools:\n  limits: {calls_per_message: 300}\n");
        assertRefused(f)
                .hasMessageContaining("tools.limits")
                .hasMessageContaining(f.toString())
                .hasMessageContaining("calls_per_message must be in [1, 256], but was 300");
        assertThatThrownBy(() ->
                        ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_TOOLS_LIMITS_CALLS_PER_REQUEST", "2000")))
                .hasMessageContaining("calls_per_request must be in [1, 1024], but was 2000");
        assertRefusedEnv("LUKHAS_TOOLS_LIMITS_CALLS_PER_REQUEST", "8")
                .hasMessageContaining("calls_per_message (16) must not exceed calls_per_request (8)");
        assertThatThrownBy(
                        () -> ConfigLoader.load(Optional.of(yaml("tools:\n  limits: {max_steps: many}\n")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tools.limits.max_steps")
                .hasMessageContaining("many");
    }
}
