package ai.lukhas.pwm.server.config;

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
        @JsonProperty("tenants") Map<String, Tenant> tenants,
        @JsonProperty("auth") Auth auth,
        @JsonProperty("tools") Tools tools) {

    public LukhasConfig {
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(moderation, "moderation");
        Objects.requireNonNull(flags, "flags");
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
        return new LukhasConfig(server, directory, audit, upstream, policy, moderation, flags, tenants, auth, tools);
    }

    /** The data directory (SQLite database, default audit directory). */
    public Path dataDirectory() {
        return Path.of(dataDir);
    }

    /** The audit directory: {@code audit.dir}, else {@code <data_dir>/audit}. */
    public Path auditDirectory() {
        return audit.dir().isBlank() ? dataDirectory().resolve("audit") : Path.of(audit.dir());
    }

    public record Server(
            @JsonProperty("host") String host,
            @JsonProperty("port") int port,
            @JsonProperty("max_request_bytes") long maxRequestBytes) {
        public Server {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be an address or name, but was empty");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], but was " + port);
            }
            if (maxRequestBytes < 1024 || maxRequestBytes > 64L << 20) {
                throw new IllegalArgumentException(
                        "max_request_bytes must be in [1024, 67108864], but was " + maxRequestBytes);
            }
        }
    }

    public record Audit(
            @JsonProperty("dir") String dir,
            @JsonProperty("durability") String durability) {
        public Audit {
            Objects.requireNonNull(dir, "dir");
            String d = durability == null ? "" : durability.toLowerCase(Locale.ROOT);
            if (!d.equals("fsync") && !d.equals("os")) {
                throw new IllegalArgumentException("durability must be fsync or os, but was '" + durability + "'");
            }
            durability = d;
        }
    }

    public record Upstream(
            @JsonProperty("url") String url,
            @JsonProperty("api_key") String apiKey,
            @JsonProperty("model") String model,
            @JsonProperty("timeout_ms") long timeoutMs) {
        public Upstream {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(apiKey, "apiKey");
            if (!url.isBlank() && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("url must start with http:// or https://, but was '" + url + "'");
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must name the upstream model, but was empty");
            }
            if (timeoutMs < 100 || timeoutMs > 600_000) {
                throw new IllegalArgumentException("timeout_ms must be in [100, 600000], but was " + timeoutMs);
            }
        }

        /** The upstream base URL, when one is configured; empty means the offline provider. */
        public Optional<String> baseUrl() {
            return url.isBlank() ? Optional.empty() : Optional.of(url);
        }

        /** Hides the key so a config can be logged. */
        @Override
        public String toString() {
            return "Upstream[url=" + url + ", apiKey=" + (apiKey.isEmpty() ? "" : "***") + ", model=" + model
                    + ", timeoutMs=" + timeoutMs + "]";
        }
    }

    public record Policy(@JsonProperty("path") String path) {
        public Policy {
            Objects.requireNonNull(path, "path");
        }

        /** The policy file, when not the bundled one. */
        public Optional<Path> file() {
            return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
        }
    }

    /**
     * The moderation file (per-tenant presets and terms, the guard model); empty means the local provider with
     * the built-in presets.
     */
    public record Moderation(@JsonProperty("path") String path) {
        public Moderation {
            Objects.requireNonNull(path, "path");
        }

        public Optional<Path> file() {
            return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
        }
    }

    /**
     * A tenant: the ceiling of tools its requests can ever be offered, and its per-key rate limit.
     */
    public record Tenant(
            @JsonProperty("tools") List<String> tools,
            @JsonProperty("rate_limit") RateLimit rateLimit) {
        public Tenant {
            tools = List.copyOf(Objects.requireNonNull(tools, "tools"));
            Objects.requireNonNull(rateLimit, "rate_limit");
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
            if (maxTrackedAddresses < 1 || maxTrackedAddresses > 10_000_000) {
                throw new IllegalArgumentException(
                        "max_tracked_addresses must be in [1, 10000000], but was " + maxTrackedAddresses);
            }
        }
    }

    /** The gate's timeout for each canonical tool, by allowlist name. */
    public record Tools(
            @JsonProperty("retrieval") ToolSettings retrieval,
            @JsonProperty("browser") ToolSettings browser,
            @JsonProperty("scheduler") ToolSettings scheduler,
            @JsonProperty("code_exec") ToolSettings codeExec) {
        public Tools {
            Objects.requireNonNull(retrieval, "retrieval");
            Objects.requireNonNull(browser, "browser");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(codeExec, "code_exec");
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
            if (timeoutMs < 100 || timeoutMs > 600_000) {
                throw new IllegalArgumentException("timeout_ms must be in [100, 600000], but was " + timeoutMs);
            }
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
