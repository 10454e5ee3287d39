package ai.lukhas.pwm.server.api;

import java.util.Map;
import java.util.Optional;

/**
 * The names of the gateway's own tools: each allowlist name ({@code retrieval}) and function name
 * ({@code retrieve_knowledge}) mapped to the allowlist name, so either spelling is recognised.
 *
 * <pre>{@code new GatewayToolNames(Map.of("retrieval", "retrieval", "retrieve_knowledge", "retrieval"))}</pre>
 */
public record GatewayToolNames(Map<String, String> allowlistNameOf) {
    public GatewayToolNames {
        allowlistNameOf = Map.copyOf(allowlistNameOf);
    }

    /** Whether {@code name} is a gateway tool's allowlist or function name. */
    public boolean contains(String name) {
        return allowlistNameOf.containsKey(name);
    }

    /** The allowlist name of the gateway tool called {@code name}, either way. */
    public Optional<String> allowlistName(String name) {
        return Optional.ofNullable(allowlistNameOf.get(name));
    }

    /** Whether {@code ceiling} (a tenant's {@code tools}) holds the gateway tool {@code name}, spelled either way. */
    boolean inCeiling(java.util.List<String> ceiling, String name) {
        Optional<String> a = allowlistName(name);
        return a.isPresent() && ceiling.stream().anyMatch(e -> a.equals(allowlistName(e)));
    }
}
