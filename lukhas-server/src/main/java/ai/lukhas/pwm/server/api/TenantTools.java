package ai.lukhas.pwm.server.api;

import java.util.List;

/**
 * A tenant's tool ceiling: the tools (and {@value #CLIENT_TOOLS}) its requests may be
 * offered. The gateway answers it from the configuration's {@code tenants.<name>.tools}.
 *
 * <pre>{@code TenantTools tools = tenant -> config.tenant(tenant).tools();}</pre>
 */
@FunctionalInterface
public interface TenantTools {
    /** In a tenant's {@code tools}: the application's own function tools may be offered. */
    String CLIENT_TOOLS = "client_tools";

    List<String> of(String tenant);
}
