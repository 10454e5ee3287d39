package ai.lukhas.pwm.provider;

import java.util.Objects;

/**
 * The answer of {@link LlmProvider#check()}: whether the provider can be reached with its credentials
 * right now, and in a sentence what was seen ({@code "GET /models answered 200"}, {@code "connection
 * refused"}, {@code "the upstream refused the API key (401)"}).
 *
 * <pre>{@code UpstreamCheck c = provider.check(); if (!c.reachable()) log(c.detail());}</pre>
 */
public record UpstreamCheck(boolean reachable, String detail) {
    public UpstreamCheck {
        Objects.requireNonNull(detail, "detail");
    }

    public static UpstreamCheck reachable(String detail) {
        return new UpstreamCheck(true, detail);
    }

    public static UpstreamCheck unreachable(String detail) {
        return new UpstreamCheck(false, detail);
    }
}
