package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LukhasCliTest.Run run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("tools", "--data-dir", dir.toString()));
        all.addAll(List.of(args));
        return LukhasCliTest.run(
                cli -> cli.getSubcommands().get("tools").<ToolsCommand>getCommand().environment = () -> env,
                all.toArray(String[]::new));
    }

    private static List<String> offeredNames(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.get("offered").forEach(t -> names.add(t.at("/function/name").asText()));
        return names;
    }

    @Test
    void withoutFlagsTheBrowserAndCodeExecutionAreNotOfferedAndSayWhy() throws Exception {
        LukhasCliTest.Run r = run(Map.of(), "--json");

        assertThat(r.exit()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(offeredNames(doc)).containsExactly("retrieve_knowledge", "schedule_task");
        assertThat(doc.get("excluded").toString())
                .contains("{\"tool\":\"browser\",\"stage\":\"flag_off\",\"reason\":\"flag BROWSER_TOOL is off\"}")
                .contains("{\"tool\":\"code_exec\",\"stage\":\"flag_off\",\"reason\":\"flag CODE_EXEC_TOOL is off\"}");
        assertThat(doc.get("flags").toString()).isEqualTo("{\"BROWSER_TOOL\":false,\"CODE_EXEC_TOOL\":false}");
        assertThat(doc.get("offered").get(0).at("/function/parameters/required").toString())
                .isEqualTo("[\"query\"]");
        // the allowlist name in "excluded" and the function name in "offered" are tied together (issue #20)
        assertThat(doc.get("names").toString())
                .isEqualTo("{\"retrieval\":\"retrieve_knowledge\",\"browser\":\"open_url\","
                        + "\"scheduler\":\"schedule_task\",\"code_exec\":\"exec_code\"}");
        assertThat(run(Map.of()).out()).contains("browser -> open_url", "code_exec -> exec_code");
    }

    @Test
    void openUrlAppearsOnlyWithTheBrowserFlagOn() throws Exception {
        JsonNode doc = JSON.readTree(
                run(Map.of("LUKHAS_FLAG_BROWSER_TOOL", "true"), "--json").out());

        assertThat(offeredNames(doc)).containsExactly("retrieve_knowledge", "open_url", "schedule_task");
    }

    @Test
    void theAllowlistNarrowsTheOfferAndTheRestAreExplained() throws Exception {
        JsonNode doc = JSON.readTree(
                run(Map.of("LUKHAS_FLAG_BROWSER_TOOL", "on"), "--allowlist", "browser,retrieve_knowledge", "--json")
                        .out());

        assertThat(offeredNames(doc)).containsExactly("retrieve_knowledge", "open_url");
        assertThat(doc.get("excluded").toString())
                .contains(
                        "{\"tool\":\"scheduler\",\"stage\":\"request_allowlist\",\"reason\":\"not in the request's tool allowlist\"}");
    }

    @Test
    void theTextFormListsSchemasAndReasons() {
        LukhasCliTest.Run r = run(Map.of("LUKHAS_FLAG_CODE_EXEC_TOOL", "1"), "--allowlist", "code_exec");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("flags: BROWSER_TOOL=off, CODE_EXEC_TOOL=on");
        // bwrap works on this machine (CodeExecToolTest proves it), so exec_code is offered
        assertThat(r.out()).contains("exec_code - Execute sandboxed code for analysis (non-networked).");
        assertThat(r.out())
                .contains("\"language\":{\"type\":\"string\",\"enum\":[\"python\",\"javascript\",\"bash\"]}");
        assertThat(r.out()).containsPattern("retrieval +request_allowlist +not in the request's tool allowlist");
    }

    @Test
    void anUnknownToolInTheAllowlistIsABadInputInOneLine() {
        LukhasCliTest.Run r = run(Map.of(), "--allowlist", "retrieval,teleport");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("lukhas tools: --allowlist: unknown tool 'teleport'; known tools: "
                        + "retrieval, browser, scheduler, code_exec");
    }

    @Test
    void aMalformedFlagValueIsIgnoredWithAWarningAndTheFlagStaysOff() throws Exception {
        LukhasCliTest.Run r = run(Map.of("LUKHAS_FLAG_BROWSER_TOOL", "maybe"), "--json");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("lukhas tools: ignored malformed setting: LUKHAS_FLAG_BROWSER_TOOL", "'maybe'");
        assertThat(offeredNames(JSON.readTree(r.out()))).doesNotContain("open_url");
    }

    @Test
    void flagsComeFromTheFlagsFileToo() throws Exception {
        Path file = dir.resolve("flags.yaml");
        java.nio.file.Files.writeString(file, "BROWSER_TOOL: true\n");

        JsonNode doc = JSON.readTree(
                run(Map.of(), "--flags-file", file.toString(), "--json").out());

        assertThat(offeredNames(doc)).contains("open_url");
    }
}
