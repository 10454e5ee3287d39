package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        // the gate is on CPU time (other processes cannot fail it), with the phases that explain it
        assertThat(report.path("start_to_ready_cpu_ms").asDouble()).isPositive();
        assertThat(report.path("limits").has("start_to_ready_cpu_ms")).isTrue();
        assertThat(report.path("start_phases").properties().stream().map(java.util.Map.Entry::getKey))
                .containsExactly("jvm_and_cli", "config", "gateway_open", "http_start", "first_healthz");
        assertThat(report.has("healthz_p50_ms")).isTrue();
        assertThat(r.exit()).isEqualTo(report.path("passed").asBoolean() ? 0 : 1);
    }

    /**
     * The process's age is read from /proc to 10 ms (start ticks against uptime), not from the boot time
     * in whole seconds that ProcessHandle adds, which made jvm_and_cli up to a second too long. A command
     * name with spaces and parentheses does not shift the fields.
     */
    @Test
    void theProcessAgeComesFromTheStartTicksAndTheUptime() {
        String stat = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 1000 0 0 0 150 20 0 0 20 0 30 0 "
                + "4105 9999 100 18446744073709551615 1 1 0 0 0 0 0 4096 17102 0 0 0 17 1 0 0 0 0 0";
        assertThat(SmokeCommand.Phases.ageMs(stat, "42.37 80.00\n")).isCloseTo(1320.0, within(0.001));
    }

    /**
     * The start-up cache's training run (bin/lukhas: {@code smoke --train-requests}) really drives the
     * request path: every request answered, streams and a tool round trip through the upstream included.
     */
    @Test
    void theTrainingRunDrivesPlainStreamedAndToolRequestsThroughTheGateway() throws Exception {
        TrainingRun.Result r = TrainingRun.run(dir, 40, java.time.Duration.ofMinutes(5));
        assertThat(r.ok()).as(r.toString()).isEqualTo(40);
        assertThat(r.failed()).isZero();
        assertThat(r.streamed()).isEqualTo(10); // 2 of every 8
        assertThat(r.toolResults()).isEqualTo(5); // 1 of every 8, each answered after the tool ran
    }
}
