package ai.lukhas.pwm.server.api;

import java.util.List;

/**
 * A tenant's tools: its ceiling ({@code tenants.<name>.tools}: the gateway tools and, with
 * {@code client_tools} or name patterns, the application functions its requests may be offered) and
 * the gateway tools a request of it is offered when it names none ({@code tenants.<name>.default_tools}).
 *
 * <pre>{@code TenantTools tools = tenant -> config.tenant(tenant).tools();}</pre>
 */
@FunctionalInterface
public interface TenantTools {
    /** The tenant's ceiling. */
    List<String> of(String tenant);

    /** The gateway tools offered when a request names none; none unless the operator set some. */
    default List<String> defaults(String tenant) {
        return List.of();
    }
}
