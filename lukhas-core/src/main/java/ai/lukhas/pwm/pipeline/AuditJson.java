package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.governance.moderation.ModerationCategory;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import ai.lukhas.pwm.governance.tools.ToolExclusion;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationJson;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The shapes the pipeline writes into an audit bundle (snake_case, plain values only). */
final class AuditJson {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AuditJson() {}

    static ObjectNode params(ModulatedParams p) {
        return ModulationJson.params(p);
    }

    /** The shared rendering, less the style's preamble (fixed text the policy hash already names). */
    static ObjectNode modulation(ModulationResult r) {
        ObjectNode json = ModulationJson.result(r);
        ((ObjectNode) json.path("prompt_style")).remove("preamble");
        return json;
    }

    static ObjectNode signal(SignalInput in, SignalOutcome out) {
        ObjectNode node = F.objectNode();
        node.put("name", in.name());
        node.put("level", in.level());
        node.put("source", in.source());
        in.ttl().ifPresent(t -> node.put("ttl_ms", t.toMillis()));
        switch (out) {
            case SignalOutcome.Accepted a -> {
                node.put("status", "accepted");
                a.clampedFrom().ifPresent(c -> node.put("clamped_from", c));
                node.put("active_until", a.activeUntil().toString());
            }
            case SignalOutcome.Suppressed s -> {
                node.put("status", "suppressed");
                node.put("cooldown_until", s.cooldownUntil().toString());
            }
            case SignalOutcome.Rejected r -> {
                node.put("status", "rejected");
                node.put("reason", r.reason());
            }
        }
        return node;
    }

    static ObjectNode offer(int step, String reason, ToolOffer offer) {
        ObjectNode node = F.objectNode();
        node.put("step", step);
        node.put("reason", reason);
        ArrayNode offered = node.putArray("offered");
        offer.offered().forEach(d -> offered.add(d.name()));
        ArrayNode excluded = node.putArray("excluded");
        for (ToolExclusion e : offer.excluded()) {
            ObjectNode x = excluded.addObject();
            x.put("tool", e.tool());
            x.put("stage", e.stage().wireName());
            x.put("reason", e.reason());
        }
        return node;
    }

    static ObjectNode moderation(int step, ModerationOutcome o, String preset, int chars) {
        ObjectNode node = F.objectNode();
        node.put("kind", o.kind().wireName());
        node.put("step", step);
        o.tool().ifPresent(t -> node.put("tool", t));
        node.put("preset", preset);
        node.put("chars", chars);
        switch (o) {
            case ModerationOutcome.Passed p -> {
                node.put("result", "passed");
                verdict(node, p.verdict());
            }
            case ModerationOutcome.Flagged f -> {
                node.put("result", "flagged");
                verdict(node, f.verdict());
            }
            case ModerationOutcome.ProviderFailed pf -> {
                node.put("result", "provider_failed");
                node.put("provider", pf.provider());
                node.put("error", pf.error());
            }
        }
        return node;
    }

    /**
     * The verdict's provider, flagged categories (wire names, sorted), positive scores (by category, the
     * order of the verdict's {@code EnumMap}) and reasons. Loops, not streams: most verdicts flag nothing
     * and score nothing, and a stream's pipeline cost more than the empty result.
     */
    private static void verdict(ObjectNode node, ModerationVerdict v) {
        node.put("provider", v.provider());
        ArrayNode flagged = node.putArray("flagged");
        if (!v.flagged().isEmpty()) {
            String[] names = new String[v.flagged().size()];
            int n = 0;
            for (ModerationCategory c : v.flagged()) {
                names[n++] = c.wireName();
            }
            java.util.Arrays.sort(names);
            for (String name : names) {
                flagged.add(name);
            }
        }
        ObjectNode scores = node.putObject("scores");
        // ModerationVerdict keeps its scores in an EnumMap: iterated in the categories' order, which is
        // the order of their keys
        for (java.util.Map.Entry<ModerationCategory, Double> e : v.scores().entrySet()) {
            if (e.getValue() > 0) {
                scores.put(e.getKey().wireName(), e.getValue());
            }
        }
        ArrayNode reasons = node.putArray("reasons");
        for (String r : v.reasons()) {
            reasons.add(r);
        }
    }

    static ObjectNode incident(Incident i) {
        ObjectNode node = F.objectNode();
        node.put("id", i.id());
        node.put("kind", i.kind().wireName());
        i.tool().ifPresent(t -> node.put("tool", t));
        node.put("severity", i.severity().wireName());
        node.put("detail", i.detail());
        node.put("ts", i.ts().toString());
        return node;
    }
}
