package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.exec.SandboxLimits;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 11, through the real gateway: the offline provider asks for {@code exec_code}, which
 * runs in real bubblewrap with the limits the server configures — its own timeout (enforced by the
 * gate) and a process limit.
 */
class ExecCodeThroughGatewayTest {
    @TempDir
    Path dir;

    /** The bundled policy with code_exec in the default allowlist, and the CODE_EXEC_TOOL flag on. */
    private TestGateway withCodeExec() throws Exception {
        String text;
        try (var in = ModulationPolicy.class.getClassLoader().getResourceAsStream(ModulationPolicy.DEFAULT_RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String anchor = "  tool_allowlist: [retrieval, browser, scheduler]\n";
        assertThat(text).contains(anchor);
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(
                policy, text.replace(anchor, "  tool_allowlist: [retrieval, browser, scheduler, code_exec]\n"));
        Files.writeString(dir.resolve("flags.yaml"), "CODE_EXEC_TOOL: true\n");
        return new TestGateway(dir, "policy: {path: '" + policy + "'}");
    }

    @Test
    void execCodeOrdinaryProgramCompletesWithinItsOwnTimeout() throws Exception {
        try (TestGateway gw = withCodeExec()) {
            // an ordinary program: interpreter start-up in the sandbox plus a second of work
            JsonNode answer = ok(gw.post("/v1/chat/completions", gw.admin, """
                    {"messages":[{"role":"user","content":"call exec_code with {\\"language\\":\\"python\\",\\"source\\":\\"import time\\\\ntime.sleep(1)\\\\nprint('finished after a second')\\"}"}]}"""), 200);

            assertThat(answer.path("choices")
                            .path(0)
                            .path("message")
                            .path("content")
                            .asText())
                    .as("%s", answer)
                    .contains("exec_code returned: finished after a second")
                    .doesNotContain("timed out");
        }
    }

    /** The bounded fork storm of CodeExecToolTest, through the server's own sandbox settings. */
    @Test
    void execCodeForkBombIsContainedThroughTheGateway() throws Exception {
        String storm = "import os, time\\\\nn, e = 0, None\\\\nwhile n < 1000:\\\\n"
                + "    try: pid = os.fork()\\\\n    except OSError as x: e = x.errno; break\\\\n"
                + "    if pid == 0: time.sleep(2); os._exit(0)\\\\n    n += 1\\\\nprint('forked', n, 'errno', e)";
        try (TestGateway gw = withCodeExec()) {
            JsonNode answer = ok(
                    gw.post(
                            "/v1/chat/completions",
                            gw.admin,
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"call exec_code with"
                                    + " {\\\"language\\\":\\\"python\\\",\\\"source\\\":\\\"" + storm + "\\\"}\"}]}"),
                    200);

            String said = answer.path("choices")
                    .path(0)
                    .path("message")
                    .path("content")
                    .asText();
            assertThat(said).as("%s", answer).containsPattern("exec_code returned: forked \\d+ errno 11");
            int forked = Integer.parseInt(said.replaceAll("(?s).*forked (\\d+).*", "$1"));
            assertThat(forked).isLessThan(SandboxLimits.DEFAULT.maxProcesses());
        }
    }

    @Test
    void eachCanonicalToolHasItsOwnDocumentedTimeoutAndTheConfigurationCanChangeIt() {
        LukhasConfig defaults = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(defaults.tools().codeExec().timeout())
                .isEqualTo(CanonicalTool.CODE_EXEC.defaultLimits().timeout());
        assertThat(defaults.tools().browser().timeout())
                .isEqualTo(CanonicalTool.BROWSER.defaultLimits().timeout());
        assertThat(defaults.tools().retrieval().timeout())
                .isEqualTo(CanonicalTool.RETRIEVAL.defaultLimits().timeout());
        assertThat(defaults.tools().scheduler().timeout())
                .isEqualTo(CanonicalTool.SCHEDULER.defaultLimits().timeout());
        LukhasConfig changed = ConfigLoader.load(Optional.empty(), Map.of("LUKHAS_TOOLS_CODE_EXEC_TIMEOUT_MS", "9000"));
        assertThat(changed.tools().codeExec().timeoutMs()).isEqualTo(9000);
    }
}
