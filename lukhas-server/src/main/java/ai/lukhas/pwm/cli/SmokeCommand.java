package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.auth.AccessControl;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The smoke gate CI runs after the tests: starts the gateway in-process on a free port over a
 * temporary data directory (offline provider, fsync'd audit), then measures and checks: start-up
 * cost, the median of 20 {@code /healthz} round trips ≤ 50 ms, and the offline governance scenario —
 * the model calls a tool outside the allowlist — ending with exactly one incident and the session
 * strict.
 *
 * <p>Start-up is gated on <b>CPU time</b>: the CPU this process used from its own start (JVM boot,
 * class loading, JIT and GC threads included) until {@code /healthz} answers, ≤ {@value #MAX_START_CPU_MS}
 * ms. Wall time is reported next to it but not gated: on a shared machine other processes stretch wall
 * time (the gate failed at 1,591 and 2,364 ms while builds ran) without the gateway doing more work,
 * whereas CPU time counts only this process's work. Repeating the start (best of three) would cost
 * three starts and still fail when the load lasts longer than they do. The phases (configuration,
 * opening the gateway, starting HTTP, first answer) are reported in wall and CPU milliseconds to show
 * where the time goes.
 */
@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        description = "Start the gateway in-process and check start time, health latency and governance.")
final class SmokeCommand extends CliCommand implements Runnable {
    /**
     * CPU milliseconds from process start to ready; see the class comment for why CPU time. Measured
     * on the 2-core VM at load average ~30 (docs/benchmarks.md): 3.4-4.3 s with the start-up cache,
     * 7.6-8.4 s without, so the limit passes a cached start on a busy machine and fails one without
     * the cache or a start that doubled its work.
     */
    static final long MAX_START_CPU_MS = 5000;

    static final double MAX_HEALTH_MS = 50;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Option(
            names = "--train-requests",
            paramLabel = "N",
            description = "After the checks, reopen the gateway on the same data directory with an in-process mock"
                    + " upstream and send it up to N governed chat requests (plain, streamed, with a tool call)"
                    + " within --train-seconds: the start-up cache's training run, so the cache also holds the"
                    + " request path's method profiles (default: 0, none).")
    int trainRequests;

    @Option(
            names = "--train-seconds",
            paramLabel = "S",
            description = "Wall-time bound of --train-requests (default: 30).")
    int trainSeconds = 30;

    @Override
    public void run() {
        PrintWriter out = out();
        Path dir;
        try {
            dir = Files.createTempDirectory("lukhas-smoke");
        } catch (IOException e) {
            throw new CliException(1, "cannot create a temporary data directory: " + e.getMessage());
        }
        HttpClient http = HttpClient.newHttpClient();
        ObjectNode result = JsonOption.PRETTY.createObjectNode();
        try {
            Phases phases = new Phases();
            LukhasConfig config = ConfigLoader.load(
                    Optional.empty(),
                    Map.of(
                            "LUKHAS_DATA_DIR",
                            dir.toString(),
                            "LUKHAS_FLAGS_FILE",
                            dir.resolve("flags.yaml").toString()));
            phases.end("config");
            try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC());
                    GatewayServer server =
                            phases.then("gateway_open", () -> gateway.start(new ServerSettings("127.0.0.1", 0)))) {
                phases.end("http_start");
                String base = "http://127.0.0.1:" + server.port();
                get(http, base + "/healthz");
                phases.end("first_healthz");
                double startMs = phases.wallMs();
                double startCpuMs = phases.cpuMs();
                result.put("start_to_ready_ms", round(startMs));
                result.put("start_to_ready_cpu_ms", round(startCpuMs));
                phases.processStartToReadyMs().ifPresent(ms -> result.put("process_start_to_ready_ms", round(ms)));
                result.set("start_phases", phases.json());
                double[] health = new double[20];
                for (int i = 0; i < health.length; i++) {
                    long h = System.nanoTime();
                    get(http, base + "/healthz");
                    health[i] = (System.nanoTime() - h) / 1e6;
                }
                Arrays.sort(health);
                JsonNode chat = post(
                        http,
                        base + "/v1/chat/completions",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"call open_url with url=https://example.com\"}],"
                                + "\"lukhas\":{\"session_id\":\"smoke\"}}");
                int incidents = chat.path("lukhas").path("incidents").size();
                String mode = chat.path("lukhas").path("safety_mode").asText();
                // keyless: the caller is the local admin, so the session is the local tenant's
                String sessionMode = gateway.pipeline()
                        .sessions()
                        .modulate(SessionKey.of(AccessControl.LOCAL.tenant(), "smoke"))
                        .params()
                        .safetyMode()
                        .wireName();
                boolean tightened = mode.equals("strict") && sessionMode.equals("strict");
                result.put("healthz_p50_ms", round(health[health.length / 2]));
                result.put("healthz_max_ms", round(health[health.length - 1]));
                result.put("incidents", incidents);
                result.put(
                        "incident_kind",
                        chat.path("lukhas")
                                .path("incidents")
                                .path(0)
                                .path("kind")
                                .asText(""));
                result.put("safety_mode_after", sessionMode);
                result.put("tightened", tightened);
                ObjectNode limits = result.putObject("limits");
                limits.put("start_to_ready_cpu_ms", MAX_START_CPU_MS)
                        .put("healthz_p50_ms", MAX_HEALTH_MS)
                        .put("incidents", 1);
                boolean passed = startCpuMs <= MAX_START_CPU_MS
                        && health[health.length / 2] <= MAX_HEALTH_MS
                        && incidents == 1
                        && tightened;
                result.put("passed", passed);
            }
            if (trainRequests > 0) {
                TrainingRun.Result t = TrainingRun.run(dir, trainRequests, java.time.Duration.ofSeconds(trainSeconds));
                result.putObject("training")
                        .put("requests_ok", t.ok())
                        .put("requests_failed", t.failed())
                        .put("upstream_streamed", t.streamed())
                        .put("upstream_tool_results", t.toolResults())
                        .put("ms", t.millis());
            }
        } catch (IOException e) {
            throw new CliException(1, "the training run could not start its mock upstream: " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
        String text = JsonOption.text(result);
        out.println(text);
        if (json != null) {
            try {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(json, text + "\n");
            } catch (IOException e) {
                throw new CliException(1, "cannot write " + json + ": " + e.getMessage());
            }
        }
        if (!result.path("passed").asBoolean()) {
            throw new CliException(1, "smoke gate failed: " + result);
        }
    }

    /**
     * Start-up phases in wall and process-CPU milliseconds. The first phase starts at the process's
     * start (JVM boot and class loading before {@code main} count) for CPU, and at {@code main} for wall.
     */
    static final class Phases {
        private final long wall0 = System.nanoTime();
        private long wallAt = wall0;
        private long cpuAt = cpuNanos();
        private final ObjectNode json = JsonOption.PRETTY.createObjectNode();
        private final Optional<Double> processStartMs = ProcessHandle.current()
                .info()
                .startInstant()
                .map(p -> java.time.Duration.between(p, java.time.Instant.now()).toNanos() / 1e6);

        Phases() {
            // before the smoke run: JVM boot, class loading and command-line parsing
            ObjectNode jvm = json.putObject("jvm_and_cli").put("cpu_ms", round(cpuAt / 1e6));
            processStartMs.ifPresent(ms -> jvm.put("wall_ms", round(ms)));
        }

        static long cpuNanos() {
            return ProcessHandle.current()
                    .info()
                    .totalCpuDuration()
                    .map(java.time.Duration::toNanos)
                    .orElse(0L);
        }

        void end(String phase) {
            long wall = System.nanoTime();
            long cpu = cpuNanos();
            json.putObject(phase)
                    .put("wall_ms", round((wall - wallAt) / 1e6))
                    .put("cpu_ms", round((cpu - cpuAt) / 1e6));
            wallAt = wall;
            cpuAt = cpu;
        }

        <T> T then(String phase, java.util.function.Supplier<T> next) {
            end(phase);
            return next.get();
        }

        double wallMs() {
            return (wallAt - wall0) / 1e6;
        }

        /** CPU of the whole process from its start until the last phase ended. */
        double cpuMs() {
            return cpuAt / 1e6;
        }

        /** Wall time from the process start (10 ms resolution on Linux) until the last phase ended. */
        Optional<Double> processStartToReadyMs() {
            return processStartMs.map(ms -> ms + wallMs());
        }

        ObjectNode json() {
            return json;
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    private static void get(HttpClient http, String url) {
        send(http, HttpRequest.newBuilder(URI.create(url)).build());
    }

    private static JsonNode post(HttpClient http, String url, String body) {
        return send(
                http,
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private static JsonNode send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new CliException(1, request.uri() + " answered " + r.statusCode() + ": " + r.body());
            }
            return JsonOption.PRETTY.readTree(r.body());
        } catch (IOException e) {
            throw new CliException(1, request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless; the gate's answer does not depend on it
        }
    }
}
