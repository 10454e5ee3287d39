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
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public ChatRoutes {
        signalNames = List.copyOf(signalNames);
    }

    private ChatRequestReader reader() {
        return new ChatRequestReader(signalNames, tenantTools);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/chat/completions", this::chat);
    }

    private void chat(Context ctx) {
        Principal principal = support.auth(ctx, Role.CLIENT);
        ObjectNode body = Json.object(ctx);
        ChatRequestReader.Parsed p = reader().read(ctx, body, principal);
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
            answer.set("lukhas", RouteSupport.extension(r, p.request().sessionId()));
            RouteSupport.json(ctx, 200, answer);
        }
    }

    private void stream(Context ctx, ChatRequestReader.Parsed p) {
        long created = clock.instant().getEpochSecond();
        try (GovernedStream s = pipeline.stream(p.request())) {
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
            GovernedResult r =
                    s.result().orElseThrow(() -> new IllegalStateException("a finished stream has a result"));
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
                last.set("lukhas", RouteSupport.extension(r, p.request().sessionId()));
                send(out, last);
                if (usage != null && p.includeUsage()) {
                    send(out, OpenAiJson.chunk(id, model, created, usage));
                }
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the client went away; closing the stream above stopped the upstream and audited the request
            throw new UncheckedIOException("the client closed the stream", e);
        }
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
}
