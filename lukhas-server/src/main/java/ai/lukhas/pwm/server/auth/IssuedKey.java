package ai.lukhas.pwm.server.auth;

import java.util.Objects;

/** A newly created key with its token, which is shown once and never stored. */
public record IssuedKey(ApiKey key, String token) {
    public IssuedKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
    }

    /** Never shows the token: a logged or printed key must not become a usable credential. */
    @Override
    public String toString() {
        return "IssuedKey[key=" + key + ", token=***]";
    }
}
