package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.auth.AccessControl;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The smoke gate CI runs after the tests: starts the gateway in-process on a free port over a
 * temporary data directory (offline provider, fsync'd audit), then measures and checks:
 * start-to-ready (gateway built and {@code /healthz} answering) ≤ 1500 ms, the median of 20
 * {@code /healthz} round trips ≤ 50 ms, and the offline governance scenario — the model calls a
 * tool outside the allowlist — ending with exactly one incident and the session strict.
 */
@Command(
        name = "smoke",
        mixinStandardHelpOptions = true,
        description = "Start the gateway in-process and check start time, health latency and governance.")
final class SmokeCommand implements Runnable {
    static final long MAX_START_MS = 1500;
    static final double MAX_HEALTH_MS = 50;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir;
        try {
            dir = Files.createTempDirectory("lukhas-smoke");
        } catch (IOException e) {
            throw new CliException(1, "cannot create a temporary data directory: " + e.getMessage());
        }
        HttpClient http = HttpClient.newHttpClient();
        ObjectNode result = JSON.createObjectNode();
        try {
            long t0 = System.nanoTime();
            LukhasConfig config = ConfigLoader.load(
                    Optional.empty(),
                    Map.of(
                            "LUKHAS_DATA_DIR",
                            dir.toString(),
                            "LUKHAS_FLAGS_FILE",
                            dir.resolve("flags.yaml").toString()));
            try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC());
                    GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0))) {
                String base = "http://127.0.0.1:" + server.port();
                get(http, base + "/healthz");
                double startMs = (System.nanoTime() - t0) / 1e6;
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
                result.put("start_to_ready_ms", round(startMs));
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
                limits.put("start_to_ready_ms", MAX_START_MS)
                        .put("healthz_p50_ms", MAX_HEALTH_MS)
                        .put("incidents", 1);
                boolean passed = startMs <= MAX_START_MS
                        && health[health.length / 2] <= MAX_HEALTH_MS
                        && incidents == 1
                        && tightened;
                result.put("passed", passed);
            }
        } finally {
            deleteQuietly(dir);
        }
        String text = write(result);
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
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new CliException(1, request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
