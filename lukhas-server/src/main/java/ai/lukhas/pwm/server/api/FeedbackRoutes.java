package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.RouteSupport.NODES;
import static ai.lukhas.pwm.server.api.RouteSupport.json;
import static ai.lukhas.pwm.server.api.RouteSupport.onlyQuery;
import static ai.lukhas.pwm.server.api.RouteSupport.query;

import ai.lukhas.pwm.feedback.FeedbackCard;
import ai.lukhas.pwm.feedback.FeedbackResult;
import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.FeedbackSubmission;
import ai.lukhas.pwm.feedback.LutPoint;
import ai.lukhas.pwm.feedback.StyleLut;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Feedback: {@code POST /v1/feedback/cards} rates an audited action of the caller's tenant and
 * {@code GET /v1/feedback/lut} shows the style deltas that tenant's feedback has produced. Cards are
 * keyed by (tenant, user); an admin acts on another tenant only by naming it ({@code ?tenant=}).
 * Feedback changes style only.
 *
 * <pre>{@code new FeedbackRoutes(support, feedbackService)}</pre>
 */
public record FeedbackRoutes(RouteSupport support, FeedbackService feedback, Clock clock) implements Routes {
    /** The history's default span, ending now. */
    static final Duration HISTORY_SPAN = Duration.ofDays(7);

    @Override
    public void register(RoutesConfig r) {
        r.post("/v1/feedback/cards", this::card);
        r.get("/v1/feedback/lut", this::lut);
        r.get("/v1/feedback/lut/history", this::history);
    }

    /** {@code GET /v1/feedback/lut/history} (admin): the LUT at evenly spaced instants, for a chart. */
    private void history(Context ctx) {
        Principal p = support.auth(ctx, Role.ADMIN);
        onlyQuery(ctx, Set.of("user_id", RouteSupport.TENANT, "from", "to", "points"));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        Optional<String> user = userParam(ctx);
        RouteSupport.Window window = RouteSupport.window(ctx, "from", "to");
        Instant to = window.to().orElse(clock.instant());
        Instant from = window.from().orElse(to.minus(HISTORY_SPAN));
        if (!from.isBefore(to)) {
            throw Json.badRequest(
                    "from must be before to, but was from " + from + " to " + to,
                    List.of(new Problem.FieldError("from", "must be before to")));
        }
        int points = RouteSupport.intParam(ctx, "points", 50, 2, 200);
        ArrayNode list = NODES.arrayNode();
        for (LutPoint pt : feedback.history(tenant, user, from, to, points)) {
            list.addObject()
                    .put("at", pt.at().toString())
                    .put("scope", pt.scope().name().toLowerCase(java.util.Locale.ROOT))
                    .put("temperature_delta", pt.values().temperatureDelta())
                    .put("top_p_delta", pt.values().topPDelta())
                    .put("memory_write_boost", pt.values().memoryWriteBoost())
                    .put("verbosity_bias", pt.values().verbosityBias())
                    .put("cards", pt.values().cards());
        }
        ObjectNode out = NODES.objectNode().put("tenant", tenant.value());
        user.ifPresentOrElse(u -> out.put("user_id", u), () -> out.putNull("user_id"));
        out.set("points", list);
        json(ctx, 200, out);
    }

    private static Optional<String> userParam(Context ctx) {
        Optional<String> user = query(ctx, "user_id");
        if (user.isPresent() && user.get().length() > FeedbackCard.MAX_USER_ID) {
            throw Json.badRequest(
                    "user_id must be at most " + FeedbackCard.MAX_USER_ID + " characters",
                    List.of(new Problem.FieldError("user_id", "too long")));
        }
        return user;
    }

    private void card(Context ctx) {
        support.audited(ctx, Role.CLIENT, "", p -> {
            onlyQuery(ctx, Set.of(RouteSupport.TENANT));
            TenantId tenant = RouteSupport.tenant(ctx, p);
            FeedbackSubmission submission = submission(Json.object(ctx));
            // The service refuses a target that is not an audited action of this tenant (none, or another
            // tenant's: the same answer, so a client learns nothing about other tenants) on target_action_id.
            switch (feedback.submit(tenant, submission)) {
                case FeedbackResult.Rejected rej ->
                    throw Json.unprocessable(
                            rej.message(),
                            rej.problems().stream()
                                    .map(fp -> new Problem.FieldError(fp.field(), fp.message()))
                                    .toList());
                case FeedbackResult.Accepted a -> {
                    ObjectNode card = card(a.card());
                    support.audit(
                            p,
                            "",
                            "feedback_recorded",
                            NODES.objectNode().put("tenant", tenant.value()).set("card", card.deepCopy()));
                    ObjectNode out = NODES.objectNode();
                    out.set("card", card);
                    out.put("note_redacted", a.noteRedacted());
                    out.set("lut", lut(a.lut()));
                    json(ctx, 201, out);
                }
            }
        });
    }

    private static FeedbackSubmission submission(ObjectNode body) {
        Json.Reader r = new Json.Reader(body)
                .only(Set.of("target_action_id", "rating", "note", "user_id", "context_hash", "tags"));
        Optional<String> target = r.text("target_action_id", true, FeedbackCard.MAX_TARGET_ACTION_ID);
        OptionalLong rating = r.integer("rating", true, FeedbackCard.MIN_RATING, FeedbackCard.MAX_RATING);
        Optional<String> note = r.text("note", false, FeedbackCard.MAX_NOTE);
        Optional<String> user = r.text("user_id", false, FeedbackCard.MAX_USER_ID);
        Optional<String> context = r.text("context_hash", false, FeedbackCard.MAX_CONTEXT_HASH);
        List<String> tags = r.strings("tags", FeedbackCard.MAX_TAGS, FeedbackCard.MAX_TAG);
        r.finish();
        return new FeedbackSubmission(target.orElseThrow(), (int) rating.orElseThrow(), note, user, context, tags);
    }

    private static ObjectNode card(FeedbackCard c) {
        ObjectNode card = NODES.objectNode()
                .put("target_action_id", c.targetActionId())
                .put("rating", c.rating())
                .put("user_id", c.userId());
        c.note().ifPresentOrElse(n -> card.put("note", n), () -> card.putNull("note"));
        c.contextHash().ifPresentOrElse(h -> card.put("context_hash", h), () -> card.putNull("context_hash"));
        ArrayNode t = card.putArray("tags");
        c.tags().forEach(t::add);
        return card.put("ts", c.ts().toString());
    }

    private void lut(Context ctx) {
        Principal p = support.auth(ctx, Role.CLIENT);
        onlyQuery(ctx, Set.of("user_id", RouteSupport.TENANT));
        TenantId tenant = RouteSupport.tenant(ctx, p);
        json(ctx, 200, lut(feedback.lut(tenant, userParam(ctx))));
    }

    /** The same object as {@code bin/lukhas feedback lut --json}. */
    private static ObjectNode lut(StyleLut l) {
        ObjectNode n = NODES.objectNode().put("scope", l.scope().wireName());
        l.requestedUser().ifPresentOrElse(u -> n.put("user_id", u), () -> n.putNull("user_id"));
        return n.put("fell_back_to_global", l.fellBackToGlobal())
                .put("temperature_delta", l.temperatureDelta())
                .put("top_p_delta", l.topPDelta())
                .put("memory_write_boost", l.memoryWriteBoost())
                .put("verbosity_bias", l.verbosityBias())
                .put("cards", l.values().cards())
                .put("version", l.version())
                .put("updated_ms", l.updatedMs());
    }
}
