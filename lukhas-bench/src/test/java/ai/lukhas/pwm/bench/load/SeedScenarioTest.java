package ai.lukhas.pwm.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seed scenario against the real in-process gateway (its accounting: every kind of request ran,
 * the tool really ran inside the gateway), and its threshold logic on fixed figures. Nothing here
 * depends on how fast the machine is: the run's verdict is not asserted, only its structure.
 */
class SeedScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyVirtualUserSendsHealthChatAndToolRequestsAndTheToolRunsInsideTheGateway(@TempDir Path dir)
            throws Exception {
        Path json = dir.resolve("seed.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LoadHarness.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(
                "--scenario", "seed", "--vus", "3", "--warmup", "0.5", "--duration", "2", "--json", json.toString());

        JsonNode r = JSON.readTree(json.toFile());
        assertThat(code).as(err.toString()).isEqualTo(r.path("passed").asBoolean() ? 0 : 1);
        // Each of the 3 users starts with a different kind, so every kind is sent at least once, and
        // the run waits for every request in flight (on a slow machine none may land in the window).
        for (String endpoint : List.of("health", "chat", "tool")) {
            JsonNode e = r.path("endpoints").path(endpoint);
            assertThat(e.path("sent").asLong()).as(endpoint).isPositive();
            assertThat(e.path("errors").asLong()).as(endpoint).isZero();
            assertThat(e.path("p50_ms").asDouble())
                    .as(endpoint)
                    .isLessThanOrEqualTo(e.path("p95_ms").asDouble());
        }
        // The scripted upstream made every tool request call retrieve_knowledge, and the gateway ran it.
        assertThat(r.path("tool_runs").path("total_with_warmup").asLong())
                .isGreaterThanOrEqualTo(
                        r.path("endpoints").path("tool").path("sent").asLong());
        assertThat(r.path("tool_runs").path("within_200ms").asLong())
                .isLessThanOrEqualTo(r.path("tool_runs").path("count").asLong());
        assertThat(r.path("checks")).hasSize(5);
        assertThat(out.toString()).contains("Seed scenario:").contains("tool runs (gateway side):");
    }

    @Test
    void thresholdsAreTheSeedPlansAndEachFailsOnItsOwn() {
        List<PhaseResult> fast = List.of(phase("health", 0, 30), phase("chat", 0, 300), phase("tool", 0, 500));
        SeedScenario.ToolRuns quickTools = new SeedScenario.ToolRuns(100, 5, 50, 100);
        assertThat(SeedScenario.checks(fast, quickTools)).allMatch(Check::met);

        // Each threshold alone.
        assertThat(failed(List.of(phase("health", 0, 130), fast.get(1), fast.get(2)), quickTools))
                .containsExactly("health p95");
        assertThat(failed(List.of(fast.get(0), phase("chat", 0, 801), fast.get(2)), quickTools))
                .containsExactly("chat p95");
        assertThat(failed(fast, new SeedScenario.ToolRuns(100, 150, 900, 94)))
                .containsExactly("tool runs within 200 ms");
        // A tool that never ran does not pass the tool threshold.
        assertThat(failed(fast, SeedScenario.ToolRuns.NONE)).containsExactly("tool runs within 200 ms");
        // 2 errors in 300 requests is 0.67% (met); 4 is 1.3% (not met).
        assertThat(failed(List.of(phase("health", 2, 30), fast.get(1), fast.get(2)), quickTools))
                .isEmpty();
        assertThat(failed(List.of(phase("health", 4, 30), fast.get(1), fast.get(2)), quickTools))
                .containsExactly("error rate");
    }

    private static List<String> failed(List<PhaseResult> phases, SeedScenario.ToolRuns tools) {
        return SeedScenario.checks(phases, tools).stream()
                .filter(c -> !c.met())
                .map(Check::name)
                .toList();
    }

    /** 100 measured requests with the given errors, every latency percentile at {@code p95} ms. */
    private static PhaseResult phase(String target, long errors, double p95) {
        LatencySummary l =
                new LatencySummary(100 - errors, p95 / 2, p95 * 0.9, p95, p95 * 1.1, p95 * 1.2, p95 * 1.3, p95 / 2);
        return new PhaseResult(target, 100, errors, Map.of(), 100, 0, 10, l);
    }

    @Test
    void baselineComparisonPrintsTheRatioOfEachCostFigure(@TempDir Path dir) throws Exception {
        JsonNode before = JSON.readTree("{\"started_at\":\"2026-12-04T15:09:30Z\",\"load_average_start\":\"1.0\","
                + "\"light\":{\"added_ms\":{\"p50\":2.0,\"p99\":8.0},\"gateway_side_ms\":{\"mean_request\":3.0,"
                + "\"mean_upstream_call\":1.0,\"mean_audit_append\":1.0}},"
                + "\"saturation\":{\"governed\":{\"requests_per_second\":1000.0}}}");
        JsonNode now = JSON.readTree("{\"load_average_start\":\"2.0\","
                + "\"light\":{\"added_ms\":{\"p50\":3.0,\"p99\":4.0},\"gateway_side_ms\":{\"mean_request\":3.5,"
                + "\"mean_upstream_call\":1.0,\"mean_audit_append\":1.0}},"
                + "\"saturation\":{\"governed\":{\"requests_per_second\":1100.0}}}");
        List<Baseline.Figure> figures = Baseline.compare(before, now);
        assertThat(figures)
                .extracting(Baseline.Figure::name)
                .containsExactly(
                        "light: added p50 ms",
                        "light: added p99 ms",
                        "light: gateway in-process ms (rest)",
                        "saturation: governed req/s");
        assertThat(figures).extracting(Baseline.Figure::ratio).containsExactly(1.5, 0.5, 1.5, 1.1);
        Path file = Files.writeString(dir.resolve("b.json"), before.toString());
        assertThat(Baseline.table(file, Baseline.read(file), now))
                .contains("measured 2026-12-04T15:09:30Z, load average 1.0")
                .containsPattern("added p50 ms +2\\.000 -> +3\\.000 +x1\\.50 +\\(worse\\)")
                .containsPattern("governed req/s +1000\\.000 -> +1100\\.000 +x1\\.10 +\\(better or equal\\)");
        // A light-only baseline against a saturation-only run has nothing in common.
        assertThat(Baseline.compare(JSON.readTree("{\"light\":{}}"), JSON.readTree("{\"saturation\":{}}")))
                .isEmpty();
    }
}
