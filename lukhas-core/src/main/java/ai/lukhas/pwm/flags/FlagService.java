package ai.lukhas.pwm.flags;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.openfeature.sdk.FeatureProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The flag values LUKHAS PWM runs with. Sources, highest first: runtime overrides (scoped ones of
 * {@link #override}, then the stored ones of {@link #set}, kept in a {@link FlagOverrideStore} so they
 * survive a restart) &gt; environment {@code LUKHAS_FLAG_<NAME>} (legacy {@code FLAG_<NAME>}) &gt; the
 * YAML file &gt; the registered default. The environment, the file and the override store are re-read
 * at most every {@link #REFRESH} (measured on the injected clock), so a change takes effect without a
 * restart; overrides set through this service take effect at once.
 * A malformed setting is skipped (the next source down supplies the value) and listed in
 * {@link #errors()}; it never silently becomes {@code false}.
 *
 * <pre>{@code
 * FlagService flags = FlagService.create(FlagRegistry.standard(), Optional.of(Path.of("lukhas_flags.yaml")),
 *         System::getenv, Clock.systemUTC());
 * flags.isEnabled("BROWSER_TOOL", false);
 * try (FlagOverride o = flags.override("BROWSER_TOOL", true)) { ... }   // restored on close
 * flags.set("STRICT_DEFAULT", "true");          // stored: lasts until cleared, across restarts
 * Client client = api.getClient(); // after api.setProvider(flags.openFeatureProvider())
 * }</pre>
 */
public final class FlagService implements Flags {
    /** How long environment and file values are reused before they are read again. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    /** The file read when no other path is configured, relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of("lukhas_flags.yaml");

    /** Environment variable that names another flags file. */
    public static final String FILE_VARIABLE = "LUKHAS_FLAGS_FILE";

    static final String ENV_PREFIX = "LUKHAS_FLAG_";
    static final String LEGACY_ENV_PREFIX = "FLAG_";

    private static final YAMLMapper YAML = new YAMLMapper();

    private final FlagRegistry registry;
    private final Optional<Path> file;
    private final Supplier<Map<String, String>> environment;
    private final Clock clock;
    private final FlagOverrideStore store;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();
    private final Object refreshLock = new Object();
    private volatile Sources sources;

    /** Values read from the override store, the environment and the file at one instant. */
    private record Sources(
            Instant readAt,
            Map<String, ResolvedFlag> stored,
            Map<String, ResolvedFlag> env,
            Map<String, ResolvedFlag> file,
            List<FlagConfigurationError> errors) {}

    private FlagService(
            FlagRegistry registry,
            Optional<Path> file,
            Supplier<Map<String, String>> environment,
            Clock clock,
            FlagOverrideStore store) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.file = Objects.requireNonNull(file, "file");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = Objects.requireNonNull(store, "store");
        this.sources = read(clock.instant(), Optional.empty());
    }

    /**
     * A service over {@code registry}, reading {@code file} (when present; a missing file contributes
     * nothing) and the variables {@code environment} supplies, timed by {@code clock}; overrides set
     * through it are kept in memory ({@link FlagOverrideStore#inMemory()}).
     */
    public static FlagService create(
            FlagRegistry registry, Optional<Path> file, Supplier<Map<String, String>> environment, Clock clock) {
        return create(registry, file, environment, clock, FlagOverrideStore.inMemory());
    }

    /**
     * {@link #create(FlagRegistry, Optional, Supplier, Clock)} with the overrides of {@link #set} kept in
     * {@code store}, whose current content applies from now on.
     *
     * @throws RuntimeException whatever the store throws when it cannot be read now (a start must not
     *     go on without the overrides an operator stored, STRICT_DEFAULT among them)
     */
    public static FlagService create(
            FlagRegistry registry,
            Optional<Path> file,
            Supplier<Map<String, String>> environment,
            Clock clock,
            FlagOverrideStore store) {
        return new FlagService(registry, file, environment, clock, store);
    }

    /**
     * The standard registry, the process environment and the file named by {@code LUKHAS_FLAGS_FILE}
     * (default {@code ./lukhas_flags.yaml}).
     */
    public static FlagService fromProcessEnvironment(Clock clock) {
        return standard(Optional.empty(), Map.copyOf(System.getenv()), clock);
    }

    /**
     * The standard registry over {@code env}, reading {@code file} when given, else the file named by
     * {@code LUKHAS_FLAGS_FILE} in {@code env}, else {@code ./lukhas_flags.yaml}.
     */
    public static FlagService standard(Optional<Path> file, Map<String, String> env, Clock clock) {
        return standard(file, env, clock, FlagOverrideStore.inMemory());
    }

    /** {@link #standard(Optional, Map, Clock)} with the stored overrides of {@code store}. */
    public static FlagService standard(
            Optional<Path> file, Map<String, String> env, Clock clock, FlagOverrideStore store) {
        Path path = file.orElseGet(() -> Optional.ofNullable(env.get(FILE_VARIABLE))
                .filter(p -> !p.isBlank())
                .map(Path::of)
                .orElse(DEFAULT_FILE));
        Map<String, String> fixed = Map.copyOf(env);
        return create(FlagRegistry.standard(), Optional.of(path), () -> fixed, clock, store);
    }

    public FlagRegistry registry() {
        return registry;
    }

    /** The file this service reads, if any. */
    public Optional<Path> file() {
        return file;
    }

    @Override
    public boolean isEnabled(String name, boolean defaultValue) {
        return resolve(name)
                .filter(f -> f.definition().type() == FlagType.BOOLEAN)
                .map(f -> Boolean.parseBoolean(f.value()))
                .orElse(defaultValue);
    }

    @Override
    public String stringValue(String name, String defaultValue) {
        return resolve(name)
                .filter(f -> f.definition().type() == FlagType.STRING)
                .map(ResolvedFlag::value)
                .orElse(defaultValue);
    }

    /** The current value of a registered flag and its source; empty for an unknown name. */
    public Optional<ResolvedFlag> resolve(String name) {
        Optional<FlagDefinition> definition = registry.find(name);
        if (definition.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(resolve(definition.get(), current()));
    }

    /** Every registered flag with its current value and source, in registration order. */
    public List<ResolvedFlag> all() {
        Sources s = current();
        return registry.all().stream().map(d -> resolve(d, s)).toList();
    }

    /** Malformed settings found by the latest read of the environment and the file. */
    public List<FlagConfigurationError> errors() {
        return current().errors();
    }

    /**
     * Overrides {@code name} with {@code value} until the returned handle is closed, which restores
     * exactly the override state before this call (so overrides nest).
     *
     * @throws IllegalArgumentException if the flag is unknown or the value is not valid for it
     */
    public FlagOverride override(String name, String value) {
        String canonical = canonical(name, value);
        Optional<String> previous = Optional.ofNullable(overrides.put(name, canonical));
        return new FlagOverride(this, name, previous);
    }

    /**
     * Overrides {@code name} with {@code value} until {@link #clearOverride} (the admin API's {@code PUT
     * /v1/flags/{name}}): written to the {@link FlagOverrideStore} first, so it is in effect here at once
     * and survives a restart; a scoped {@link #override} of the same flag still wins while it is open.
     *
     * @return the flag as it resolves now
     * @throws IllegalArgumentException if the flag is unknown or the value is not valid for it
     */
    public ResolvedFlag set(String name, String value) {
        String canonical = canonical(name, value);
        store.put(name, new FlagOverrideStore.Stored(canonical, clock.instant()));
        reread();
        return resolve(name).orElseThrow();
    }

    private String canonical(String name, String value) {
        FlagDefinition definition = registry.find(name)
                .orElseThrow(() ->
                        new IllegalArgumentException("flag must be one of " + names() + ", but was '" + name + "'"));
        return definition
                .parse(value)
                .orElseThrow(() -> new IllegalArgumentException(
                        "value of flag " + name + " must be " + definition.expected() + ", but was '" + value + "'"));
    }

    /** {@link #override(String, String)} for a boolean flag. */
    public FlagOverride override(String name, boolean value) {
        return override(name, Boolean.toString(value));
    }

    /**
     * Removes the runtime overrides of {@code name}, scoped and stored, if any, so the flag takes its
     * value from the environment, the file or its default again. Returns the value that was in effect
     * through an override, if one was.
     *
     * @throws IllegalArgumentException if the flag is unknown
     */
    public Optional<String> clearOverride(String name) {
        registry.find(name)
                .orElseThrow(() ->
                        new IllegalArgumentException("flag must be one of " + names() + ", but was '" + name + "'"));
        Optional<String> stored =
                Optional.ofNullable(current().stored().get(name)).map(ResolvedFlag::value);
        Optional<String> scoped = Optional.ofNullable(overrides.remove(name));
        store.remove(name);
        reread();
        return scoped.or(() -> stored);
    }

    /** Reads every source now, so a change this service made to the store is in effect at once. */
    private void reread() {
        synchronized (refreshLock) {
            sources = read(clock.instant(), Optional.of(sources));
        }
    }

    void restore(String name, Optional<String> previous) {
        previous.ifPresentOrElse(v -> overrides.put(name, v), () -> overrides.remove(name));
    }

    /** An OpenFeature provider backed by this service, for {@code OpenFeatureAPI.setProvider}. */
    public FeatureProvider openFeatureProvider() {
        return new LukhasFeatureProvider(this);
    }

    private List<String> names() {
        return registry.all().stream().map(FlagDefinition::name).toList();
    }

    private ResolvedFlag resolve(FlagDefinition d, Sources s) {
        String override = overrides.get(d.name());
        if (override != null) {
            return new ResolvedFlag(d, override, FlagSource.OVERRIDE, "runtime override");
        }
        ResolvedFlag stored = s.stored().get(d.name());
        if (stored != null) {
            return stored;
        }
        ResolvedFlag fromEnv = s.env().get(d.name());
        if (fromEnv != null) {
            return fromEnv;
        }
        ResolvedFlag fromFile = s.file().get(d.name());
        if (fromFile != null) {
            return fromFile;
        }
        return new ResolvedFlag(d, d.defaultValue(), FlagSource.DEFAULT, "registered default");
    }

    private Sources current() {
        Sources s = sources;
        Instant now = clock.instant();
        if (now.isBefore(s.readAt().plus(REFRESH)) && !now.isBefore(s.readAt())) {
            return s;
        }
        synchronized (refreshLock) {
            s = sources;
            if (now.isBefore(s.readAt().plus(REFRESH)) && !now.isBefore(s.readAt())) {
                return s;
            }
            s = read(now, Optional.of(s));
            sources = s;
            return s;
        }
    }

    private Sources read(Instant now, Optional<Sources> previous) {
        List<FlagConfigurationError> errors = new ArrayList<>();
        Map<String, ResolvedFlag> stored = readStore(errors, previous);
        Map<String, ResolvedFlag> env = readEnvironment(errors);
        Map<String, ResolvedFlag> fromFile = file.map(p -> readFile(p, errors)).orElse(Map.of());
        return new Sources(now, Map.copyOf(stored), Map.copyOf(env), Map.copyOf(fromFile), List.copyOf(errors));
    }

    /**
     * The stored overrides. When the store cannot be read on a refresh, the overrides read last stay in
     * effect (a database hiccup must not drop an operator's STRICT_DEFAULT) and the failure is listed;
     * on the first read there is nothing to fall back on, so the failure is thrown.
     */
    private Map<String, ResolvedFlag> readStore(List<FlagConfigurationError> errors, Optional<Sources> previous) {
        Map<String, FlagOverrideStore.Stored> rows;
        try {
            rows = store.all();
        } catch (RuntimeException e) {
            if (previous.isEmpty()) {
                throw e;
            }
            errors.add(new FlagConfigurationError(
                    "*",
                    FlagSource.OVERRIDE,
                    store.describe(),
                    "(store)",
                    "cannot be read, the overrides read before stay in effect: " + e.getMessage()));
            return previous.get().stored();
        }
        Map<String, ResolvedFlag> values = new HashMap<>();
        rows.forEach((name, row) -> {
            Optional<FlagDefinition> definition = registry.find(name);
            Optional<String> parsed = definition.flatMap(d -> d.parse(row.value()));
            if (parsed.isPresent()) {
                values.put(
                        name,
                        new ResolvedFlag(
                                definition.get(),
                                parsed.get(),
                                FlagSource.OVERRIDE,
                                "runtime override, stored in " + store.describe() + " at " + row.setAt()));
            } else {
                errors.add(new FlagConfigurationError(
                        name,
                        FlagSource.OVERRIDE,
                        store.describe(),
                        row.value(),
                        definition
                                .map(d -> "expected " + d.expected())
                                .orElseGet(() -> "unknown flag; known flags are " + names())));
            }
        });
        return values;
    }

    private Map<String, ResolvedFlag> readEnvironment(List<FlagConfigurationError> errors) {
        Map<String, String> vars = Map.copyOf(environment.get());
        Map<String, ResolvedFlag> values = new HashMap<>();
        for (FlagDefinition d : registry.all()) {
            String variable = ENV_PREFIX + d.name();
            String raw = vars.get(variable);
            if (raw == null) {
                variable = LEGACY_ENV_PREFIX + d.name();
                raw = vars.get(variable);
            }
            if (raw == null) {
                continue;
            }
            Optional<String> parsed = d.parse(raw);
            if (parsed.isPresent()) {
                values.put(d.name(), new ResolvedFlag(d, parsed.get(), FlagSource.ENVIRONMENT, variable));
            } else {
                errors.add(new FlagConfigurationError(
                        d.name(), FlagSource.ENVIRONMENT, variable, raw, "expected " + d.expected()));
            }
        }
        vars.keySet().stream()
                .filter(k -> k.startsWith(ENV_PREFIX))
                .filter(k -> registry.find(k.substring(ENV_PREFIX.length())).isEmpty())
                .sorted()
                .forEach(k -> errors.add(new FlagConfigurationError(
                        k.substring(ENV_PREFIX.length()),
                        FlagSource.ENVIRONMENT,
                        k,
                        vars.get(k),
                        "unknown flag; known flags are " + names())));
        return values;
    }

    private Map<String, ResolvedFlag> readFile(Path path, List<FlagConfigurationError> errors) {
        String origin = path.toString();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (JacksonException e) {
            errors.add(new FlagConfigurationError(
                    "*", FlagSource.FILE, origin, "(file)", "not valid YAML: " + e.getOriginalMessage()));
            return Map.of();
        } catch (IOException e) {
            errors.add(new FlagConfigurationError("*", FlagSource.FILE, origin, "(file)", "cannot be read: " + e));
            return Map.of();
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            errors.add(new FlagConfigurationError(
                    "*", FlagSource.FILE, origin, root.toString(), "expected a mapping of flag name to value"));
            return Map.of();
        }
        Map<String, ResolvedFlag> values = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            String raw = node.isValueNode() ? node.asText() : node.toString();
            Optional<FlagDefinition> definition = registry.find(name);
            if (definition.isEmpty()) {
                errors.add(new FlagConfigurationError(
                        name, FlagSource.FILE, origin, raw, "unknown flag; known flags are " + names()));
                continue;
            }
            FlagDefinition d = definition.get();
            Optional<String> parsed = node.isValueNode() && !node.isNull() ? d.parse(raw) : Optional.empty();
            if (parsed.isPresent()) {
                values.put(name, new ResolvedFlag(d, parsed.get(), FlagSource.FILE, origin));
            } else {
                errors.add(new FlagConfigurationError(name, FlagSource.FILE, origin, raw, "expected " + d.expected()));
            }
        }
        return values;
    }
}
