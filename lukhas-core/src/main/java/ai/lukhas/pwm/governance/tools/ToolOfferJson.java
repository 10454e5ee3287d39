package ai.lukhas.pwm.governance.tools;

import ai.lukhas.pwm.flags.Flags;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one JSON rendering of a tool offer, shared by {@code lukhas tools --json} and
 * {@code GET /v1/tools} so they cannot drift apart: {@code {flags, allowlist, names, offered, excluded}}.
 * {@code names} maps each canonical tool's allowlist name (what policies, tenants, flags and
 * {@code lukhas.tool_allowlist} use) to the function name the model calls ({@code browser → open_url}).
 *
 * <pre>{@code ObjectNode json = ToolOfferJson.document(gate.offer(request), ToolOfferJson.toolFlags(flags), Optional.empty());}</pre>
 */
public final class ToolOfferJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ToolOfferJson() {}

    /** Each canonical tool's enabling flag and its value now, in {@link CanonicalTool} order. */
    public static Map<String, Boolean> toolFlags(Flags flags) {
        Map<String, Boolean> values = new LinkedHashMap<>();
        for (CanonicalTool tool : CanonicalTool.values()) {
            tool.flag().ifPresent(f -> values.put(f, flags.isEnabled(f, false)));
        }
        return values;
    }

    /**
     * @param allowlist the request's allowlist as given (rendered sorted), or empty for none ({@code null})
     */
    public static ObjectNode document(
            ToolOffer offer, Map<String, Boolean> toolFlags, Optional<? extends Collection<String>> allowlist) {
        ObjectNode doc = F.objectNode();
        ObjectNode flags = doc.putObject("flags");
        toolFlags.forEach(flags::put);
        if (allowlist.isPresent()) {
            ArrayNode a = doc.putArray("allowlist");
            allowlist.get().stream().sorted().forEach(a::add);
        } else {
            doc.putNull("allowlist");
        }
        ObjectNode names = doc.putObject("names");
        for (CanonicalTool tool : CanonicalTool.values()) {
            names.put(tool.allowlistName(), tool.definition().name());
        }
        doc.set("offered", offer.chatCompletionsTools());
        ArrayNode excluded = doc.putArray("excluded");
        for (ToolExclusion e : offer.excluded()) {
            excluded.addObject()
                    .put("tool", e.tool())
                    .put("stage", e.stage().wireName())
                    .put("reason", e.reason());
        }
        return doc;
    }
}
