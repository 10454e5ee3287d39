package ai.lukhas.pwm.governance.moderation;

import java.time.Duration;

/**
 * What the moderation providers that call a remote guard service share: their name in verdicts, their
 * settings ({@code S}) and one {@link GuardHttp} client with the configured timeout. Each subclass builds its
 * request and reads the answer in {@link #moderate(ModerationRequest)}.
 */
abstract class RemoteGuardProvider<S> implements ModerationProvider {
    private final String name;

    /** The provider's settings (endpoint, key, model, ...), validated by their record. */
    final S settings;

    /** The client every call goes through (timeout, retries and errors as {@link GuardHttp} states). */
    final GuardHttp http;

    RemoteGuardProvider(String name, Duration timeout, S settings) {
        this.name = name;
        this.settings = settings;
        this.http = new GuardHttp(timeout);
    }

    @Override
    public final String name() {
        return name;
    }
}
