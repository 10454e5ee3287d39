package ai.lukhas.pwm.governance.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools offered to the model for one request, and the reason for every registered tool left out.
 * Only {@link ToolGate#offer} makes one, and the gate accepts only its own offers at call time.
 *
 * <pre>{@code
 * ToolOffer offer = gate.offer(ToolOfferRequest.of(List.of("retrieval", "browser")));
 * offer.chatCompletionsTools(); // [{"type":"function","function":{"name":"retrieve_knowledge",...}}]
 * offer.excluded();             // [ToolExclusion[tool=browser, stage=FLAG_OFF, ...], ...]
 * }</pre>
 */
public final class ToolOffer {
    private final ToolRegistry registry;
    private final Map<String, RegisteredTool> offered;
    private final List<ToolExclusion> excluded;
    private final List<String> order;

    ToolOffer(ToolRegistry registry, List<RegisteredTool> offered, List<ToolExclusion> excluded) {
        this.registry = registry;
        Map<String, RegisteredTool> byName = new LinkedHashMap<>();
        for (RegisteredTool t : offered) {
            byName.put(t.definition().name(), t);
        }
        this.offered = Map.copyOf(byName);
        this.excluded = List.copyOf(excluded);
        this.order = offered.stream().map(t -> t.definition().name()).toList();
    }

    /** The offered tools' definitions, in registry order. */
    public List<ToolDefinition> offered() {
        return order.stream().map(n -> offered.get(n).definition()).toList();
    }

    /** The offered tools' allowlist names, in registry order. */
    public List<String> offeredAllowlistNames() {
        return order.stream().map(n -> offered.get(n).allowlistName()).toList();
    }

    /** One entry per registered tool that is not offered. */
    public List<ToolExclusion> excluded() {
        return excluded;
    }

    /** Whether a call to {@code functionName} passes the first check at call time. */
    public boolean offers(String functionName) {
        return offered.containsKey(functionName);
    }

    /** The offered tools in the Chat Completions {@code tools} shape. */
    public ArrayNode chatCompletionsTools() {
        ArrayNode tools = JsonNodeFactory.instance.arrayNode();
        order.forEach(n -> tools.add(offered.get(n).definition().chatCompletionsShape()));
        return tools;
    }

    ToolRegistry registry() {
        return registry;
    }

    Optional<RegisteredTool> lookup(String functionName) {
        return Optional.ofNullable(offered.get(functionName));
    }

    Optional<ToolExclusion> exclusionOf(RegisteredTool tool) {
        return excluded.stream()
                .filter(e -> e.tool().equals(tool.allowlistName()))
                .findFirst();
    }

    @Override
    public String toString() {
        return "ToolOffer[offered=" + offeredAllowlistNames() + ", excluded=" + excluded + "]";
    }
}
