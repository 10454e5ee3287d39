package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pipeline.Caller;
import ai.lukhas.pwm.pipeline.ClientParams;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.pipeline.MemoryProposal;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.OpenAiJson;
import ai.lukhas.pwm.provider.ToolChoice;
import ai.lukhas.pwm.provider.WireFormatException;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.http.Exchange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads an OpenAI chat completions request body (with the {@code lukhas} extension and the
 * {@code x-lukhas-*} headers) into a {@link GovernedRequest}. Shared by {@code ChatRoutes} and
 * {@code ResponsesRoutes}, which translates a Responses API request into this shape first, so both
 * formats reach the pipeline through the same reading (same fields honoured or refused, same checks,
 * same tenant ceiling and gateway-tool opt-in).
 *
 * <pre>{@code ChatRequestReader.Parsed p = new ChatRequestReader(signalNames, tenantTools, gatewayTools, Set.of()).read(ex, body, principal);}</pre>
 */
record ChatRequestReader(
        List<String> signalNames, TenantTools tenantTools, GatewayToolNames gatewayTools, Set<String> upstreamRefuses) {
    /**
     * Every top-level field of OpenAI's chat completions request, plus {@code lukhas}: each is either
     * acted on, forwarded to the upstream, or refused with a 400 that names it (docs/api.md has the
     * table). Anything else is a 400 naming the unknown field.
     */
    static final Set<String> KNOWN = Set.of(
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
            "tool_choice",
            "parallel_tool_calls",
            "stop",
            "reasoning_effort",
            "user",
            "seed",
            "response_format",
            "presence_penalty",
            "frequency_penalty",
            "logit_bias",
            "logprobs",
            "top_logprobs",
            "metadata",
            "store",
            "service_tier",
            "prediction",
            "modalities",
            "audio",
            "prompt_cache_key",
            "safety_identifier",
            "verbosity",
            "web_search_options",
            "functions",
            "function_call",
            "lukhas");

    private static final Pattern HEADER_SIGNAL = Pattern.compile("\\s*([a-z][a-z0-9_]{0,63})\\s*=\\s*([^,]+?)\\s*");

    /**
     * @param upstreamRefuses pass-through fields the upstream's wire cannot carry (the Responses API
     *     has no {@code seed}, penalties, {@code logit_bias} or {@code prediction}): a 400 naming them
     */
    ChatRequestReader {
        signalNames = List.copyOf(signalNames);
        upstreamRefuses = Set.copyOf(upstreamRefuses);
    }

    /** A parsed chat request: the pipeline's request, whether to stream, whether to send the usage chunk. */
    record Parsed(GovernedRequest request, boolean stream, boolean includeUsage) {}

    /**
     * Reads a chat completions body (and the {@code x-lukhas-session} / {@code x-lukhas-signals}
     * headers of {@code ex}) into the pipeline's request; 400 naming the field at fault.
     */
    Parsed read(Exchange ex, ObjectNode body, Principal principal) {
        Json.Reader r = new Json.Reader(body).only(KNOWN);
        Optional<String> model = OpenAiRequests.model(r);
        OptionalLong n = r.integer("n", false, 1, 128);
        if (n.isPresent() && n.getAsLong() != 1) {
            r.invalid("n", "must be 1: the gateway moderates one answer per request, but was " + n.getAsLong());
        }
        OptionalDouble temperature = r.number("temperature", false, 0, 2);
        OptionalDouble topP = r.number("top_p", false, 0, 1);
        OptionalLong maxTokens = r.integer("max_tokens", false, 1, Integer.MAX_VALUE);
        OptionalLong maxCompletion = r.integer("max_completion_tokens", false, 1, Integer.MAX_VALUE);
        boolean stream = r.bool("stream").orElse(false);
        boolean includeUsage = false;
        Optional<ObjectNode> streamOptions = r.object("stream_options", false);
        if (streamOptions.isPresent()) {
            Json.Reader so = r.nested("stream_options", streamOptions.get()).only(Set.of("include_usage"));
            includeUsage = so.bool("include_usage").orElse(false);
            if (!stream) {
                r.invalid("stream_options", "is only allowed with stream: true");
            }
        }
        Optional<String> user = r.text("user", false, 256);
        List<ChatMessage> messages = List.of();
        if (OpenAiRequests.withinLimit(r, "messages", body.get("messages"), OpenAiRequests.MAX_MESSAGES)) {
            try {
                messages = OpenAiJson.parseMessages(body.path("messages"));
            } catch (WireFormatException e) {
                r.malformed(e.field(), e.problem());
            }
        }
        List<FunctionDefinition> tools = OpenAiRequests.clientTools(r, body.path("tools"), gatewayTools);
        Optional<ToolChoice> toolChoice =
                OpenAiRequests.toolChoice(r, "tool_choice", body.get("tool_choice"), tools, gatewayTools);
        List<String> stop = OpenAiRequests.stop(r, body.get("stop"));
        Optional<Double> effort = OpenAiRequests.reasoningEffort(r, "reasoning_effort", body.get("reasoning_effort"));
        Map<String, JsonNode> passThrough = new LinkedHashMap<>();
        OpenAiRequests.passThrough(r, body, passThrough);
        user.ifPresent(u -> passThrough.put("user", body.get("user")));
        effort.ifPresent(e -> passThrough.put("reasoning_effort", body.get("reasoning_effort")));
        for (String f : passThrough.keySet()) {
            if (upstreamRefuses.contains(f)) {
                r.invalid(
                        f,
                        "is not supported by this gateway's upstream, which speaks the OpenAI Responses API"
                                + " (upstream.api: responses) and has no such field; leave it out");
            }
        }
        Optional<ObjectNode> ext = r.object("lukhas", false);
        String session = ex.header("x-lukhas-session").orElse(null);
        String userId = user.orElse(GovernedRequest.NO_USER);
        List<SignalInput> signals =
                new ArrayList<>(headerSignals(ex.header("x-lukhas-signals").orElse(null), r));
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
        if (userId.isBlank()) {
            r.invalid("user", "must not be blank");
        }
        String tenant = principal.tenant();
        List<String> configured = tenantTools.of(tenant);
        List<String> ceiling = OpenAiRequests.ceiling(r, tenant, configured, tools, gatewayTools);
        List<String> optIn = OpenAiRequests.gatewayOptIn(
                r, tenant, allowlist, tenantTools.defaults(tenant), configured, tools, gatewayTools);
        r.finish();
        // the smaller of the two limits when both are sent: a client value only ever tightens
        Optional<Integer> limit = maxCompletion.isPresent() || maxTokens.isPresent()
                ? Optional.of(
                        (int) Math.min(maxCompletion.orElse(Integer.MAX_VALUE), maxTokens.orElse(Integer.MAX_VALUE)))
                : Optional.empty();
        // one record, not one per with…() (each copies and checks every field again); every value was
        // checked above, so no construction here throws
        ClientParams params = new ClientParams(
                temperature.isPresent() ? Optional.of(temperature.getAsDouble()) : Optional.empty(),
                topP.isPresent() ? Optional.of(topP.getAsDouble()) : Optional.empty(),
                limit,
                effort,
                stop,
                toolChoice,
                passThrough);
        // the request is offered the gateway tools it (or its tenant) opted in to, and its own functions
        List<String> offered = new ArrayList<>(optIn);
        tools.forEach(t -> offered.add(t.name()));
        Caller caller = new Caller(tenant, principal.keyId(), ceiling);
        GovernedRequest request = GovernedRequest.builder(caller, session, userId, messages)
                .signals(List.copyOf(signals))
                .toolAllowlist(List.copyOf(offered))
                .params(params)
                .clientTools(tools)
                .model(model)
                .memory(List.copyOf(memory))
                .build();
        return new Parsed(request, stream, includeUsage);
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
}
