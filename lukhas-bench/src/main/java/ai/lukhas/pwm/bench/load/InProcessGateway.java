package ai.lukhas.pwm.bench.load;

import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.server.config.ServerThreads;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The real gateway, built by its composition root ({@link Gateway}) from a {@code lukhas.yaml} the
 * harness writes into a fresh data directory, serving on a free loopback port in this JVM: the
 * OpenAI-compatible provider points at the mock upstream, the audit log is fsync'd (unless told
 * otherwise, to show what the disk costs), every tool the
 * flags can switch on is on, local moderation, modulation and the per-key rate limiter run as in
 * production. No API key is issued, so the gateway is in loopback (local admin) mode.
 */
final class InProcessGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Gateway gateway;
    private final GatewayServer server;
    private final Path dataDirectory;
    private final String fileStore;

    private InProcessGateway(Gateway gateway, GatewayServer server, Path dataDirectory, String fileStore) {
        this.gateway = gateway;
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.fileStore = fileStore;
    }

    /**
     * Writes the configuration into {@code dir} and starts the gateway.
     *
     * @param upstream the mock upstream's base URL ({@code http://127.0.0.1:PORT/v1})
     * @param dir an empty directory for the configuration, database and audit segments
     * @param rateLimit the default tenant's requests per second per key (also its burst)
     * @param auditDurability {@code fsync} (what the budget is defined with) or {@code os}
     */
    static InProcessGateway start(URI upstream, Path dir, double rateLimit, String auditDurability) {
        return start(upstream, dir, rateLimit, auditDurability, ServerThreads.DEFAULT);
    }

    /** As {@link #start(URI, Path, double, String)}, with the HTTP server on {@code threads}. */
    static InProcessGateway start(
            URI upstream, Path dir, double rateLimit, String auditDurability, ServerThreads threads) {
        try {
            Path data = dir.resolve("data");
            Path flags = dir.resolve("lukhas_flags.yaml");
            // Everything a flag can switch on in the governed path: the browser and code tools are
            // offered (and so checked by the tool gate) alongside retrieval and the scheduler.
            Files.writeString(flags, "BROWSER_TOOL: true\nCODE_EXEC_TOOL: true\n");
            Path yaml = dir.resolve("lukhas.yaml");
            // YAML is a superset of JSON; writing it with Jackson quotes every path correctly.
            Files.writeString(
                    yaml,
                    JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(config(upstream, data, flags, rateLimit, auditDurability)));
            LukhasConfig config = ConfigLoader.load(Optional.of(yaml), Map.of());
            Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC());
            GatewayServer server;
            try {
                server = gateway.start(new ServerSettings(
                        config.server().host(), 0, config.server().maxRequestBytes(), threads));
            } catch (RuntimeException e) {
                gateway.close();
                throw e;
            }
            return new InProcessGateway(
                    gateway,
                    server,
                    data,
                    Files.getFileStore(config.auditDirectory()).type());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the gateway's data directory in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode config(URI upstream, Path data, Path flags, double rateLimit, String auditDurability) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("server").put("host", "127.0.0.1").put("port", 0);
        root.put("data_dir", data.toString());
        root.putObject("audit").put("durability", auditDurability);
        root.putObject("upstream")
                .put("url", upstream.toString())
                .put("api_key", MockUpstream.GATEWAY_KEY)
                .put("model", "gpt-4o-mini")
                .put("timeout_ms", 10_000);
        root.putObject("flags").put("file", flags.toString());
        ObjectNode tenant = root.putObject("tenants").putObject("default");
        tenant.putArray("tools")
                .add("retrieval")
                .add("browser")
                .add("scheduler")
                .add("code_exec")
                .add("client_tools");
        // Gateway tools are offered only on opt-in: every request of the tenant gets the full offer,
        // so the tool gate builds and checks it on the measured path as before.
        tenant.putArray("default_tools")
                .add("retrieval")
                .add("browser")
                .add("scheduler")
                .add("code_exec");
        tenant.putObject("rate_limit").put("requests_per_second", rateLimit).put("burst", (int)
                Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(rateLimit))));
        return root;
    }

    /** Where a governed client posts. */
    URI completionsUrl() {
        return url("/v1/chat/completions");
    }

    /** The gateway's URL for {@code path} (starting with {@code /}). */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** The gateway's metrics registry (its own timers, as /metrics exposes them). */
    io.micrometer.core.instrument.MeterRegistry registry() {
        return gateway.metrics().registry();
    }

    /** The gateway's audit directory. */
    Path auditDirectory() {
        return gateway.auditDirectory();
    }

    /** The data directory (database, audit segments). */
    Path dataDirectory() {
        return dataDirectory;
    }

    /** The file system type under the audit directory ({@code ext4}, {@code tmpfs}...): fsync costs depend on it. */
    String fileStoreType() {
        return fileStore;
    }

    /** The gateway's own request, upstream and audit timers so far. */
    ServerTimes serverTimes() {
        return ServerTimes.of(gateway.metrics().registry());
    }

    /** The provider's name as the gateway reports it ({@code openai-compatible}). */
    String providerName() {
        return gateway.provider().name();
    }

    /** Stops the HTTP server (in-flight requests finish), then flushes the audit log and closes the database. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            gateway.close();
        }
    }
}
