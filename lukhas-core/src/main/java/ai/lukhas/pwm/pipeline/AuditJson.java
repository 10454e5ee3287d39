package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import ai.lukhas.pwm.governance.tools.ToolExclusion;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.ModulationTrace;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The shapes the pipeline writes into an audit bundle (snake_case, plain values only). */
final class AuditJson {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AuditJson() {}

    static ObjectNode params(ModulatedParams p) {
        ObjectNode params = F.objectNode();
        params.put("temperature", p.temperature());
        params.put("top_p", p.topP());
        params.put("max_output_tokens", p.maxOutputTokens());
        params.put("reasoning_effort", p.reasoningEffort());
        params.put("retrieval_k", p.retrievalK());
        params.put("planner_beam", p.plannerBeam());
        params.put("memory_write", p.memoryWrite());
        params.put("safety_mode", p.safetyMode().wireName());
        ArrayNode tools = params.putArray("tool_allowlist");
        p.toolAllowlist().forEach(tools::add);
        return params;
    }

    static ObjectNode modulation(ModulationResult r) {
        ObjectNode root = F.objectNode();
        root.set("params", params(r.params()));
        ObjectNode style = root.putObject("prompt_style");
        style.put("name", r.promptStyle().name());
        style.put("moderation_preset", r.promptStyle().moderationPreset());
        ArrayNode stops = style.putArray("stop_sequences");
        r.promptStyle().stopSequences().forEach(stops::add);
        ModulationTrace t = r.trace();
        ObjectNode trace = root.putObject("trace");
        trace.put("at", t.at().toString());
        trace.put("strict_default", t.strictDefault());
        ObjectNode parameters = trace.putObject("parameters");
        for (ModulationTrace.Parameter tp : t.parameters()) {
            ObjectNode node = parameters.putObject(tp.name());
            node.put("from_default", tp.fromDefault());
            ArrayNode contributions = node.putArray("contributions");
            tp.contributions().forEach(c -> contribution(contributions.addObject(), c));
            node.put("feedback_delta", tp.feedbackDelta());
            tp.cap().ifPresent(c -> contribution(node.putObject("cap"), c));
            node.put("cap_applied", tp.capApplied());
            node.put("bounded", tp.bounded());
            ArrayNode notes = node.putArray("notes");
            tp.notes().forEach(notes::add);
        }
        ArrayNode sigs = trace.putArray("signals");
        for (ModulationTrace.Signal sig : t.signals()) {
            ObjectNode node = sigs.addObject();
            node.put("name", sig.name());
            node.put("scope", sig.scope().name().toLowerCase(Locale.ROOT));
            node.put("status", sig.status().name().toLowerCase(Locale.ROOT));
            node.put("level", sig.level());
            sig.clampedFrom().ifPresent(c -> node.put("clamped_from", c));
            node.put("until", sig.until().toString());
            node.put("source", sig.source());
        }
        ObjectNode policy = root.putObject("policy");
        policy.put("version", r.policy().version());
        policy.put("sha256", r.policy().sha256());
        return root;
    }

    private static void contribution(ObjectNode node, ModulationTrace.Contribution c) {
        node.put("signal", c.signal());
        node.put("level", c.level());
        node.put("weight", c.weight());
        switch (c) {
            case ModulationTrace.NumberProposal n -> node.put("proposal", n.value());
            case ModulationTrace.ModeProposal m -> node.put("proposal", m.mode().wireName());
            case ModulationTrace.ToolsProposal tp -> {
                ArrayNode tools = node.putArray("proposal");
                tp.tools().forEach(tools::add);
            }
        }
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

    private static void verdict(ObjectNode node, ModerationVerdict v) {
        node.put("provider", v.provider());
        ArrayNode flagged = node.putArray("flagged");
        v.flagged().stream().map(c -> c.wireName()).sorted().forEach(flagged::add);
        ObjectNode scores = node.putObject("scores");
        v.scores().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> scores.put(e.getKey().wireName(), e.getValue()));
        ArrayNode reasons = node.putArray("reasons");
        v.reasons().forEach(reasons::add);
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
