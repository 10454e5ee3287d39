package ai.lukhas.pwm.server.auth;

import java.util.Locale;

/** What a key may do: a client uses the gateway for its own sessions; an admin may do everything. */
public enum Role {
    CLIENT,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code client} or {@code admin} (any case). */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.wireName().equalsIgnoreCase(text.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be one of client, admin, but was '" + text + "'");
    }
}
