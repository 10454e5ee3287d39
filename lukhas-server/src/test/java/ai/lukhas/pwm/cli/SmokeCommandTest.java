package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeCommandTest {
    @TempDir
    Path dir;

    @Test
    void theGovernanceScenarioRecordsOneIncidentAndTightensAndTheReportIsWritten() throws Exception {
        Path out = dir.resolve("out/smoke.json");
        LukhasCliTest.Run r = LukhasCliTest.run("smoke", "--json", out.toString());
        JsonNode report = new ObjectMapper().readTree(Files.readString(out));
        // the governance facts are deterministic; the timings are checked by the gate, not asserted here
        assertThat(report.path("incidents").asInt()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(report.path("incident_kind").asText()).isEqualTo("blocked_tool");
        assertThat(report.path("tightened").asBoolean()).isTrue();
        assertThat(report.path("safety_mode_after").asText()).isEqualTo("strict");
        assertThat(report.has("start_to_ready_ms")).isTrue();
        assertThat(report.has("healthz_p50_ms")).isTrue();
        assertThat(r.exit()).isEqualTo(report.path("passed").asBoolean() ? 0 : 1);
    }
}
