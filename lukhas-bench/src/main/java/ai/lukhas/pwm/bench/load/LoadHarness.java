package ai.lukhas.pwm.bench.load;

import ai.lukhas.pwm.bench.BenchFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The gateway-overhead harness of ARCHITECTURE.md's performance budget: in one run it starts a local
 * mock upstream and the real gateway in-process (everything on, fsync'd audit), then measures direct
 * calls to the upstream side by side with governed calls through the gateway — an interleaved open
 * loop at a fixed rate (light load: added p50/p99) and a closed loop of concurrent clients
 * (saturation: governed req/s). Exits 1 when any request failed, 2 on bad options.
 *
 * <p>Run: {@code flock /work/wt/bench.lock bin/load --rate 200 --warmup 10 --duration 20
 * --saturation-duration 10 --json load.json} (see docs/load.md).
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Measure the gateway's added latency and saturation throughput against a local mock"
                + " upstream, side by side with direct calls to the same upstream, in one run.")
public final class LoadHarness implements Callable<Integer> {
    /** Which measurements to run. */
    enum Mode {
        LIGHT,
        SATURATION,
        BOTH,
        /** Streamed answers only: time to first token direct vs governed (see {@link StreamScenario}). */
        STREAM
    }

    /** What to run: the overhead measurement (light load and saturation) or the seed plan's thresholds. */
    enum Scenario {
        OVERHEAD,
        SEED
    }

    /** Modulation sessions the requests cycle through ({@code x-lukhas-session: load-0..63}). */
    static final int SESSIONS = 64;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            description = "overhead (added latency and saturation throughput, side by side with direct calls) or"
                    + " seed (the seed plan's thresholds: --vus virtual users for --duration seconds, default 45,"
                    + " sending health, chat and tool requests; exits 1 when a threshold is not met)"
                    + " (default: ${DEFAULT-VALUE}).")
    Scenario scenario = Scenario.OVERHEAD;

    @Option(
            names = "--vus",
            paramLabel = "N",
            description = "Seed scenario: virtual users, each in a closed loop (default: ${DEFAULT-VALUE}).")
    int vus = 10;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            defaultValue = "${env:LUKHAS_LOAD_BASELINE}",
            description = "Overhead scenario: a previous --json report to compare with; the ratios are printed"
                    + " (bin/load passes perf/load-baseline.json, the last committed baseline).")
    Path baseline;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "light, saturation, both, or stream (time to first token of streamed answers,"
                    + " sequential; default: ${DEFAULT-VALUE}).")
    Mode mode = Mode.BOTH;

    @Option(
            names = "--rate",
            paramLabel = "REQ_PER_S",
            description = "Light load: requests per second to EACH target, open loop (default: ${DEFAULT-VALUE}).")
    double rate = 200;

    @Option(
            names = "--duration",
            paramLabel = "SECONDS",
            description = "Light load: the measured window (default: ${DEFAULT-VALUE}).")
    double duration = 20;

    @Option(
            names = "--warmup",
            paramLabel = "SECONDS",
            description = "Discarded warm-up before every measured window (default: ${DEFAULT-VALUE}).")
    double warmup = 5;

    @Option(
            names = "--saturation-duration",
            paramLabel = "SECONDS",
            description = "Saturation: the measured window for each target (default: ${DEFAULT-VALUE}).")
    double saturationDuration = 10;

    @Option(
            names = "--clients",
            paramLabel = "N",
            description = "Saturation: concurrent clients, closed loop (default: ${DEFAULT-VALUE}).")
    int clients = 64;

    @Option(
            names = "--stream-requests",
            paramLabel = "N",
            description = "Stream mode: measured streamed requests per target, sequential (default: ${DEFAULT-VALUE}).")
    int streamRequests = 200;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as one JSON document to FILE.")
    Path json;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the gateway's temporary data directory (database, fsync'd audit) is created;"
                    + " deleted afterwards (default: the system temp directory).")
    Path dataParent;

    @Option(
            names = "--gateway-rate-limit",
            paramLabel = "REQ_PER_S",
            description = "The gateway tenant's per-key rate limit (and burst); the limiter runs on every"
                    + " request, the default never refuses (default: ${DEFAULT-VALUE}).")
    double gatewayRateLimit = 1_000_000;

    @Option(
            names = "--audit-durability",
            paramLabel = "fsync|os",
            description = "The gateway's audit durability. The budget is defined with fsync; os shows how much"
                    + " of the overhead is the disk (default: ${DEFAULT-VALUE}).")
    String auditDurability = "fsync";

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line, for running in-process (tests set out/err on it). */
    public static CommandLine newCommandLine() {
        return new CommandLine(new LoadHarness()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validate();
        if (scenario == Scenario.SEED) {
            return seed(out, err);
        }
        String loadStart = loadAverage();
        Instant startedAt = Instant.now();
        Path parent = dataParent != null ? dataParent : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "lukhas-load-");
        LoadReport report;
        try (MockUpstream upstream = MockUpstream.start();
                InProcessGateway gateway =
                        InProcessGateway.start(upstream.baseUrl(), dir, gatewayRateLimit, auditDurability);
                Target direct = Target.create("direct", upstream.completionsUrl(), SESSIONS);
                Target governed = Target.create("governed", gateway.completionsUrl(), SESSIONS)) {
            progress(
                    err,
                    "mock upstream at %s, gateway at %s (audit %s)",
                    upstream.baseUrl(),
                    gateway.completionsUrl(),
                    gateway.auditDirectory());
            if (mode == Mode.STREAM) {
                progress(
                        err, "streaming: %d warm-up + %d measured requests per target, sequential", 20, streamRequests);
                StreamScenario.Result r;
                try {
                    r = StreamScenario.run(upstream.completionsUrl(), gateway.completionsUrl(), 20, streamRequests);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                String loadEnd = loadAverage();
                out.printf(Locale.ROOT, "load average at start %s, at end %s%n", loadStart, loadEnd);
                out.print(r.table());
                out.flush();
                if (json != null) {
                    var doc = r.toJson();
                    doc.put("load_average_start", loadStart);
                    doc.put("load_average_end", loadEnd);
                    Files.writeString(json, doc.toPrettyString() + System.lineSeparator());
                }
                return 0;
            }
            Optional<LoadReport.Light> light = Optional.empty();
            if (mode != Mode.SATURATION) {
                progress(err, "light load: %s req/s to each target, %s s warm-up + %s s", rate, warmup, duration);
                GcPauses before = GcPauses.now();
                ServerTimes[] atMeasureStart = {ServerTimes.NONE};
                List<PhaseResult> r = OpenLoop.run(
                        List.of(direct, governed),
                        rate,
                        seconds(warmup),
                        seconds(duration),
                        () -> atMeasureStart[0] = gateway.serverTimes());
                ServerTimes server = gateway.serverTimes().minus(atMeasureStart[0]);
                light = Optional.of(
                        new LoadReport.Light(r.get(0), r.get(1), GcPauses.now().minus(before), server));
            }
            Optional<LoadReport.Saturation> saturation = Optional.empty();
            if (mode != Mode.LIGHT) {
                progress(
                        err,
                        "saturation, direct: %d clients, %s s warm-up + %s s",
                        clients,
                        warmup,
                        saturationDuration);
                GcPauses beforeDirect = GcPauses.now();
                PhaseResult d = ClosedLoop.run(direct, clients, seconds(warmup), seconds(saturationDuration));
                GcPauses directGc = GcPauses.now().minus(beforeDirect);
                progress(
                        err,
                        "saturation, governed: %d clients, %s s warm-up + %s s",
                        clients,
                        warmup,
                        saturationDuration);
                GcPauses beforeGoverned = GcPauses.now();
                ServerTimes serverBefore = gateway.serverTimes();
                PhaseResult g = ClosedLoop.run(governed, clients, seconds(warmup), seconds(saturationDuration));
                saturation = Optional.of(new LoadReport.Saturation(
                        d,
                        g,
                        directGc,
                        GcPauses.now().minus(beforeGoverned),
                        gateway.serverTimes().minus(serverBefore)));
            }
            LoadReport.Setup setup = new LoadReport.Setup(
                    mode.name().toLowerCase(Locale.ROOT),
                    rate,
                    warmup,
                    duration,
                    saturationDuration,
                    clients,
                    gatewayRateLimit,
                    System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    auditDurability,
                    gateway.fileStoreType(),
                    gateway.providerName());
            report = new LoadReport(
                    startedAt,
                    Instant.now(),
                    loadStart,
                    loadAverage(),
                    setup,
                    light,
                    saturation,
                    upstream.callsFromGateway(),
                    upstream.directCalls());
        } finally {
            BenchFiles.deleteTree(dir);
        }
        out.print(report.table());
        if (baseline != null && Files.isRegularFile(baseline)) {
            out.print(Baseline.table(baseline, Baseline.read(baseline), report.toJson()));
        } else if (baseline != null) {
            out.printf("no baseline at %s: nothing to compare with%n", baseline);
        }
        out.flush();
        if (json != null) {
            Files.writeString(json, report.toJson().toPrettyString() + System.lineSeparator());
        }
        return report.totalErrors() == 0 ? 0 : 1;
    }

    /** The seed scenario: exit 0 when every threshold is met, 1 otherwise. */
    private int seed(PrintWriter out, PrintWriter err) throws IOException {
        double seconds = spec.commandLine().getParseResult().hasMatchedOption("--duration") ? duration : 45;
        Path parent = dataParent != null ? dataParent : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "lukhas-load-");
        String loadStart = loadAverage();
        SeedScenario.Result result;
        try (MockUpstream upstream = MockUpstream.start(true);
                InProcessGateway gateway =
                        InProcessGateway.start(upstream.baseUrl(), dir, gatewayRateLimit, auditDurability)) {
            progress(
                    err,
                    "seed scenario: %d virtual users, %s s warm-up + %s s against %s",
                    vus,
                    warmup,
                    seconds,
                    gateway.completionsUrl());
            result = SeedScenario.run(gateway, vus, seconds(warmup), seconds(seconds));
        } finally {
            BenchFiles.deleteTree(dir);
        }
        out.printf(Locale.ROOT, "load average at start %s, at end %s%n", loadStart, loadAverage());
        out.print(result.table());
        out.println(result.passed() ? "seed thresholds: all met" : "seed thresholds: NOT met");
        out.flush();
        if (json != null) {
            Files.writeString(json, result.toJson().toPrettyString() + System.lineSeparator());
        }
        return result.passed() ? 0 : 1;
    }

    private void validate() {
        check(rate > 0 && rate <= 100_000, "--rate must be in (0, 100000] requests/s, but was " + rate);
        check(duration > 0 && duration <= 3600, "--duration must be in (0, 3600] seconds, but was " + duration);
        check(warmup >= 0 && warmup <= 3600, "--warmup must be in [0, 3600] seconds, but was " + warmup);
        check(
                saturationDuration > 0 && saturationDuration <= 3600,
                "--saturation-duration must be in (0, 3600] seconds, but was " + saturationDuration);
        check(
                auditDurability.equals("fsync") || auditDurability.equals("os"),
                "--audit-durability must be fsync or os, but was '" + auditDurability + "'");
        check(clients >= 1 && clients <= 10_000, "--clients must be in [1, 10000], but was " + clients);
        check(vus >= 1 && vus <= 1_000, "--vus must be in [1, 1000], but was " + vus);
        check(
                streamRequests >= 1 && streamRequests <= 100_000,
                "--stream-requests must be in [1, 100000], but was " + streamRequests);
        check(
                gatewayRateLimit > 0 && gatewayRateLimit <= 1_000_000,
                "--gateway-rate-limit must be in (0, 1000000] requests/s, but was " + gatewayRateLimit);
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static void progress(PrintWriter err, String format, Object... args) {
        err.printf(Locale.ROOT, "load: " + format + "%n", args);
        err.flush();
    }

    /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or the JVM's 1-minute figure. */
    static String loadAverage() {
        Path proc = Path.of("/proc/loadavg");
        try {
            if (Files.isReadable(proc)) {
                String[] parts = Files.readString(proc).trim().split("\\s+");
                if (parts.length >= 3) {
                    return parts[0] + " " + parts[1] + " " + parts[2];
                }
            }
        } catch (IOException e) {
            // fall through to the JVM's figure
        }
        double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return one < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", one);
    }
}
