package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.provider.UpstreamCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The upstream as {@code /readyz} reports it: the provider's {@link UpstreamCheck}, run at most once
 * per {@link #INTERVAL} whatever the probe traffic (a load balancer polling every second must not
 * turn into a request per second to a paid API), the last answer served from cache in between.
 * Callers arriving while a check runs wait for it (bounded by the provider's check timeout).
 *
 * <pre>{@code UpstreamProbe probe = UpstreamProbe.of(provider.name(), provider::check, clock);}</pre>
 */
public final class UpstreamProbe {
    /** At most one upstream check per this interval. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    /** One check's answer and when it was asked (on the injected clock). */
    public record Result(String provider, UpstreamCheck check, Instant checkedAt) {}

    private final String provider;
    private final Supplier<UpstreamCheck> check;
    private final Clock clock;
    private Result last; // guarded by this

    private UpstreamProbe(String provider, Supplier<UpstreamCheck> check, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.check = Objects.requireNonNull(check, "check");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static UpstreamProbe of(String provider, Supplier<UpstreamCheck> check, Clock clock) {
        return new UpstreamProbe(provider, check, clock);
    }

    /** The cached answer while it is younger than {@link #INTERVAL}, else a fresh check. */
    public synchronized Result current() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.checkedAt().plus(INTERVAL))) {
            last = new Result(provider, check.get(), now);
        }
        return last;
    }
}
