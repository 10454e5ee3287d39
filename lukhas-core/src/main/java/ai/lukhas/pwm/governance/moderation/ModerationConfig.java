package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.WireName;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The moderation file: per-tenant presets, direct-injection handling and custom terms/patterns, and the
 * optional guard model in front of the local provider. Every error names the file, line and column.
 *
 * <pre>{@code
 * tenants:
 *   bank:
 *     presets: {standard: {pii: 0.5, illicit: 0.5}}
 *     direct_injection: flag          # or signal
 *     terms: [{id: bonds, category: illicit, weight: 0.9, terms: [bearer bonds, untraceable transfer]}]
 *     patterns: [{id: iban-label, category: pii, weight: 0.6, pattern: '\biban\s*:'}]
 * guard:
 *   provider: llama_guard             # llama_guard | azure | openai
 *   url: http://127.0.0.1:11434
 *   model: llama-guard3:8b
 *   api_key_env: LUKHAS_MODERATION_API_KEY
 *   timeout_ms: 800
 *   on_failure: local                 # or fail_closed
 *   cache_ttl_ms: 30000
 *   stream_max_hold_ms: 300           # streamed output waits at most this long for the guard's verdict
 *   stream_on_hold_expiry: local      # or fail_closed (default: as on_failure)
 * }</pre>
 */
public record ModerationConfig(Map<String, TenantModeration> tenants, Optional<Guard> guard) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = Set.of("tenants", "guard");
    private static final Set<String> TENANT = Set.of("presets", "direct_injection", "terms", "patterns");
    private static final Set<String> RULE = Set.of("id", "category", "weight", "terms", "pattern");
    private static final Set<String> GUARD = Set.of(
            "provider",
            "url",
            "model",
            "api_key_env",
            "timeout_ms",
            "on_failure",
            "cache_ttl_ms",
            "stream_max_hold_ms",
            "stream_on_hold_expiry");

    /** No tenant settings, no guard: the local provider with the built-in presets. */
    public static final ModerationConfig NONE = new ModerationConfig(Map.of(), Optional.empty());

    public ModerationConfig {
        tenants = Map.copyOf(tenants);
    }

    /** The guard model: which one, where, how it is called, and how long a stream waits for it. */
    public record Guard(
            String provider,
            URI url,
            String model,
            String apiKeyEnv,
            RemoteModerationPolicy policy,
            StreamHold stream) {}

    /** The tenant's settings, if it has any (a tenant without an entry uses {@code default}'s, if present). */
    public Optional<TenantModeration> tenant(String name) {
        return Optional.ofNullable(tenants.getOrDefault(name, tenants.get("default")));
    }

    /**
     * The provider this configuration describes: the local provider, or the guard model (with its deadline,
     * failure rule and cache) combined with the local provider.
     *
     * @throws ModerationConfigException when the guard's key variable is not set
     */
    public ModerationProvider provider(ModerationProvider local, Map<String, String> env, InstantSource clock) {
        return guardProvider(local, env, clock)
                .map(g -> ModerationProvider.combined(List.of(g, local)))
                .orElse(local);
    }

    /**
     * The moderator this configuration describes: {@link #provider} for every check, and on streamed
     * output the local part before every release with the guard asked within its {@link StreamHold}.
     *
     * @throws ModerationConfigException when the guard's key variable is not set
     */
    public Moderator moderator(ModerationProvider local, Map<String, String> env, InstantSource clock) {
        Optional<ModerationProvider> g = guardProvider(local, env, clock);
        return g.isEmpty()
                ? Moderator.create(local, this)
                : Moderator.withGuard(local, g.get(), guard.get().stream(), this);
    }

    /** The guard with its deadline, failure rule and cache, falling back to {@code local}; empty without one. */
    private Optional<ModerationProvider> guardProvider(
            ModerationProvider local, Map<String, String> env, InstantSource clock) {
        if (guard.isEmpty()) {
            return Optional.empty();
        }
        Guard g = guard.get();
        Optional<String> key = Optional.ofNullable(env.get(g.apiKeyEnv())).filter(k -> !k.isBlank());
        Duration timeout = g.policy().timeout();
        ModerationProvider remote =
                switch (g.provider()) {
                    case "llama_guard" ->
                        ModerationProvider.llamaGuard(new OpenAiModerationSettings(g.url(), key, g.model(), timeout));
                    case "openai" ->
                        ModerationProvider.openAiCompatible(
                                new OpenAiModerationSettings(g.url(), key, g.model(), timeout));
                    default ->
                        ModerationProvider.azureContentSafety(new AzureContentSafetySettings(
                                g.url(),
                                key.orElseThrow(() -> new ModerationConfigException(
                                        "moderation file", 0, 0, "guard azure needs its key in $" + g.apiKeyEnv())),
                                g.model(),
                                timeout));
                };
        return Optional.of(ModerationProvider.resilient(remote, g.policy(), local, clock));
    }

    /** Reads a moderation file. */
    public static ModerationConfig load(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ModerationConfigException(file.toString(), 0, 0, "no such file");
        } catch (IOException e) {
            throw new ModerationConfigException(file.toString(), 0, 0, "cannot be read: " + e.getMessage());
        }
    }

    /** Parses moderation YAML; {@code source} names it in errors. */
    public static ModerationConfig parse(String source, String yaml) {
        Map<String, JsonLocation> where = locations(source, yaml);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw error(source, e.getLocation(), "invalid YAML: " + e.getOriginalMessage());
        }
        Reader r = new Reader(source, where);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return NONE;
        }
        r.object(root, "", TOP);
        Map<String, TenantModeration> tenants = new LinkedHashMap<>();
        JsonNode t = root.path("tenants");
        if (!t.isMissingNode()) {
            r.object(t, "tenants", null);
            for (Map.Entry<String, JsonNode> e : t.properties()) {
                tenants.put(e.getKey(), r.tenant(e.getKey(), e.getValue(), "tenants." + e.getKey()));
            }
        }
        JsonNode g = root.path("guard");
        return new ModerationConfig(tenants, g.isMissingNode() ? Optional.empty() : Optional.of(r.guard(g)));
    }

    /** Walks the token stream once and records where each path's value (or key) starts. */
    private static Map<String, JsonLocation> locations(String source, String yaml) {
        Map<String, JsonLocation> out = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            Deque<String> path = new ArrayDeque<>();
            Deque<int[]> index = new ArrayDeque<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> {
                        String parent = path.isEmpty() ? "" : path.peek();
                        String here = parent.isEmpty() ? p.currentName() : parent + "." + p.currentName();
                        out.put(here + "#key", p.currentTokenLocation());
                        path.push(here);
                        index.push(new int[] {-1});
                        JsonToken v = p.nextToken();
                        out.put(here, p.currentTokenLocation());
                        if (v != JsonToken.START_OBJECT && v != JsonToken.START_ARRAY) {
                            path.pop();
                            index.pop();
                        } else {
                            index.peek()[0] = v == JsonToken.START_ARRAY ? 0 : -1;
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        // an item of a list
                        if (!index.isEmpty() && index.peek()[0] >= 0) {
                            String here = path.peek() + "[" + index.peek()[0]++ + "]";
                            out.put(here, p.currentTokenLocation());
                            path.push(here);
                            index.push(new int[] {t == JsonToken.START_ARRAY ? 0 : -1});
                        } else if (path.isEmpty()) {
                            path.push("");
                            index.push(new int[] {-1});
                        }
                    }
                    case END_OBJECT, END_ARRAY -> {
                        if (!path.isEmpty()) {
                            path.pop();
                            index.pop();
                        }
                    }
                    default -> {
                        if (!index.isEmpty() && index.peek()[0] >= 0) {
                            out.put(path.peek() + "[" + index.peek()[0]++ + "]", p.currentTokenLocation());
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw error(source, e.getLocation(), "invalid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModerationConfigException(source, 0, 0, "invalid YAML: " + e.getMessage());
        }
        return out;
    }

    private static ModerationConfigException error(String source, JsonLocation l, String detail) {
        return l == null
                ? new ModerationConfigException(source, 1, 1, detail)
                : new ModerationConfigException(
                        source, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()), detail);
    }

    /** Reads the tree, failing with the location of the offending path. */
    private record Reader(String source, Map<String, JsonLocation> where) {
        ModerationConfigException fail(String path, String detail) {
            return failAt(path, path, detail);
        }

        /** An error about the key at {@code path} (an unknown key): points at the key, not its value. */
        ModerationConfigException failAtKey(String path, String detail) {
            return failAt(path + "#key", path, detail);
        }

        private ModerationConfigException failAt(String at, String path, String detail) {
            JsonLocation l = where.getOrDefault(at, where.get(path));
            String what = path.isEmpty() ? detail : path + ": " + detail;
            return l == null ? new ModerationConfigException(source, 1, 1, what) : error(source, l, what);
        }

        void object(JsonNode n, String path, Set<String> known) {
            if (!n.isObject()) {
                throw fail(
                        path,
                        "must be a mapping, but was " + n.getNodeType().name().toLowerCase());
            }
            if (known != null) {
                for (String key : (Iterable<String>) n::fieldNames) {
                    if (!known.contains(key)) {
                        throw failAtKey(
                                path.isEmpty() ? key : path + "." + key,
                                "unknown key '" + key + "' (known here: "
                                        + known.stream().sorted().toList() + ")");
                    }
                }
            }
        }

        String text(JsonNode n, String path) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw fail(path, "must be a non-empty text, but was " + n);
            }
            return n.asText();
        }

        double fraction(JsonNode n, String path, String what) {
            if (!n.isNumber() || !(n.asDouble() > 0.0 && n.asDouble() <= 1.0)) {
                throw fail(path, what + " must be in (0, 1], but was " + n);
            }
            return n.asDouble();
        }

        long millis(JsonNode n, String path, long lo, long hi) {
            if (!n.canConvertToLong() || n.asLong() < lo || n.asLong() > hi) {
                throw fail(path, "must be a whole number of milliseconds in [" + lo + ", " + hi + "], but was " + n);
            }
            return n.asLong();
        }

        ModerationCategory category(JsonNode n, String path) {
            return WireName.parse(ModerationCategory.class, text(n, path))
                    .orElseThrow(() -> fail(
                            path,
                            "unknown category '" + n.asText() + "' (known: "
                                    + java.util.Arrays.stream(ModerationCategory.values())
                                            .map(ModerationCategory::wireName)
                                            .toList()
                                    + ")"));
        }

        TenantModeration tenant(String name, JsonNode n, String path) {
            object(n, path, TENANT);
            ModerationPreset.DirectInjection injection = ModerationPreset.DirectInjection.FLAG;
            if (n.has("direct_injection")) {
                String v = text(n.get("direct_injection"), path + ".direct_injection");
                injection = switch (v) {
                    case "flag" -> ModerationPreset.DirectInjection.FLAG;
                    case "signal" -> ModerationPreset.DirectInjection.SIGNAL;
                    default -> throw fail(path + ".direct_injection", "must be flag or signal, but was '" + v + "'");
                };
            }
            Map<String, ModerationPreset> presets = new HashMap<>();
            JsonNode ps = n.path("presets");
            if (!ps.isMissingNode()) {
                object(ps, path + ".presets", Set.of("standard", "high"));
            }
            for (String base : List.of("standard", "high")) {
                ModerationPreset builtIn = ModerationPreset.named(base);
                Map<ModerationCategory, Double> thresholds = new EnumMap<>(ModerationCategory.class);
                thresholds.putAll(builtIn.thresholds());
                JsonNode over = ps.path(base);
                if (!over.isMissingNode()) {
                    String p = path + ".presets." + base;
                    object(over, p, null);
                    for (Map.Entry<String, JsonNode> e : over.properties()) {
                        ModerationCategory c =
                                category(YAML.getNodeFactory().textNode(e.getKey()), p + "." + e.getKey());
                        thresholds.put(c, fraction(e.getValue(), p + "." + e.getKey(), "threshold"));
                    }
                }
                presets.put(base, new ModerationPreset(base, thresholds, injection));
            }
            List<TenantModeration.CustomRule> rules = new ArrayList<>();
            rules(n.path("terms"), path + ".terms", true, rules);
            rules(n.path("patterns"), path + ".patterns", false, rules);
            return new TenantModeration(name, presets, rules);
        }

        private void rules(JsonNode list, String path, boolean terms, List<TenantModeration.CustomRule> out) {
            if (list.isMissingNode()) {
                return;
            }
            if (!list.isArray()) {
                throw fail(
                        path,
                        "must be a list, but was " + list.getNodeType().name().toLowerCase());
            }
            for (int i = 0; i < list.size(); i++) {
                String p = path + "[" + i + "]";
                JsonNode r = list.get(i);
                object(r, p, RULE);
                String id = text(r.path("id"), p + ".id");
                if (!id.matches("[a-z0-9][a-z0-9_-]{0,40}")) {
                    throw fail(p + ".id", "must be lower-case letters, digits, - or _, but was '" + id + "'");
                }
                ModerationCategory c = category(r.path("category"), p + ".category");
                double w = fraction(r.path("weight"), p + ".weight", "weight");
                String regex;
                if (terms) {
                    JsonNode ts = r.path("terms");
                    if (!ts.isArray() || ts.isEmpty()) {
                        throw fail(p + ".terms", "must be a non-empty list of words or phrases");
                    }
                    List<String> quoted = new ArrayList<>();
                    for (int k = 0; k < ts.size(); k++) {
                        String term = text(ts.get(k), p + ".terms[" + k + "]").toLowerCase(java.util.Locale.ROOT);
                        quoted.add(Pattern.quote(LocalModerationProvider.normalise(term)));
                    }
                    regex = "(?<![\\p{L}\\p{N}])(?:" + String.join("|", quoted) + ")(?![\\p{L}\\p{N}])";
                } else {
                    regex = text(r.path("pattern"), p + ".pattern");
                }
                try {
                    out.add(new TenantModeration.CustomRule(id, c, w, Pattern.compile(regex)));
                } catch (PatternSyntaxException e) {
                    throw fail(
                            p + ".pattern",
                            "not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
                }
            }
        }

        Guard guard(JsonNode g) {
            object(g, "guard", GUARD);
            String provider = text(g.path("provider"), "guard.provider");
            if (!Set.of("llama_guard", "azure", "openai").contains(provider)) {
                throw fail("guard.provider", "must be llama_guard, azure or openai, but was '" + provider + "'");
            }
            String url = text(g.path("url"), "guard.url");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw fail("guard.url", "not a URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw fail("guard.url", "must be an http or https URL, but was '" + url + "'");
            }
            String defaultModel =
                    switch (provider) {
                        case "llama_guard" -> "llama-guard3:8b";
                        case "openai" -> "omni-moderation-latest";
                        default -> "2024-09-01";
                    };
            String model = g.has("model") ? text(g.get("model"), "guard.model") : defaultModel;
            String keyEnv = g.has("api_key_env")
                    ? text(g.get("api_key_env"), "guard.api_key_env")
                    : "LUKHAS_MODERATION_API_KEY";
            long timeout = g.has("timeout_ms") ? millis(g.get("timeout_ms"), "guard.timeout_ms", 10, 60_000) : 1000;
            long ttl =
                    g.has("cache_ttl_ms") ? millis(g.get("cache_ttl_ms"), "guard.cache_ttl_ms", 0, 3_600_000) : 30_000;
            RemoteModerationPolicy.OnFailure onFailure = RemoteModerationPolicy.OnFailure.FAIL_CLOSED;
            if (g.has("on_failure")) {
                try {
                    onFailure = RemoteModerationPolicy.OnFailure.parse(text(g.get("on_failure"), "guard.on_failure"));
                } catch (IllegalArgumentException e) {
                    throw fail("guard.on_failure", e.getMessage());
                }
            }
            long hold = g.has("stream_max_hold_ms")
                    ? millis(g.get("stream_max_hold_ms"), "guard.stream_max_hold_ms", 1, 60_000)
                    : 300;
            StreamHold.OnExpiry onExpiry = onFailure == RemoteModerationPolicy.OnFailure.FAIL_CLOSED
                    ? StreamHold.OnExpiry.FAIL_CLOSED
                    : StreamHold.OnExpiry.RELEASE_ON_LOCAL;
            if (g.has("stream_on_hold_expiry")) {
                try {
                    onExpiry = StreamHold.OnExpiry.parse(
                            text(g.get("stream_on_hold_expiry"), "guard.stream_on_hold_expiry"));
                } catch (IllegalArgumentException e) {
                    throw fail("guard.stream_on_hold_expiry", e.getMessage());
                }
            }
            return new Guard(
                    provider,
                    uri,
                    model,
                    keyEnv,
                    new RemoteModerationPolicy(Duration.ofMillis(timeout), onFailure, Duration.ofMillis(ttl), 10_000),
                    new StreamHold(Duration.ofMillis(hold), onExpiry));
        }
    }
}
