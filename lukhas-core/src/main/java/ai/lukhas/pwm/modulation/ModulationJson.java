package ai.lukhas.pwm.modulation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The one JSON rendering of a modulation result, shared by {@code lukhas modulate --json}, the
 * modulation preview and session routes, and the audit bundle, so they can never drift apart:
 * {@code {params, prompt_style, trace, policy: {version, sha256}}} with integers as JSON integers and
 * the allowlist in the policy's universe order.
 *
 * <pre>{@code ObjectNode json = ModulationJson.result(modulator.modulate("s1"));}</pre>
 */
public final class ModulationJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ModulationJson() {}

    /** The parameters alone. */
    public static ObjectNode params(ModulatedParams p) {
        ObjectNode params = F.objectNode()
                .put("temperature", p.temperature())
                .put("top_p", p.topP())
                .put("max_output_tokens", p.maxOutputTokens())
                .put("reasoning_effort", p.reasoningEffort())
                .put("retrieval_k", p.retrievalK())
                .put("planner_beam", p.plannerBeam())
                .put("memory_write", p.memoryWrite())
                .put("safety_mode", p.safetyMode().wireName());
        ArrayNode tools = params.putArray("tool_allowlist");
        p.toolAllowlist().forEach(tools::add);
        return params;
    }

    /** The whole result: parameters, prompt style, trace and policy identity. */
    public static ObjectNode result(ModulationResult r) {
        ObjectNode root = F.objectNode();
        root.set("params", params(r.params()));
        style(root.putObject("prompt_style"), r.promptStyle());
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
            node.put("status", sig.status().name().toLowerCase(Locale.ROOT));
            node.put("level", sig.level());
            sig.clampedFrom().ifPresent(c -> node.put("clamped_from", c));
            node.put("recorded_at", sig.recordedAt().toString());
            node.put("until", sig.until().toString());
            node.put("source", sig.source());
        }
        root.putObject("policy")
                .put("version", r.policy().version())
                .put("sha256", r.policy().sha256());
        return root;
    }

    /**
     * The policy itself, for a playground that builds a slider per signal: each signal with its weight,
     * cooldown, ttl, whether it is the safety signal, its level range and the parameters it maps; each
     * parameter with its kind, default, bounds (numeric) or values, and its tightening direction; the prompt
     * style of each safety mode; the policy's identity.
     */
    public static ObjectNode policy(ModulationPolicy p) {
        ObjectNode root = F.objectNode();
        root.putObject("policy")
                .put("version", p.info.version())
                .put("sha256", p.info.sha256())
                .put("source", p.info.source());
        ArrayNode signals = root.putArray("signals");
        for (int i = 0; i < p.signalNames.length; i++) {
            ObjectNode s = signals.addObject()
                    .put("name", p.signalNames[i])
                    .put("weight", p.weight[i])
                    .put("cooldown_ms", p.cooldownMs[i])
                    .put("ttl_ms", p.ttlMs[i])
                    .put("safety", p.safety[i])
                    .put("min", 0.0)
                    .put("max", 1.0);
            ArrayNode maps = s.putArray("maps");
            for (int q = 0; q < Param.NUMERIC; q++) {
                if (p.numericMaps[i][q] != null) {
                    maps.add(Param.ALL[q].wireName);
                }
            }
            if (p.modeMaps[i] != null) {
                maps.add(Param.SAFETY_MODE.wireName);
            }
            if (p.toolMaps[i] != null) {
                maps.add(Param.TOOL_ALLOWLIST.wireName);
            }
        }
        ArrayNode params = root.putArray("parameters");
        for (int q = 0; q < Param.NUMERIC; q++) {
            Param param = Param.ALL[q];
            ObjectNode n = params.addObject()
                    .put("name", param.wireName)
                    .put("kind", param.kind.name().toLowerCase(Locale.ROOT));
            if (param.kind == Param.Kind.INTEGER) {
                n.put("default", (long) p.defaults[q])
                        .put("min", (long) p.lo[q])
                        .put("max", (long) p.hi[q]);
            } else {
                n.put("default", p.defaults[q]).put("min", p.lo[q]).put("max", p.hi[q]);
            }
            n.put("tightens", p.tightenDown[q] ? "down" : "up");
        }
        ObjectNode mode = params.addObject()
                .put("name", Param.SAFETY_MODE.wireName)
                .put("kind", "mode")
                .put("default", p.defaultMode.wireName());
        ArrayNode modes = mode.putArray("values");
        for (SafetyMode m : SafetyMode.values()) {
            modes.add(m.wireName());
        }
        mode.put("tightens", "strict");
        ObjectNode tools =
                params.addObject().put("name", Param.TOOL_ALLOWLIST.wireName).put("kind", "tools");
        ArrayNode defaultTools = tools.putArray("default");
        p.toolList(p.defaultTools).forEach(defaultTools::add);
        ArrayNode allTools = tools.putArray("values");
        p.tools.forEach(allTools::add);
        tools.put("tightens", "fewer");
        ObjectNode styles = root.putObject("prompt_styles");
        for (SafetyMode m : SafetyMode.values()) {
            style(styles.putObject(m.wireName()), p.promptStyle(m));
        }
        return root;
    }

    private static void style(ObjectNode style, PromptStyle s) {
        style.put("name", s.name());
        style.put("preamble", s.preamble());
        style.put("moderation_preset", s.moderationPreset());
        ArrayNode stops = style.putArray("stop_sequences");
        s.stopSequences().forEach(stops::add);
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
}
