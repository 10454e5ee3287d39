package ai.lukhas.pwm.server.auth;

import java.util.Objects;

/** Who is calling: the key that authenticated, its role and its tenant. */
public record Principal(String keyId, Role role, String tenant) {
    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tenant, "tenant");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
