package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.pipeline.GovernedResult;
import ai.lukhas.pwm.pipeline.GovernedStream;
import ai.lukhas.pwm.pipeline.Outcome;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.OpenAiJson;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.ExchangeRoutes;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The OpenAI-compatible chat API: {@code POST /v1/chat/completions} (plain and {@code stream: true}
 * server-sent events; {@code GET /v1/models} is {@link ModelsRoutes}). Requests are parsed strictly (errors name the
 * JSON path), mapped to a {@link GovernedRequest} and run through the {@link GovernedPipeline};
 * answers are in the official wire format plus the {@code lukhas} extension and the
 * {@code x-lukhas-*} headers.
 *
 * <p>Every field OpenAI defines is acted on (modulated parameters, which a client value may only
 * tighten; tools; tool_choice; stop), forwarded to the upstream unchanged (seed, response_format,
 * penalties, metadata...; see {@code ChatRequest.PASS_THROUGH}) or refused with a 400 naming it
 * ({@code n} other than 1, logprobs, audio); anything unknown is a 400 naming the field. In a stream the audit id is known only at the end, so the last
 * chunk (the one with {@code finish_reason}) carries the {@code lukhas} extension.
 *
 * <pre>{@code new ChatRoutes(support, pipeline, policy.signalNames(), tenantTools, config.upstream().model(), clock)}</pre>
 */
public record ChatRoutes(
        RouteSupport support,
        GovernedPipeline pipeline,
        List<String> signalNames,
        TenantTools tenantTools,
        GatewayToolNames gatewayTools,
        String defaultModel,
        Clock clock)
        implements ExchangeRoutes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public ChatRoutes {
        signalNames = List.copyOf(signalNames);
    }

    private ChatRequestReader reader() {
        return new ChatRequestReader(signalNames, tenantTools, gatewayTools, pipeline.unsupportedFields());
    }

    @Override
    public Map<String, Handler> posts() {
        return Map.of("/v1/chat/completions", this::chat);
    }

    private void chat(Exchange ctx) {
        long start = OpenAiRequests.nanos(clock);
        Principal principal = support.auth(ctx, Role.CLIENT);
        ObjectNode body = Json.object(ctx);
        ChatRequestReader.Parsed p = reader().read(ctx, body, principal);
        ctx.header("x-lukhas-session", p.request().sessionId());
        if (p.stream()) {
            stream(ctx, p, start);
        } else {
            GovernedResult r = pipeline.complete(p.request());
            headers(ctx, r);
            OpenAiRequests.appliedHeaders(ctx, r.params(), r.droppedStops());
            ctx.header(OpenAiRequests.OVERHEAD_HEADER, OpenAiRequests.overheadMs(clock, start, r.upstreamTime()));
            if (r.outcome() == Outcome.PROVIDER_ERROR) {
                throw new ProblemException(Problem.of(
                        502,
                        "Upstream model failed",
                        "the model provider failed after retries ("
                                + r.failure().orElse("no detail") + "); the request is audited as " + r.auditId()));
            }
            // written without the answer's tree: the bytes of OpenAiJson.completion with "lukhas" set last
            RouteSupport.json(
                    ctx,
                    200,
                    OpenAiJson.completionWriter(
                            r.response(),
                            clock.instant().getEpochSecond(),
                            "lukhas",
                            RouteSupport.extension(r, p.request().sessionId())));
        }
    }

    private void stream(Exchange ctx, ChatRequestReader.Parsed p, long start) {
        long created = clock.instant().getEpochSecond();
        try (GovernedStream s = pipeline.stream(p.request())) {
            try {
                // the first delta runs the input stage, after which the safety mode is known
                Optional<ChatDelta> first = s.next();
                // so far: the input stage and the wait for the first delta's upstream excluded
                OutputStream out =
                        RouteSupport.eventStream(ctx, s, OpenAiRequests.overheadMs(clock, start, s.upstreamTime()));
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
                GovernedResult r =
                        s.result().orElseThrow(() -> new IllegalStateException("a finished stream has a result"));
                if (r.outcome() == Outcome.PROVIDER_ERROR) {
                    ObjectNode error = NODES.objectNode();
                    error.putObject("error")
                            .put("message", "the model provider failed after retries; audited as " + r.auditId())
                            .put("type", "server_error")
                            .putNull("param")
                            .put("code", "upstream_error");
                    send(out, error);
                } else {
                    ObjectNode last = OpenAiJson.chunk(
                            id,
                            model,
                            created,
                            finished != null
                                    ? finished
                                    : new ChatDelta.Finished(r.response().finishReason()));
                    ObjectNode x = RouteSupport.extension(r, p.request().sessionId());
                    x.put("overhead_ms", Double.parseDouble(OpenAiRequests.overheadMs(clock, start, r.upstreamTime())));
                    last.set("lukhas", x);
                    send(out, last);
                    if (usage != null && p.includeUsage()) {
                        send(out, OpenAiJson.chunk(id, model, created, usage));
                    }
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                RouteSupport.clientLeft(s, e);
            }
        }
    }

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private static void send(OutputStream out, JsonNode event) throws IOException {
        try {
            // the event's UTF-8 bytes as rendered, without a String built around them and encoded again
            byte[] json = Json.MAPPER.writeValueAsBytes(event);
            out.write(DATA);
            out.write(json);
            out.write(EVENT_END);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
        out.flush();
    }

    private static void headers(Exchange ctx, GovernedResult r) {
        ctx.header("x-lukhas-audit-id", r.auditId());
        ctx.header("x-lukhas-safety-mode", r.safetyMode().wireName());
    }
}
