package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pipeline.Caller;
import ai.lukhas.pwm.pipeline.ClientParams;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.pipeline.MemoryProposal;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.OpenAiJson;
import ai.lukhas.pwm.provider.WireFormatException;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.http.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * formats reach the pipeline through the same reading (same fields honoured, same checks, same
 * tenant ceiling).
 *
 * <pre>{@code ChatRequestReader.Parsed p = new ChatRequestReader(signalNames, tenantTools).read(ctx, body, principal);}</pre>
 */
record ChatRequestReader(List<String> signalNames, TenantTools tenantTools) {
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

    private static final Pattern HEADER_SIGNAL = Pattern.compile("\\s*([a-z][a-z0-9_]{0,63})\\s*=\\s*([^,]+?)\\s*");

    ChatRequestReader {
        signalNames = List.copyOf(signalNames);
    }

    /** A parsed chat request: the pipeline's request, whether to stream, whether to send the usage chunk. */
    record Parsed(GovernedRequest request, boolean stream, boolean includeUsage) {}

    /**
     * Reads a chat completions body (and the {@code x-lukhas-session} / {@code x-lukhas-signals}
     * headers of {@code ctx}) into the pipeline's request; 400/422 naming the field at fault.
     */
    Parsed read(Context ctx, ObjectNode body, Principal principal) {
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
     * The tenant's tool ceiling for this request. The entry {@value TenantTools#CLIENT_TOOLS} admits the
     * application's own functions (they are still checked at call time and withdrawn in strict mode);
     * without it a tenant's requests are offered no client tools.
     */
    private List<String> ceiling(String tenant, List<FunctionDefinition> clientTools) {
        List<String> configured = tenantTools.of(tenant);
        if (!configured.contains(TenantTools.CLIENT_TOOLS)) {
            return configured;
        }
        List<String> ceiling = new ArrayList<>(configured);
        ceiling.remove(TenantTools.CLIENT_TOOLS);
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

    private static Set<String> union(Set<String> a, Set<String> b) {
        HashSet<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
