package ai.lukhas.pwm.server.auth;

import ai.lukhas.pwm.server.config.LukhasConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Throttles failed authentications per client address: every 401 takes a token from the address's
 * bucket ({@code auth.failed_attempts}: burst, refill rate, on the injected clock); once it is empty,
 * requests from that address that present a key not already known to be valid are answered 429
 * with {@code Retry-After} before the key is looked up. A key that authenticated before keeps
 * working, from any address: a real client is never locked out by someone guessing next to it.
 *
 * <p>Memory is bounded: at most {@code auth.max_tracked_addresses} addresses are tracked; when that
 * is exceeded, addresses whose allowance has refilled are forgotten first (they carry no state),
 * then arbitrary ones (down to nine tenths of the limit).
 *
 * <pre>{@code
 * throttle.check(ctx.ip());             // throws RateLimited when the address used up its failures
 * throttle.recordFailure(ctx.ip());     // after a 401
 * }</pre>
 */
public final class FailedAuthThrottle {
    private final LukhasConfig.RateLimit allowance;
    private final int maxAddresses;
    private final TokenBuckets buckets;
    private final Map<String, Bucket> byAddress = new ConcurrentHashMap<>();

    private FailedAuthThrottle(LukhasConfig.Auth settings, Clock clock) {
        this.allowance = settings.failedAttempts();
        this.maxAddresses = settings.maxTrackedAddresses();
        this.buckets = new TokenBuckets(clock);
    }

    public static FailedAuthThrottle create(LukhasConfig.Auth settings, Clock clock) {
        return new FailedAuthThrottle(
                Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Refuses an address that has no failed attempt left.
     *
     * @throws AccessControl.RateLimited 429 with the seconds until the next attempt is allowed
     */
    public void check(String address) {
        Optional<Long> wait = secondsToWait(address);
        if (wait.isPresent()) {
            throw new AccessControl.RateLimited(
                    wait.get(),
                    "too many failed authentications from " + address + "; retry after " + wait.get()
                            + " s with a valid key ('Authorization: Bearer <key>', create one with"
                            + " 'lukhas keys create')");
        }
    }

    /** Seconds until {@code address} may try again, when it has no failed attempt left. */
    public Optional<Long> secondsToWait(String address) {
        Bucket b = byAddress.get(address);
        if (b == null) {
            return Optional.empty();
        }
        EstimationProbe probe = b.estimateAbilityToConsume(1);
        return probe.canBeConsumed()
                ? Optional.empty()
                : Optional.of(TokenBuckets.retryAfterSeconds(probe.getNanosToWaitForRefill()));
    }

    /** Takes one failed attempt from the address's allowance. */
    public void recordFailure(String address) {
        Bucket b = byAddress.computeIfAbsent(address, a -> buckets.bucket(allowance));
        b.tryConsume(1);
        if (byAddress.size() > maxAddresses) {
            evict();
        }
    }

    /** How many addresses are tracked now. */
    public int trackedAddresses() {
        return byAddress.size();
    }

    private void evict() {
        byAddress.values().removeIf(b -> b.getAvailableTokens() >= allowance.burst());
        // evict a tenth more than needed, so a flood of new addresses does not scan at every failure
        int target = maxAddresses - maxAddresses / 10;
        Iterator<String> it = byAddress.keySet().iterator();
        while (byAddress.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
