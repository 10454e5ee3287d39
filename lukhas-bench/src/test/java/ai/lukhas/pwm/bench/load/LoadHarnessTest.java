package ai.lukhas.pwm.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the real harness (mock upstream, in-process gateway, both loops) for a few seconds at a low
 * rate and checks the report's structure and accounting; nothing here depends on how fast the
 * machine is.
 */
class LoadHarnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exitCode, String out, String err, JsonNode report) {}

    private static Run run(Path json, String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LoadHarness.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--json", json.toString()));
        int code = cli.execute(all.toArray(String[]::new));
        JsonNode report = Files.exists(json) ? JSON.readTree(json.toFile()) : JSON.nullNode();
        return new Run(code, out.toString(), err.toString(), report);
    }

    @Test
    void streamModeTimesFirstTokensThroughTheGatewayAndCountsWhatTheReleaseRuleHeld(@TempDir Path dir)
            throws IOException {
        Run run = run(dir.resolve("stream.json"), "--mode", "stream", "--stream-requests", "3");

        assertThat(run.exitCode()).as("%s%n%s", run.err(), run.out()).isZero();
        JsonNode r = run.report();
        assertThat(r.path("requests").asInt()).isEqualTo(3);
        assertThat(r.path("governed_ttft_p50_ms").asDouble()).isPositive();
        assertThat(r.path("direct_ttft_p50_ms").asDouble()).isPositive();
        // every governed answer carried the upstream's whole text (else the run fails), in content events
        assertThat(r.path("governed_content_events_mean").asDouble()).isGreaterThanOrEqualTo(1.0);
        // machine-independent: the answer cannot start any finding or phrase, so its first chunk leaves whole
        assertThat(r.path("received_chars_at_first_release").asInt()).isEqualTo(MockUpstream.STREAM_CHUNK_CHARS);
        assertThat(r.path("held_chars_at_first_release").asInt()).isZero();
        assertThat(run.out()).contains("added TTFT p50", "overhead per chunk");
    }

    @Test
    void measuresBothTargetsInBothModesAndEveryRequestSucceeds(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Run run = run(
                dir.resolve("report.json"),
                "--mode",
                "both",
                "--rate",
                "20",
                "--warmup",
                "1",
                "--duration",
                "2",
                "--saturation-duration",
                "1",
                "--clients",
                "4",
                "--data-dir",
                data.toString());

        assertThat(run.exitCode()).as("%s%n%s", run.err(), run.out()).isZero();
        JsonNode r = run.report();
        assertThat(r.path("errors").asLong()).isZero();
        assertThat(r.path("setup").path("audit_durability").asText()).isEqualTo("fsync");
        assertThat(r.path("setup").path("provider").asText()).isEqualTo("openai-compatible");

        // Light load: requests are scheduled by index, so the counts are exact: 20/s for 1 s of
        // warm-up (sent, not measured) plus 2 s measured, to each target.
        for (String target : List.of("direct", "governed")) {
            JsonNode p = r.path("light").path(target);
            assertThat(p.path("target").asText()).isEqualTo(target);
            assertThat(p.path("sent").asLong()).as(target).isEqualTo(60);
            assertThat(p.path("requests").asLong()).as(target).isEqualTo(40);
            assertThat(p.path("errors").asLong()).as(target).isZero();
            assertThat(p.path("unmeasured_errors").asLong()).as(target).isZero();
            assertThat(p.path("errors_by_kind").isEmpty()).as(target).isTrue();
            assertOrderedPercentiles(p.path("latency_ms"), 40);
        }
        JsonNode added = r.path("light").path("added_ms");
        for (String q : List.of("p50", "p90", "p99", "p99_9", "max", "mean")) {
            double governed =
                    r.path("light").path("governed").path("latency_ms").path(q).asDouble();
            double direct =
                    r.path("light").path("direct").path("latency_ms").path(q).asDouble();
            assertThat(added.path(q).asDouble())
                    .as(q)
                    .isCloseTo(governed - direct, org.assertj.core.data.Offset.offset(1e-9));
        }

        // The gateway's own timers saw the measured governed requests (plus, at most, warm-up ones
        // still in flight when measuring began), each with an upstream call and an audit append.
        JsonNode server = r.path("light").path("gateway_side_ms");
        assertThat(server.path("requests").asLong()).isBetween(40L, 60L);
        assertThat(server.path("mean_request").asDouble()).isPositive();
        assertThat(server.path("mean_upstream_call").asDouble()).isPositive();
        assertThat(server.path("mean_audit_append").asDouble()).isPositive();
        assertThat(r.path("light").path("gc_pauses").path("collections").isIntegralNumber())
                .isTrue();

        // Saturation: both targets answered, without errors.
        for (String target : List.of("direct", "governed")) {
            JsonNode p = r.path("saturation").path(target);
            assertThat(p.path("requests").asLong()).as(target).isPositive();
            assertThat(p.path("errors").asLong()).as(target).isZero();
            assertThat(p.path("requests_per_second").asDouble()).as(target).isPositive();
            assertOrderedPercentiles(p.path("latency_ms"), p.path("requests").asLong());
        }

        // Every governed request reached the upstream exactly once, through the gateway.
        long governedSent = r.path("light").path("governed").path("sent").asLong()
                + r.path("saturation").path("governed").path("sent").asLong();
        assertThat(r.path("governed_requests_sent").asLong()).isEqualTo(governedSent);
        assertThat(r.path("upstream_calls_from_gateway").asLong()).isEqualTo(governedSent);
        assertThat(r.path("upstream_calls_direct").asLong())
                .isEqualTo(r.path("light").path("direct").path("sent").asLong()
                        + r.path("saturation").path("direct").path("sent").asLong());

        assertThat(r.path("budget")).hasSize(3);
        for (JsonNode check : r.path("budget")) {
            assertThat(check.path("check").asText()).isNotBlank();
            assertThat(check.path("met").isBoolean()).isTrue();
            assertThat(check.path("value").isNumber()).isTrue();
        }

        assertThat(run.out())
                .contains("Light load: open loop, 20 req/s to each target")
                .containsPattern("(?m)^direct +40 +0 ")
                .containsPattern("(?m)^governed +40 +0 ")
                .containsPattern("(?m)^added +[-0-9]")
                .contains("Saturation: closed loop, 4 clients")
                .contains("Budget (ARCHITECTURE.md")
                .contains("errors: 0");
        // The gateway's temporary data directory (database, audit segments) is removed afterwards.
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void gatewayRefusalsAreCountedAsErrorsNotAsFastResponsesAndFailTheRun(@TempDir Path dir) throws IOException {
        // A rate limit of 1 req/s (burst 1) makes the gateway answer most requests 429.
        Run run = run(
                dir.resolve("report.json"),
                "--mode",
                "light",
                "--rate",
                "20",
                "--warmup",
                "0",
                "--duration",
                "1",
                "--gateway-rate-limit",
                "1",
                "--data-dir",
                dir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode governed = run.report().path("light").path("governed");
        long errors = governed.path("errors").asLong();
        assertThat(governed.path("requests").asLong()).isEqualTo(20);
        assertThat(errors).isGreaterThan(10);
        assertThat(governed.path("errors_by_kind").path("status 429").asLong()).isEqualTo(errors);
        // Only the successful requests are latency samples.
        assertThat(governed.path("latency_ms").path("samples").asLong()).isEqualTo(20 - errors);
        assertThat(run.report().path("light").path("direct").path("errors").asLong())
                .isZero();
        assertThat(run.report().path("errors").asLong()).isEqualTo(errors);
        assertThat(run.out())
                .contains("errors of governed: {status 429=" + errors + "}")
                .contains("(the run failed)");
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts(@TempDir Path dir) throws IOException {
        Run run = run(dir.resolve("report.json"), "--rate", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--rate must be in (0, 100000] requests/s, but was 0.0");
        assertThat(dir.resolve("report.json")).doesNotExist();
    }

    private static void assertOrderedPercentiles(JsonNode latency, long samples) {
        assertThat(latency.path("samples").asLong()).isEqualTo(samples);
        double p50 = latency.path("p50").asDouble();
        assertThat(p50).isPositive();
        assertThat(latency.path("p90").asDouble()).isGreaterThanOrEqualTo(p50);
        assertThat(latency.path("p99").asDouble())
                .isGreaterThanOrEqualTo(latency.path("p90").asDouble());
        assertThat(latency.path("p99_9").asDouble())
                .isGreaterThanOrEqualTo(latency.path("p99").asDouble());
        assertThat(latency.path("max").asDouble())
                .isGreaterThanOrEqualTo(latency.path("p99_9").asDouble());
    }
}
