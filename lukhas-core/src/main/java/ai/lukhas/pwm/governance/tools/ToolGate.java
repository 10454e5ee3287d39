package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.flags.Flags;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only path from a model's tool call to an executor (safety invariant 4). It builds each request's
 * {@link ToolOffer}, and at call time checks that the tool was offered and that its arguments are a
 * JSON object valid against the tool's schema; a call that fails a check never runs and becomes a
 * {@link ToolCallDecision.Blocked} value, never an exception. Allowed calls run with the tool's
 * timeout and output cap.
 *
 * <pre>{@code
 * try (ToolGate gate = ToolGate.create(registry, flags)) {
 *     ToolOffer offer = gate.offer(ToolOfferRequest.of(modulated.toolAllowlist()));
 *     ToolRunResult result = gate.run(offer, new ToolCall("c1", "retrieve_knowledge", "{\"query\":\"x\"}"),
 *             new ToolContext(caller.tenantId(), modulated.retrievalK()));
 * }
 * }</pre>
 */
public final class ToolGate implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ToolGate.class);
    private static final int MAX_NAME_SHOWN = 64;
    private static final int MAX_ERRORS_SHOWN = 3;
    private static final String UNREGISTERED = "(unregistered)";
    /** Arguments longer than this are refused before parsing: no real tool call needs a megabyte of JSON. */
    static final int MAX_ARGUMENT_CHARS = 1_000_000;

    /** Strict parsing: duplicate keys and trailing content are errors, not silently resolved. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private final ToolRegistry registry;
    private final Flags flags;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();

    private ToolGate(ToolRegistry registry, Flags flags) {
        this.registry = registry;
        this.flags = flags;
    }

    /** A gate over {@code registry}; {@code flags} is read at every {@link #offer}. */
    public static ToolGate create(ToolRegistry registry, Flags flags) {
        return new ToolGate(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(flags, "flags"));
    }

    /**
     * The tools offered for one request: tenant ceiling ∩ request allowlist ∩ modulated allowlist ∩
     * flags ∩ executors available here, with the first failing stage recorded for every other tool.
     */
    public ToolOffer offer(ToolOfferRequest request) {
        return offer(request, List.of());
    }

    /**
     * The offer with the request's own client-side tools (functions the application defined in this
     * request and runs itself). They pass the same stages as registered tools and are checked the
     * same way at call time; their allowlist name is their function name.
     *
     * @throws IllegalArgumentException naming the tool when a client tool's schema is invalid, or its
     *     name is taken by a registered tool or by another client tool of the request
     */
    public ToolOffer offer(ToolOfferRequest request, List<ToolDefinition> clientTools) {
        Checks.nonNull("request, clientTools", request, clientTools);
        List<RegisteredTool> candidates = new ArrayList<>(registry.entries());
        if (!clientTools.isEmpty()) {
            com.networknt.schema.SchemaRegistry schemas = ToolRegistry.schemaRegistry();
            for (ToolDefinition d : clientTools) {
                for (RegisteredTool existing : candidates) {
                    if (existing.matches(d.name())) {
                        throw new IllegalArgumentException(
                                "client tool name '" + d.name() + "' is already taken by tool '"
                                        + existing.definition().name() + "'");
                    }
                }
                candidates.add(new RegisteredTool(
                        d.name(),
                        d,
                        Optional.empty(),
                        new RegisteredTool.Handling.ClientSide(),
                        ToolRegistry.Builder.compile(schemas, d)));
            }
        }
        List<RegisteredTool> offered = new ArrayList<>();
        List<ToolExclusion> excluded = new ArrayList<>();
        for (RegisteredTool tool : candidates) {
            Optional<ToolExclusion> why = exclusion(tool, request);
            if (why.isPresent()) {
                excluded.add(why.get());
            } else {
                offered.add(tool);
            }
        }
        return new ToolOffer(registry, offered, excluded);
    }

    private Optional<ToolExclusion> exclusion(RegisteredTool tool, ToolOfferRequest request) {
        String name = tool.allowlistName();
        if (request.tenantCeiling().isPresent()
                && !listed(tool, request.tenantCeiling().get())) {
            return Optional.of(
                    new ToolExclusion(name, ToolExclusion.Stage.TENANT_CEILING, "not in the tenant's tool ceiling"));
        }
        if (request.requestAllowlist().isPresent()
                && !listed(tool, request.requestAllowlist().get())) {
            return Optional.of(new ToolExclusion(
                    name, ToolExclusion.Stage.REQUEST_ALLOWLIST, "not in the request's tool allowlist"));
        }
        if (!listed(tool, request.modulatedAllowlist())) {
            return Optional.of(new ToolExclusion(
                    name,
                    ToolExclusion.Stage.MODULATED_ALLOWLIST,
                    "not in the modulated tool_allowlist " + sorted(request.modulatedAllowlist())));
        }
        if (tool.flag().isPresent() && !flags.isEnabled(tool.flag().get(), false)) {
            return Optional.of(new ToolExclusion(
                    name, ToolExclusion.Stage.FLAG_OFF, "flag " + tool.flag().get() + " is off"));
        }
        return switch (tool.handling()) {
            case RegisteredTool.Handling.NotConfigured n ->
                Optional.of(new ToolExclusion(
                        name, ToolExclusion.Stage.EXECUTOR_UNAVAILABLE, "no executor is configured for this tool"));
            case RegisteredTool.Handling.Executed e ->
                e.executor()
                        .unavailableReason()
                        .map(r -> new ToolExclusion(name, ToolExclusion.Stage.EXECUTOR_UNAVAILABLE, r));
            case RegisteredTool.Handling.ClientSide c -> Optional.empty();
        };
    }

    private static boolean listed(RegisteredTool tool, Set<String> allowlist) {
        for (String entry : allowlist) {
            if (tool.matches(entry)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /**
     * Checks one call against the offer without running anything: was the tool offered, and do its
     * arguments parse as a JSON object that validates against the tool's schema? Blank arguments count
     * as {@code {}} (some models send "" for tools without parameters); the schema still applies.
     */
    public ToolCallDecision check(ToolOffer offer, ToolCall call) {
        Objects.requireNonNull(call, "call");
        requireOwnOffer(offer);
        Optional<RegisteredTool> offered = offer.lookup(call.name());
        if (offered.isEmpty()) {
            Optional<RegisteredTool> known = registry.byFunctionName(call.name());
            String reason = known.map(t -> "it was not offered for this request ("
                            + offer.exclusionOf(t)
                                    .map(e -> e.stage().wireName() + ": " + e.reason())
                                    .orElse("not offered")
                            + ")")
                    .or(() -> offer.excluded().stream()
                            .filter(e -> e.tool().equals(call.name()))
                            .findFirst()
                            .map(e -> "it was not offered for this request ("
                                    + e.stage().wireName() + ": " + e.reason() + ")"))
                    .orElse("no tool of that name exists");
            return new ToolCallDecision.Blocked(shown(call.name()), ToolCallDecision.Kind.BLOCKED_TOOL, reason);
        }
        RegisteredTool tool = offered.get();
        String name = tool.definition().name();
        if (call.arguments().length() > MAX_ARGUMENT_CHARS) {
            return new ToolCallDecision.Blocked(
                    name,
                    ToolCallDecision.Kind.INVALID_ARGUMENTS,
                    "arguments are " + call.arguments().length() + " characters long; the limit is "
                            + MAX_ARGUMENT_CHARS);
        }
        JsonNode arguments;
        try {
            arguments = JSON.readTree(call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (JsonProcessingException e) {
            return new ToolCallDecision.Blocked(
                    name,
                    ToolCallDecision.Kind.INVALID_ARGUMENTS,
                    "arguments are not valid JSON (" + clip(e.getOriginalMessage(), 160) + ")");
        }
        if (arguments == null || !arguments.isObject()) {
            return new ToolCallDecision.Blocked(
                    name,
                    ToolCallDecision.Kind.INVALID_ARGUMENTS,
                    "arguments must be a JSON object, but were "
                            + (arguments == null
                                    ? "empty"
                                    : arguments.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        List<com.networknt.schema.Error> errors = tool.schema().validate(arguments);
        if (!errors.isEmpty()) {
            StringBuilder reason = new StringBuilder("arguments do not match the tool's schema: ");
            for (int i = 0; i < Math.min(MAX_ERRORS_SHOWN, errors.size()); i++) {
                if (i > 0) {
                    reason.append("; ");
                }
                com.networknt.schema.Error error = errors.get(i);
                String at = String.valueOf(error.getInstanceLocation());
                reason.append(clip((at.isEmpty() || at.equals("/") ? "" : at + ": ") + error.getMessage(), 160));
            }
            if (errors.size() > MAX_ERRORS_SHOWN) {
                reason.append("; and ").append(errors.size() - MAX_ERRORS_SHOWN).append(" more");
            }
            return new ToolCallDecision.Blocked(name, ToolCallDecision.Kind.INVALID_ARGUMENTS, reason.toString());
        }
        return new ToolCallDecision.Allowed(name, tool.allowlistName(), arguments);
    }

    /**
     * Checks the call and, only when it is allowed, runs it with the tool's timeout and output cap.
     * Client-side tools are not run: their validated arguments are handed back.
     */
    public ToolRunResult run(ToolOffer offer, ToolCall call, ToolContext context) {
        Objects.requireNonNull(context, "context");
        ToolCallDecision decision = check(offer, call);
        return switch (decision) {
            case ToolCallDecision.Blocked b -> {
                Counters c = counters(offer.lookup(call.name()).isPresent() ? b.tool() : registeredOrUnknown(call));
                (b.kind() == ToolCallDecision.Kind.BLOCKED_TOOL ? c.blockedTool : c.invalidArguments).increment();
                yield new ToolRunResult.Blocked(b);
            }
            case ToolCallDecision.Allowed a -> execute(offer.lookup(a.tool()).orElseThrow(), a, call, context);
        };
    }

    private String registeredOrUnknown(ToolCall call) {
        return registry.byFunctionName(call.name()).isPresent() ? call.name() : UNREGISTERED;
    }

    private ToolRunResult execute(
            RegisteredTool tool, ToolCallDecision.Allowed allowed, ToolCall call, ToolContext context) {
        Counters c = counters(allowed.tool());
        return switch (tool.handling()) {
            case RegisteredTool.Handling.ClientSide cs -> {
                c.clientSide.increment();
                yield new ToolRunResult.ClientSide(allowed.tool(), call.id(), allowed.arguments());
            }
            case RegisteredTool.Handling.NotConfigured n ->
                // offer() never offers such a tool, so reaching this is a bug in this class
                throw new IllegalStateException("tool " + allowed.tool() + " was offered without an executor");
            case RegisteredTool.Handling.Executed e -> runWithLimits(e, allowed, context, c);
        };
    }

    private ToolRunResult runWithLimits(
            RegisteredTool.Handling.Executed e, ToolCallDecision.Allowed allowed, ToolContext context, Counters c) {
        String name = allowed.tool();
        JsonNode arguments = allowed.arguments();
        Future<ToolOutcome> future = workers.submit(() -> e.executor().execute(arguments, context));
        ToolOutcome outcome;
        try {
            outcome = future.get(e.limits().timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException ex) {
            future.cancel(true);
            c.timeouts.increment();
            return new ToolRunResult.Failed(
                    name,
                    ToolRunResult.Failed.Kind.TIMEOUT,
                    "Tool '" + name + "' timed out after " + millis(e.limits().timeout()) + " ms");
        } catch (ExecutionException ex) {
            c.crashes.increment();
            LOG.warn("tool {} failed", name, ex.getCause());
            return new ToolRunResult.Failed(
                    name, ToolRunResult.Failed.Kind.CRASHED, "Tool '" + name + "' failed: internal error");
        } catch (InterruptedException ex) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            c.crashes.increment();
            return new ToolRunResult.Failed(
                    name, ToolRunResult.Failed.Kind.CRASHED, "Tool '" + name + "' was interrupted");
        }
        if (outcome == null) {
            c.crashes.increment();
            LOG.warn("tool {} returned null", name);
            return new ToolRunResult.Failed(
                    name, ToolRunResult.Failed.Kind.CRASHED, "Tool '" + name + "' failed: internal error");
        }
        int cap = e.limits().maxOutputChars();
        return switch (outcome) {
            case ToolOutcome.Output o -> {
                c.completed.increment();
                if (o.text().length() <= cap) {
                    yield new ToolRunResult.Completed(name, o.text(), false);
                }
                c.truncated.increment();
                yield new ToolRunResult.Completed(
                        name, cut(o.text(), cap) + "\n[output truncated at " + cap + " characters]", true);
            }
            case ToolOutcome.Error err -> {
                c.toolErrors.increment();
                yield new ToolRunResult.Failed(
                        name,
                        ToolRunResult.Failed.Kind.TOOL_ERROR,
                        "Tool '" + name + "' error: " + cut(err.text(), cap));
            }
        };
    }

    /** Counters per function name; calls to names that are not registered count under "(unregistered)". */
    public Map<String, ToolCounts> counts() {
        Map<String, ToolCounts> snapshot = new LinkedHashMap<>();
        counters.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(en -> snapshot.put(en.getKey(), en.getValue().snapshot()));
        return snapshot;
    }

    private Counters counters(String name) {
        return counters.computeIfAbsent(name, n -> new Counters());
    }

    private void requireOwnOffer(ToolOffer offer) {
        Objects.requireNonNull(offer, "offer");
        if (offer.registry() != registry) {
            throw new IllegalArgumentException("this offer was made by a gate over another tool registry");
        }
    }

    /** Model-chosen names go into messages; keep them printable and short. */
    private static String shown(String name) {
        String printable = name.codePoints()
                .map(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .replace('\'', '?');
        return printable.length() > MAX_NAME_SHOWN ? cut(printable, MAX_NAME_SHOWN) + "…" : printable;
    }

    private static String clip(String s, int max) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ");
        return one.length() > max ? cut(one, max) + "…" : one;
    }

    /** Cuts without splitting a surrogate pair. */
    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }

    /** Stops accepting executions and interrupts running ones. */
    @Override
    public void close() {
        workers.shutdownNow();
    }

    private static final class Counters {
        final LongAdder blockedTool = new LongAdder();
        final LongAdder invalidArguments = new LongAdder();
        final LongAdder completed = new LongAdder();
        final LongAdder truncated = new LongAdder();
        final LongAdder toolErrors = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder crashes = new LongAdder();
        final LongAdder clientSide = new LongAdder();

        ToolCounts snapshot() {
            return new ToolCounts(
                    blockedTool.sum(),
                    invalidArguments.sum(),
                    completed.sum(),
                    truncated.sum(),
                    toolErrors.sum(),
                    timeouts.sum(),
                    crashes.sum(),
                    clientSide.sum());
        }
    }
}
