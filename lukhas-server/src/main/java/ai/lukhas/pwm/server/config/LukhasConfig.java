package ai.lukhas.pwm.server.config;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.incident.EscalationSettings;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated server configuration. Build it with {@link ConfigLoader}; every section checks its
 * values in its constructor, so an instance is always usable.
 *
 * <pre>{@code LukhasConfig c = ConfigLoader.load(Optional.of(Path.of("lukhas.yaml")), System.getenv());}</pre>
 */
public record LukhasConfig(
        @JsonProperty("server") Server server,
        @JsonProperty("data_dir") String dataDir,
        @JsonProperty("audit") Audit audit,
        @JsonProperty("upstream") Upstream upstream,
        @JsonProperty("policy") Policy policy,
        @JsonProperty("moderation") Moderation moderation,
        @JsonProperty("flags") FlagsFile flags,
        @JsonProperty("escalation") Escalation escalation,
        @JsonProperty("tenants") Map<String, Tenant> tenants,
        @JsonProperty("auth") Auth auth,
        @JsonProperty("tools") Tools tools,
        @JsonProperty("responses") Responses responses) {

    public LukhasConfig {
        Objects.requireNonNull(responses, "responses");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(moderation, "moderation");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(escalation, "escalation");
        tenants = Map.copyOf(Objects.requireNonNull(tenants, "tenants"));
        if (!tenants.containsKey("default")) {
            throw new IllegalArgumentException(
                    "tenants must keep a 'default' tenant (keys of unlisted tenants use it)");
        }
        if (dataDir == null || dataDir.isBlank()) {
            throw new IllegalArgumentException("must be a directory path, but was empty");
        }
    }

    /** The tenant's settings; a tenant that is not configured gets the default tenant's. */
    public Tenant tenant(String name) {
        return tenants.getOrDefault(name, tenants.get("default"));
    }

    /** This configuration with another {@code data_dir} (the audit directory follows unless set). */
    public LukhasConfig withDataDir(String directory) {
        return new LukhasConfig(
                server,
                directory,
                audit,
                upstream,
                policy,
                moderation,
                flags,
                escalation,
                tenants,
                auth,
                tools,
                responses);
    }

    /** This configuration with another audit section (for example {@code --accept-audit-damage}). */
    public LukhasConfig withAudit(Audit replacement) {
        return new LukhasConfig(
                server,
                dataDir,
                replacement,
                upstream,
                policy,
                moderation,
                flags,
                escalation,
                tenants,
                auth,
                tools,
                responses);
    }

    /** The data directory (SQLite database, default audit directory). */
    public Path dataDirectory() {
        return Path.of(dataDir);
    }

    /** The checkpoint signing key: {@code audit.checkpoint_key_file}, else {@code <data_dir>/audit-checkpoint.key}. */
    public Path auditCheckpointKeyFile() {
        return audit.checkpointKeyFile().isBlank()
                ? dataDirectory().resolve("audit-checkpoint.key")
                : Path.of(audit.checkpointKeyFile());
    }

    /** The audit directory: {@code audit.dir}, else {@code <data_dir>/audit}. */
    public Path auditDirectory() {
        return audit.dir().isBlank() ? dataDirectory().resolve("audit") : Path.of(audit.dir());
    }

    public record Server(
            @JsonProperty("host") String host,
            @JsonProperty("port") int port,
            @JsonProperty("max_request_bytes") long maxRequestBytes,
            @JsonProperty("threads") String threads,
            @JsonProperty("body_timeout_ms") long bodyTimeoutMs,
            @JsonProperty("idle_timeout_ms") long idleTimeoutMs) {
        /** The range of {@code body_timeout_ms} and {@code idle_timeout_ms}: 100 ms to one hour. */
        public static final long MIN_TIMEOUT_MS = 100;

        public static final long MAX_TIMEOUT_MS = 3_600_000;

        public Server {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be an address or name, but was empty");
            }
            Checks.inRange(port, 0, 65535, "port");
            Checks.inRange(maxRequestBytes, 1024, 64L << 20, "max_request_bytes");
            threads = threads == null ? ServerThreads.DEFAULT.wireName() : threads;
            ServerThreads.of(threads);
            Checks.inRange(bodyTimeoutMs, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, "body_timeout_ms");
            Checks.inRange(idleTimeoutMs, MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, "idle_timeout_ms");
        }

        /** How long a request's body may take to arrive whole, from the request's first byte. */
        public Duration bodyTimeout() {
            return Duration.ofMillis(bodyTimeoutMs);
        }

        /** How long a connection may stay idle (nothing read or written) before it is closed. */
        public Duration idleTimeout() {
            return Duration.ofMillis(idleTimeoutMs);
        }

        /** Which threads handle requests ({@code threads}: javalin-virtual, jetty-virtual or platform). */
        public ServerThreads serverThreads() {
            return ServerThreads.of(threads);
        }
    }

    /**
     * The audit section.
     *
     * @param dir audit directory ("" = {@code <data_dir>/audit})
     * @param durability {@code fsync} or {@code os}
     * @param onDamage {@code refuse} (default) or {@code record}: what start-up does with damage a crash
     *     cannot explain (see docs/audit.md)
     * @param checkpointEveryRecords a signed checkpoint after at most this many records
     * @param checkpointEverySeconds and at least this often while records arrive
     * @param checkpointKeyFile the Ed25519 key pair ("" = {@code <data_dir>/audit-checkpoint.key}, generated 0600)
     * @param witnessDir a directory that also receives every checkpoint ("" = none)
     * @param witnessUrl an http(s) URL every checkpoint is POSTed to ("" = none)
     */
    public record Audit(
            @JsonProperty("dir") String dir,
            @JsonProperty("durability") String durability,
            @JsonProperty("on_damage") String onDamage,
            @JsonProperty("checkpoint_every_records") int checkpointEveryRecords,
            @JsonProperty("checkpoint_every_seconds") int checkpointEverySeconds,
            @JsonProperty("checkpoint_key_file") String checkpointKeyFile,
            @JsonProperty("witness_dir") String witnessDir,
            @JsonProperty("witness_url") String witnessUrl) {
        public Audit {
            Objects.requireNonNull(dir, "dir");
            String d = durability == null ? "" : durability.toLowerCase(Locale.ROOT);
            if (!d.equals("fsync") && !d.equals("os")) {
                throw new IllegalArgumentException("durability must be fsync or os, but was '" + durability + "'");
            }
            durability = d;
            String od = onDamage == null ? "" : onDamage.strip().toLowerCase(Locale.ROOT);
            if (!od.equals("refuse") && !od.equals("record")) {
                throw new IllegalArgumentException("on_damage must be refuse or record, but was '" + onDamage + "'");
            }
            onDamage = od;
            Checks.inRange(checkpointEveryRecords, 1, 10_000_000, "checkpoint_every_records");
            Checks.inRange(checkpointEverySeconds, 1, 86_400, "checkpoint_every_seconds");
            Objects.requireNonNull(checkpointKeyFile, "checkpointKeyFile");
            Objects.requireNonNull(witnessDir, "witnessDir");
            Objects.requireNonNull(witnessUrl, "witnessUrl");
            if (!witnessUrl.isBlank() && !witnessUrl.startsWith("http://") && !witnessUrl.startsWith("https://")) {
                throw new IllegalArgumentException(
                        "witness_url must start with http:// or https://, but was '" + witnessUrl + "'");
            }
        }

        /** The same section with {@code on_damage} replaced (the {@code --accept-audit-damage} flag). */
        public Audit withOnDamage(String value) {
            return new Audit(
                    dir,
                    durability,
                    value,
                    checkpointEveryRecords,
                    checkpointEverySeconds,
                    checkpointKeyFile,
                    witnessDir,
                    witnessUrl);
        }
    }

    /**
     * The upstream model server.
     *
     * @param api the wire it speaks: {@code chat_completions} (default) or {@code responses} (the
     *     OpenAI Responses API); requests are governed the same way either way
     * @param transport the HTTP client: {@code jetty} (default, Jetty's client selector reads the
     *     answers) or {@code apache} (the request's own thread does the I/O)
     */
    public record Upstream(
            @JsonProperty("url") String url,
            @JsonProperty("api_key") String apiKey,
            @JsonProperty("model") String model,
            @JsonProperty("timeout_ms") long timeoutMs,
            @JsonProperty("api") String api,
            @JsonProperty("transport") String transport) {
        public Upstream {
            transport = ai.lukhas.pwm.provider.UpstreamTransport.parse(transport == null ? "jetty" : transport)
                    .wireName();
            api = ai.lukhas.pwm.provider.UpstreamApi.parse(api == null ? "chat_completions" : api)
                    .wireName();
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(apiKey, "apiKey");
            if (!url.isBlank() && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("url must start with http:// or https://, but was '" + url + "'");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must name the upstream model, but was empty");
            }
            Checks.inRange(timeoutMs, 100, 600_000, "timeout_ms");
        }

        /** The wire the upstream speaks. */
        public ai.lukhas.pwm.provider.UpstreamApi wire() {
            return ai.lukhas.pwm.provider.UpstreamApi.parse(api);
        }

        /** The HTTP client that carries the bytes. */
        public ai.lukhas.pwm.provider.UpstreamTransport client() {
            return ai.lukhas.pwm.provider.UpstreamTransport.parse(transport);
        }

        /** The upstream base URL, when one is configured; empty means the offline provider. */
        public Optional<String> baseUrl() {
            return url.isBlank() ? Optional.empty() : Optional.of(url);
        }

        /** Hides the key so a config can be logged. */
        @Override
        public String toString() {
            return "Upstream[url=" + url + ", apiKey=" + (apiKey.isEmpty() ? "" : "***") + ", model=" + model
                    + ", timeoutMs=" + timeoutMs + ", api=" + api + ", transport=" + transport + "]";
        }
    }

    /**
     * Stored Responses API objects ({@code store: true}).
     *
     * @param retention how long one is kept: a number with a unit, {@code d}, {@code h}, {@code m} or
     *     {@code s} ({@code 30d}, {@code 12h}), from one minute to 3650 days
     */
    public record Responses(@JsonProperty("retention") String retention) {
        private static final java.util.regex.Pattern AMOUNT = java.util.regex.Pattern.compile("(\\d{1,7})\\s*([dhms])");

        public Responses {
            retentionOf(retention);
        }

        /** The retention period. */
        public Duration retentionPeriod() {
            return retentionOf(retention);
        }

        private static Duration retentionOf(String value) {
            java.util.regex.Matcher m =
                    AMOUNT.matcher(value == null ? "" : value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "retention must be a number with a unit d, h, m or s (e.g. 30d, 12h)," + " but was '" + value
                                + "'");
            }
            long n = Long.parseLong(m.group(1));
            Duration d =
                    switch (m.group(2)) {
                        case "d" -> Duration.ofDays(n);
                        case "h" -> Duration.ofHours(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofSeconds(n);
                    };
            if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(3650)) > 0) {
                throw new IllegalArgumentException(
                        "retention must be from 1 minute to 3650 days, but was '" + value + "'");
            }
            return d;
        }
    }

    /** A section that names one file by {@code path}; empty means the bundled default. */
    public interface FileSection {
        String path();

        /** The named file, when not the bundled default. */
        default Optional<Path> file() {
            return path().isBlank() ? Optional.empty() : Optional.of(Path.of(path()));
        }
    }

    /** The modulation policy file; empty means the bundled policy. */
    public record Policy(@JsonProperty("path") String path) implements FileSection {
        public Policy {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * The moderation file (per-tenant presets and terms, the guard model); empty means the local provider with
     * the built-in presets.
     */
    public record Moderation(@JsonProperty("path") String path) implements FileSection {
        public Moderation {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * A tenant: the ceiling of tools its requests can ever be offered ({@code tools}: gateway tools by
     * allowlist or function name, {@code client_tools} for every function the application sends, or
     * client function names and {@code *} patterns such as {@code crm_*}), the gateway tools its
     * requests are offered when a request names none ({@code default_tools}, none unless set), and its
     * per-key rate limit.
     */
    public record Tenant(
            @JsonProperty("tools") List<String> tools,
            @JsonProperty("rate_limit") RateLimit rateLimit,
            @JsonProperty("default_tools") List<String> defaultTools) {
        public Tenant {
            tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
            Objects.requireNonNull(rateLimit, "rate_limit");
            defaultTools = defaultTools == null ? List.of() : List.copyOf(defaultTools);
            for (String t : defaultTools) {
                if (!tools.contains(t)) {
                    throw new IllegalArgumentException(
                            "default_tools must be a subset of tools " + tools + ", but named '" + t + "'");
                }
            }
        }

        /** A tenant whose requests are offered gateway tools only when they name them. */
        public Tenant(List<String> tools, RateLimit rateLimit) {
            this(tools, rateLimit, List.of());
        }
    }

    /** A token bucket: {@code burst} requests at once, refilled at {@code requests_per_second}. */
    public record RateLimit(
            @JsonProperty("requests_per_second") double requestsPerSecond,
            @JsonProperty("burst") int burst) {
        public RateLimit {
            if (!(requestsPerSecond > 0) || requestsPerSecond > 1_000_000) {
                throw new IllegalArgumentException(
                        "requests_per_second must be in (0, 1000000], but was " + requestsPerSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("burst must be at least 1, but was " + burst);
            }
        }
    }

    /**
     * Escalation holds: how long strict stays the floor after an incident, and which scopes beyond the
     * session it covers (see docs/governance.md).
     */
    public record Escalation(
            @JsonProperty("hold_ms") long holdMs,
            @JsonProperty("user_scope") boolean userScope,
            @JsonProperty("key_scope") boolean keyScope,
            @JsonProperty("key_incidents") int keyIncidents,
            @JsonProperty("key_window_ms") long keyWindowMs) {
        private static final long MIN_MS = EscalationSettings.MIN_DURATION.toMillis();
        private static final long MAX_MS = EscalationSettings.MAX_DURATION.toMillis();

        public Escalation {
            requireMs("hold_ms", holdMs);
            requireMs("key_window_ms", keyWindowMs);
            if (keyIncidents < 1 || keyIncidents > EscalationSettings.MAX_KEY_INCIDENTS) {
                throw new IllegalArgumentException("key_incidents must be in [1, "
                        + EscalationSettings.MAX_KEY_INCIDENTS + "], but was " + keyIncidents);
            }
        }

        private static void requireMs(String name, long ms) {
            if (ms < MIN_MS || ms > MAX_MS) {
                throw new IllegalArgumentException(
                        name + " must be in [" + MIN_MS + ", " + MAX_MS + "] (1 s to 7 days), but was " + ms);
            }
        }

        /** The core settings these keys describe. */
        public EscalationSettings settings() {
            return new EscalationSettings(
                    Duration.ofMillis(holdMs), userScope, keyScope, keyIncidents, Duration.ofMillis(keyWindowMs));
        }
    }

    /**
     * Authentication settings.
     *
     * @param failedAttempts per client address: how many failed authentications (401) may come at
     *     once ({@code burst}) and how fast that allowance comes back ({@code requests_per_second});
     *     beyond it the address gets 429 with {@code Retry-After}
     * @param maxTrackedAddresses how many client addresses are tracked at once (bounded memory)
     */
    public record Auth(
            @JsonProperty("failed_attempts") RateLimit failedAttempts,
            @JsonProperty("max_tracked_addresses") int maxTrackedAddresses) {
        public Auth {
            Objects.requireNonNull(failedAttempts, "failed_attempts");
            Checks.inRange(maxTrackedAddresses, 1, 10_000_000, "max_tracked_addresses");
        }
    }

    /** The gate's timeout for each canonical tool, by allowlist name, and the tool loop's limits. */
    public record Tools(
            @JsonProperty("retrieval") ToolSettings retrieval,
            @JsonProperty("browser") ToolSettings browser,
            @JsonProperty("scheduler") ToolSettings scheduler,
            @JsonProperty("code_exec") ToolSettings codeExec,
            @JsonProperty("limits") ToolLimits limits) {
        public Tools {
            Objects.requireNonNull(retrieval, "retrieval");
            Objects.requireNonNull(browser, "browser");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(codeExec, "code_exec");
            Objects.requireNonNull(limits, "limits");
        }
    }

    /**
     * How much tool work one request may cause (the governed pipeline's tool loop).
     *
     * @param maxSteps model calls per request, 1..32
     * @param callsPerMessage tool calls of one model message that are run, 1..256; the rest are refused
     *     unrun, audited and reported to the model
     * @param callsPerRequest tool calls of one request (all its steps) that are run, 1..1024, at least
     *     {@code callsPerMessage}
     */
    public record ToolLimits(
            @JsonProperty("max_steps") int maxSteps,
            @JsonProperty("calls_per_message") int callsPerMessage,
            @JsonProperty("calls_per_request") int callsPerRequest) {
        public ToolLimits {
            Checks.inRange(maxSteps, 1, 32, "max_steps");
            Checks.inRange(callsPerMessage, 1, 256, "calls_per_message");
            Checks.inRange(callsPerRequest, 1, 1024, "calls_per_request");
            if (callsPerMessage > callsPerRequest) {
                throw new IllegalArgumentException("calls_per_message (" + callsPerMessage
                        + ") must not exceed calls_per_request (" + callsPerRequest
                        + "): a message's calls beyond the request's limit would be refused anyway");
            }
        }
    }

    /**
     * One tool's settings.
     *
     * @param timeoutMs how long one call may run before the gate stops it (browser and code_exec stop
     *     themselves one second earlier, so their own message reaches the model)
     */
    public record ToolSettings(@JsonProperty("timeout_ms") long timeoutMs) {
        public ToolSettings {
            Checks.inRange(timeoutMs, 100, 600_000, "timeout_ms");
        }

        public Duration timeout() {
            return Duration.ofMillis(timeoutMs);
        }
    }

    public record FlagsFile(@JsonProperty("file") String file) {
        public FlagsFile {
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("file must be a path, but was empty");
            }
        }
    }
}
