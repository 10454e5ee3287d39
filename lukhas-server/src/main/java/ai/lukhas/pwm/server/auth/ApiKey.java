package ai.lukhas.pwm.server.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stored key, without its secret (only a SHA-256 of the token is stored). */
public record ApiKey(
        String id, Role role, String tenant, String label, Instant createdAt, Optional<Instant> revokedAt) {
    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
