package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.pipeline.Caller;
import ai.lukhas.pwm.pipeline.GovernedEmbedding;
import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.provider.EmbeddingRequest;
import ai.lukhas.pwm.provider.EmbeddingResponse;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.ExchangeRoutes;
import ai.lukhas.pwm.server.http.OpenAiErrors;
import ai.lukhas.pwm.server.http.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1/embeddings}: OpenAI's embeddings request, passed through to the upstream after
 * input moderation ({@link GovernedPipeline#embed}); rate-limited like every client route, counted
 * in the token metrics, audited. Input is a string or an array of up to 2048 strings (token arrays
 * are refused: moderation needs text). Flagged input is an incident of the session and a 400
 * {@code content_policy_violation}; the upstream is not called.
 *
 * <pre>{@code new EmbeddingsRoutes(support, pipeline, clock)}</pre>
 */
public record EmbeddingsRoutes(RouteSupport support, GovernedPipeline pipeline, Clock clock) implements ExchangeRoutes {
    private static final Set<String> KNOWN =
            Set.of("model", "input", "dimensions", "encoding_format", "user", "lukhas");

    @Override
    public Map<String, Handler> posts() {
        return Map.of("/v1/embeddings", this::embed);
    }

    private void embed(Exchange ctx) {
        long start = OpenAiRequests.nanos(clock);
        Principal principal = support.auth(ctx, Role.CLIENT);
        ObjectNode body = Json.object(ctx);
        Json.Reader r = new Json.Reader(body).only(KNOWN);
        Optional<String> model = OpenAiRequests.model(r);
        if (model.isEmpty() && !body.hasNonNull("model")) {
            r.malformed("model", "is required (the embedding model, e.g. text-embedding-3-small)");
        }
        List<String> input = input(r, body.get("input"));
        Map<String, JsonNode> passThrough = new LinkedHashMap<>();
        if (r.integer("dimensions", false, 1, 65_536).isPresent()) {
            passThrough.put("dimensions", body.get("dimensions"));
        }
        r.text("encoding_format", false, 16).ifPresent(f -> {
            if (f.equals("float") || f.equals("base64")) {
                passThrough.put("encoding_format", body.get("encoding_format"));
            } else {
                r.invalid("encoding_format", "must be 'float' or 'base64', but was '" + Json.abbreviate(f) + "'");
            }
        });
        Optional<String> user = r.text("user", false, 256);
        user.ifPresent(u -> passThrough.put("user", body.get("user")));
        String session = ctx.header("x-lukhas-session").orElse("");
        String userId = user.filter(u -> !u.isBlank()).orElse(GovernedRequest.NO_USER);
        Optional<ObjectNode> ext = r.object("lukhas", false);
        if (ext.isPresent()) {
            Json.Reader x = r.nested("lukhas", ext.get()).only(Set.of("session_id", "user_id"));
            session = x.text("session_id", false, 128).orElse(session);
            userId = x.text("user_id", false, 64).orElse(userId);
        }
        if (session.isBlank()) {
            session = "s-" + UUID.randomUUID();
        } else if (!RouteSupport.isId(session)) {
            r.invalid("lukhas.session_id", "must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        r.finish();
        EmbeddingRequest request = new EmbeddingRequest(model.orElseThrow(), input, passThrough);
        Caller caller = new Caller(principal.tenant(), principal.keyId(), List.of());
        GovernedEmbedding e = pipeline.embed(caller, session, userId, request);
        ctx.header("x-lukhas-audit-id", e.auditId());
        ctx.header("x-lukhas-safety-mode", e.safetyMode().wireName());
        ctx.header("x-lukhas-session", session);
        ctx.header(OpenAiRequests.OVERHEAD_HEADER, OpenAiRequests.overheadMs(clock, start, e.upstreamTime()));
        switch (e.outcome()) {
            case COMPLETED -> {
                EmbeddingResponse out = e.response().orElseThrow();
                ObjectNode answer = RouteSupport.NODES.objectNode().put("object", "list");
                answer.set("data", out.data());
                answer.put("model", out.model());
                ObjectNode usage = answer.putObject("usage");
                out.usage().ifPresent(u -> usage.put("prompt_tokens", u.promptTokens())
                        .put("total_tokens", u.totalTokens()));
                answer.putObject("lukhas")
                        .put("audit_id", e.auditId())
                        .put("session_id", session)
                        .put("safety_mode", e.safetyMode().wireName());
                RouteSupport.json(ctx, 200, answer);
            }
            case REFUSED ->
                throw new OpenAiErrors.Coded(
                        Problem.of(
                                        400,
                                        "Input refused",
                                        "the input was flagged by moderation and not embedded; the session is now "
                                                + e.safetyMode().wireName() + "; audited as " + e.auditId())
                                .withErrors(List.of(new Problem.FieldError("input", "flagged by moderation"))),
                        "content_policy_violation");
            default ->
                throw new OpenAiErrors.Coded(
                        Problem.of(
                                502,
                                "Upstream model failed",
                                "the embeddings provider failed after retries ("
                                        + e.failure().orElse("no detail") + "); the request is audited as "
                                        + e.auditId()),
                        "upstream_error");
        }
    }

    /** A string, or an array of 1-2048 strings; token arrays are refused (moderation reads text). */
    private static List<String> input(Json.Reader r, JsonNode v) {
        if (v == null || v.isNull()) {
            r.malformed("input", "is required: a string or an array of strings");
            return List.of("-");
        }
        if (v.isTextual()) {
            return List.of(v.textValue());
        }
        if (!v.isArray() || v.isEmpty()) {
            r.malformed("input", "must be a string or a non-empty array of strings, but was " + Json.describe(v));
            return List.of("-");
        }
        if (!OpenAiRequests.withinLimit(r, "input", v, EmbeddingRequest.MAX_INPUTS)) {
            return List.of("-");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isTextual()) {
                out.add(e.textValue());
            } else {
                r.malformed(
                        "input[" + i + "]",
                        "must be a string, but was " + Json.describe(e)
                                + " (token arrays are not accepted: the gateway moderates input text)");
                return List.of("-");
            }
        }
        return out;
    }
}
