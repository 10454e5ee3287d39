package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pipeline.Caller;
import ai.lukhas.pwm.pipeline.ClientParams;
import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.pipeline.GovernedResult;
import ai.lukhas.pwm.pipeline.GovernedStream;
import ai.lukhas.pwm.pipeline.MemoryOutcome;
import ai.lukhas.pwm.pipeline.MemoryProposal;
import ai.lukhas.pwm.pipeline.Outcome;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.OpenAiJson;
import ai.lukhas.pwm.provider.WireFormatException;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible chat API: {@code POST /v1/chat/completions} (plain and {@code stream: true}
 * server-sent events; {@code GET /v1/models} is {@link ModelsRoutes}). Requests are parsed strictly (errors name the
 * JSON path), mapped to a {@link GovernedRequest} and run through the {@link GovernedPipeline};
 * answers are in the official wire format plus the {@code lukhas} extension and the
 * {@code x-lukhas-*} headers.
 *
 * <p>Fields OpenAI defines that the gateway does not act on (penalties, seed, logprobs, metadata,
 * ...) are accepted and ignored so the SDKs work; {@code n} other than 1 is refused; anything else
 * unknown is a 400 naming the field. In a stream the audit id is known only at the end, so the last
 * chunk (the one with {@code finish_reason}) carries the {@code lukhas} extension.
 *
 * <pre>{@code new ChatRoutes(support, pipeline, policy.signalNames(), tenantTools, config.upstream().model(), clock)}</pre>
 */
public record ChatRoutes(
        RouteSupport support,
        GovernedPipeline pipeline,
        List<String> signalNames,
        TenantTools tenantTools,
        String defaultModel,
        Clock clock)
        implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(ChatRoutes.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> ACCEPTED_AND_IGNORED = Set.of(
            "frequency_penalty",
            "presence_penalty",
            "logit_bias",
            "logprobs",
            "top_logprobs",
            "metadata",
            "store",
            "service_tier",
            "seed",
            "response_format",
            "parallel_tool_calls",
            "tool_choice",
            "reasoning_effort",
            "stop");
    private static final Set<String> KNOWN = union(
            ACCEPTED_AND_IGNORED,
            Set.of(
                    "model",
                    "messages",
                    "temperature",
                    "top_p",
                    "max_tokens",
                    "max_completion_tokens",
                    "n",
                    "stream",
                    "stream_options",
                    "tools",
                    "user",
                    "lukhas"));
    /** In a tenant's {@code tools}: the application's own function tools may be offered. */
    public static final String CLIENT_TOOLS = "client_tools";

    private static final Pattern HEADER_SIGNAL = Pattern.compile("\\s*([a-z][a-z0-9_]{0,63})\\s*=\\s*([^,]+?)\\s*");

    public ChatRoutes {
        signalNames = List.copyOf(signalNames);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/chat/completions", this::chat);
    }

    private void chat(Context ctx) {
        Principal principal = support.auth(ctx, Role.CLIENT);
        ObjectNode body = Json.object(ctx);
        Parsed p = parse(ctx, body, principal);
        ctx.header("x-lukhas-session", p.request().sessionId());
        if (p.stream()) {
            stream(ctx, p);
        } else {
            GovernedResult r = pipeline.complete(p.request());
            headers(ctx, r);
            if (r.outcome() == Outcome.PROVIDER_ERROR) {
                throw new ProblemException(Problem.of(
                        502,
                        "Upstream model failed",
                        "the model provider failed after retries ("
                                + r.failure().orElse("no detail") + "); the request is audited as " + r.auditId()));
            }
            ObjectNode answer =
                    OpenAiJson.completion(r.response(), clock.instant().getEpochSecond());
            answer.set("lukhas", extension(r, p.request().sessionId()));
            RouteSupport.json(ctx, 200, answer);
        }
    }

    private record Parsed(GovernedRequest request, boolean stream, boolean includeUsage) {}

    private Parsed parse(Context ctx, ObjectNode body, Principal principal) {
        Json.Reader r = new Json.Reader(body).only(KNOWN);
        Optional<String> model = r.text("model", false, 256);
        OptionalLong n = r.integer("n", false, 1, 1);
        OptionalDouble temperature = r.number("temperature", false, 0, 2);
        OptionalDouble topP = r.number("top_p", false, 0, 1);
        OptionalLong maxTokens = r.integer("max_tokens", false, 1, Integer.MAX_VALUE);
        OptionalLong maxCompletion = r.integer("max_completion_tokens", false, 1, Integer.MAX_VALUE);
        boolean stream = r.bool("stream").orElse(false);
        boolean includeUsage = r.object("stream_options", false)
                .map(o -> o.path("include_usage").asBoolean(false))
                .orElse(false);
        Optional<String> user = r.text("user", false, 64);
        List<ChatMessage> messages = List.of();
        List<FunctionDefinition> tools = List.of();
        try {
            messages = OpenAiJson.parseMessages(body.path("messages"));
            tools = OpenAiJson.parseTools(body.path("tools"));
        } catch (WireFormatException e) {
            r.malformed(e.field(), e.problem());
        }
        Optional<ObjectNode> ext = r.object("lukhas", false);
        String session = ctx.header("x-lukhas-session");
        String userId = user.orElse(GovernedRequest.NO_USER);
        List<SignalInput> signals = new ArrayList<>(headerSignals(ctx.header("x-lukhas-signals"), r));
        Optional<List<String>> allowlist = Optional.empty();
        List<MemoryProposal> memory = new ArrayList<>();
        if (ext.isPresent()) {
            Json.Reader x = r.nested("lukhas", ext.get())
                    .only(Set.of("session_id", "user_id", "signals", "tool_allowlist", "memory"));
            Optional<String> s = x.text("session_id", false, 128);
            if (s.isPresent()) {
                session = s.get();
            }
            Optional<String> u = x.text("user_id", false, 64);
            if (u.isPresent()) {
                userId = u.get();
            }
            signals.addAll(SignalsReader.read(x, signalNames, false, false));
            if (x.any("tool_allowlist", false).isPresent()) {
                allowlist = Optional.of(x.strings("tool_allowlist", 64, 64));
            }
            for (Json.Reader m : x.objects("memory", false, GovernedRequest.MAX_MEMORY_PROPOSALS)) {
                m.only(Set.of("key", "value"));
                Optional<String> key = m.text("key", true, 256);
                Optional<JsonNode> value = m.any("value", true);
                if (key.isPresent() && value.isPresent()) {
                    if (key.get().isBlank()) {
                        r.invalid("lukhas.memory.key", "must be 1-256 characters, not blank");
                    } else {
                        memory.add(new MemoryProposal(key.get(), value.get()));
                    }
                }
            }
        }
        if (session == null || session.isBlank()) {
            session = "s-" + UUID.randomUUID();
        } else if (!RouteSupport.isId(session)) {
            r.invalid("lukhas.session_id", "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        r.finish();
        if (n.isPresent() && n.getAsLong() != 1) {
            throw Json.unprocessable("only n=1 is supported", List.of(new Problem.FieldError("n", "must be 1")));
        }
        Optional<Integer> limit = maxCompletion.isPresent()
                ? Optional.of((int) maxCompletion.getAsLong())
                : maxTokens.isPresent() ? Optional.of((int) maxTokens.getAsLong()) : Optional.empty();
        ClientParams params = new ClientParams(
                temperature.isPresent() ? Optional.of(temperature.getAsDouble()) : Optional.empty(),
                topP.isPresent() ? Optional.of(topP.getAsDouble()) : Optional.empty(),
                limit);
        Caller caller = new Caller(principal.tenant(), principal.keyId(), ceiling(principal.tenant(), tools));
        GovernedRequest request = GovernedRequest.builder(caller, session, userId, messages)
                .signals(List.copyOf(signals))
                .toolAllowlist(allowlist)
                .params(params)
                .clientTools(tools)
                .model(model)
                .memory(List.copyOf(memory))
                .build();
        return new Parsed(request, stream, includeUsage);
    }

    /**
     * The tenant's tool ceiling for this request. The entry {@value #CLIENT_TOOLS} admits the
     * application's own functions (they are still checked at call time and withdrawn in strict mode);
     * without it a tenant's requests are offered no client tools.
     */
    private List<String> ceiling(String tenant, List<FunctionDefinition> clientTools) {
        List<String> configured = tenantTools.of(tenant);
        if (!configured.contains(CLIENT_TOOLS)) {
            return configured;
        }
        List<String> ceiling = new ArrayList<>(configured);
        ceiling.remove(CLIENT_TOOLS);
        clientTools.forEach(t -> ceiling.add(t.name()));
        return List.copyOf(ceiling);
    }

    /** {@code x-lukhas-signals: stress=0.4,novelty=0.2}, checked like the JSON signals. */
    private List<SignalInput> headerSignals(String header, Json.Reader r) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<String> known = signalNames;
        List<SignalInput> out = new ArrayList<>();
        for (String part : header.split(",")) {
            var m = HEADER_SIGNAL.matcher(part);
            if (!m.matches()) {
                r.invalid(
                        "x-lukhas-signals",
                        "each entry must be name=level, but was '" + Json.abbreviate(part.strip()) + "'");
                continue;
            }
            String name = m.group(1);
            if (!known.contains(name)) {
                r.invalid("x-lukhas-signals", "unknown signal '" + name + "'; known: " + String.join(", ", known));
                continue;
            }
            double level;
            try {
                level = Double.parseDouble(m.group(2));
            } catch (NumberFormatException e) {
                r.invalid("x-lukhas-signals", "level of '" + name + "' must be a number, but was '" + m.group(2) + "'");
                continue;
            }
            if (!Double.isFinite(level)) {
                r.invalid("x-lukhas-signals", "level of '" + name + "' must be finite, but was " + m.group(2));
                continue;
            }
            out.add(new SignalInput(name, level, Optional.<Duration>empty(), "header"));
        }
        return out;
    }

    private void stream(Context ctx, Parsed p) {
        try (GovernedStream s = pipeline.stream(p.request())) {
            try {
                stream(ctx, p, s);
            } catch (IOException e) {
                // The client went away: an everyday event, not a server fault, so one line and no stack
                // trace. Closing the stream (leaving this block) stops the upstream and audits the request.
                LOG.info(
                        "client disconnected mid-stream: request {} (audit id), stream stopped and audited ({})",
                        s.auditId(),
                        e.getClass().getSimpleName());
            }
        }
    }

    private void stream(Context ctx, Parsed p, GovernedStream s) throws IOException {
        long created = clock.instant().getEpochSecond();
        // the first delta runs the input stage, after which the safety mode is known
        Optional<ChatDelta> first = s.next();
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("x-lukhas-api-version", Routes.API_VERSION);
        ctx.res().setHeader("x-lukhas-audit-id", s.auditId());
        s.safetyMode().ifPresent(m -> ctx.res().setHeader("x-lukhas-safety-mode", m.wireName()));
        OutputStream out = ctx.res().getOutputStream();
        String id = "chatcmpl-" + UUID.randomUUID();
        String model = p.request().model().orElse(defaultModel);
        ChatDelta.Finished finished = null;
        ChatDelta.UsageReport usage = null;
        for (Optional<ChatDelta> d = first; d.isPresent(); d = s.next()) {
            switch (d.get()) {
                case ChatDelta.Started st -> {
                    id = st.id();
                    model = st.model();
                    send(out, OpenAiJson.chunk(id, model, created, st));
                }
                case ChatDelta.Finished f -> finished = f;
                case ChatDelta.UsageReport u -> usage = u;
                default -> send(out, OpenAiJson.chunk(id, model, created, d.get()));
            }
        }
        GovernedResult r = s.result().orElseThrow(() -> new IllegalStateException("a finished stream has a result"));
        if (r.outcome() == Outcome.PROVIDER_ERROR) {
            ObjectNode error = NODES.objectNode();
            error.putObject("error")
                    .put("type", "upstream_error")
                    .put("message", "the model provider failed after retries; audited as " + r.auditId());
            send(out, error);
        } else {
            ObjectNode last = OpenAiJson.chunk(
                    id,
                    model,
                    created,
                    finished != null
                            ? finished
                            : new ChatDelta.Finished(r.response().finishReason()));
            last.set("lukhas", extension(r, p.request().sessionId()));
            send(out, last);
            if (usage != null && p.includeUsage()) {
                send(out, OpenAiJson.chunk(id, model, created, usage));
            }
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(OutputStream out, JsonNode event) throws IOException {
        try {
            out.write(("data: " + Json.MAPPER.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
        out.flush();
    }

    private static void headers(Context ctx, GovernedResult r) {
        ctx.header("x-lukhas-audit-id", r.auditId());
        ctx.header("x-lukhas-safety-mode", r.safetyMode().wireName());
    }

    private static ObjectNode extension(GovernedResult r, String session) {
        ObjectNode x = NODES.objectNode()
                .put("audit_id", r.auditId())
                .put("session_id", session)
                .put("safety_mode", r.safetyMode().wireName());
        x.set("params", ModulationJson.params(r.params()));
        ArrayNode incidents = x.putArray("incidents");
        for (Incident i : r.incidents()) {
            incidents.add(RouteSupport.incident(i));
        }
        if (!r.memory().isEmpty()) {
            ArrayNode memory = x.putArray("memory");
            for (MemoryOutcome m : r.memory()) {
                ObjectNode o = memory.addObject()
                        .put("key", m.key())
                        .put("status", m.status().wireName());
                m.strength().ifPresent(v -> o.put("strength", v));
                m.version().ifPresent(v -> o.put("version", v));
                o.put("reason", m.reason());
            }
        }
        return x;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
