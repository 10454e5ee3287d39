package ai.lukhas.pwm.server.auth;

import ai.lukhas.pwm.server.config.LukhasConfig.RateLimit;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decides who is calling and whether they may: authenticates the bearer token, checks the role a
 * route needs, and takes one token from the key's bucket (429 with {@code Retry-After} when empty).
 *
 * <p>With no active key at all the gateway is in local mode (it can only be bound to loopback, see
 * {@code BindPolicy}) and every caller is the local admin of the default tenant. Authentication
 * results and the "are there keys" answer are cached for {@link #CACHE_TTL} so the request path does
 * not hit the database each time; a revoked key stops working within that time.
 *
 * <pre>{@code Principal p = access.authorize(ctx.header("Authorization"), Role.CLIENT);}</pre>
 */
public final class AccessControl {
    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    public static final Principal LOCAL = new Principal("local", Role.ADMIN, "default");
    private static final int MAX_CACHED = 10_000;

    private record Cached(Optional<Principal> principal, long expiresNanos) {}

    private final ApiKeyStore keys;
    private final Function<String, RateLimit> limits;
    private final Clock clock;
    private final TimeMeter time;
    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Cached anyKeys = new Cached(Optional.empty(), Long.MIN_VALUE);

    private AccessControl(ApiKeyStore keys, Function<String, RateLimit> limits, Clock clock) {
        this.keys = keys;
        this.limits = limits;
        this.clock = clock;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanos();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * @param limitsByTenant the rate limit of a tenant (from the configuration)
     * @param clock the time source for caches and token buckets
     */
    public static AccessControl create(ApiKeyStore keys, Function<String, RateLimit> limitsByTenant, Clock clock) {
        return new AccessControl(
                Objects.requireNonNull(keys, "keys"),
                Objects.requireNonNull(limitsByTenant, "limitsByTenant"),
                Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The caller, when allowed to use a route needing {@code required}.
     *
     * @param authorization the {@code Authorization} header, if any
     * @throws ProblemException 401 (no or bad key), 403 (role too low), 429 (rate limit)
     */
    public Principal authorize(Optional<String> authorization, Role required) {
        Principal p = authenticate(authorization);
        if (required == Role.ADMIN && !p.isAdmin()) {
            throw new ProblemException(Problem.of(
                    403, "Forbidden", "this route needs an admin key; key " + p.keyId() + " has role client"));
        }
        ConsumptionProbe probe = buckets.computeIfAbsent(p.keyId(), id -> bucket(limits.apply(p.tenant())))
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(
                    1,
                    Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds()
                            + (probe.getNanosToWaitForRefill() % 1_000_000_000L == 0 ? 0 : 1));
            throw new RateLimited(retryAfter, p);
        }
        return p;
    }

    /** 429 with the seconds to wait, for the {@code Retry-After} header. */
    public static final class RateLimited extends ProblemException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds, Principal p) {
            super(Problem.of(
                    429,
                    "Too many requests",
                    "key " + p.keyId() + " of tenant " + p.tenant() + " is over its rate limit; retry after "
                            + retryAfterSeconds + " s"));
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private Principal authenticate(Optional<String> authorization) {
        if (!hasActiveKeys()) {
            return LOCAL;
        }
        String header = authorization.map(String::strip).orElse("");
        if (header.isEmpty()) {
            throw unauthorized("send 'Authorization: Bearer <key>'; create a key with 'lukhas keys create'");
        }
        long now = nanos();
        Cached c = tokens.get(header);
        if (c == null || c.expiresNanos() < now) {
            if (tokens.size() > MAX_CACHED) {
                tokens.clear();
            }
            c = new Cached(keys.authenticate(header), now + CACHE_TTL.toNanos());
            tokens.put(header, c);
        }
        return c.principal().orElseThrow(() -> unauthorized("the API key is unknown, revoked or malformed"));
    }

    private boolean hasActiveKeys() {
        long now = nanos();
        Cached c = anyKeys;
        if (c.expiresNanos() < now) {
            c = new Cached(keys.hasActiveKeys() ? Optional.of(LOCAL) : Optional.empty(), now + CACHE_TTL.toNanos());
            anyKeys = c;
        }
        return c.principal().isPresent();
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "Unauthorized", detail));
    }

    private Bucket bucket(RateLimit limit) {
        Duration perToken = Duration.ofNanos(Math.max(1, (long) (1e9 / limit.requestsPerSecond())));
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(1, perToken)
                        .build())
                .build();
    }

    private long nanos() {
        return clock.millis() * 1_000_000L;
    }
}
