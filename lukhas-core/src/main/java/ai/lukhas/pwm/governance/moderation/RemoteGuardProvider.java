package ai.lukhas.pwm.governance.moderation;

import java.time.Duration;

/**
 * What the moderation providers that call a remote guard service share: their name in verdicts and one
 * {@link GuardHttp} client with the configured timeout. Each subclass builds its request and reads the
 * answer in {@link #moderate(ModerationRequest)}.
 */
abstract class RemoteGuardProvider implements ModerationProvider {
    private final String name;

    /** The client every call goes through (timeout, retries and errors as {@link GuardHttp} states). */
    final GuardHttp http;

    RemoteGuardProvider(String name, Duration timeout) {
        this.name = name;
        this.http = new GuardHttp(timeout);
    }

    @Override
    public final String name() {
        return name;
    }
}
