package ai.lukhas.pwm.server.auth;

import ai.lukhas.pwm.server.config.LukhasConfig.RateLimit;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

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
    private static final Pattern SCHEME_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,19}");

    private record Cached(Optional<Principal> principal, long expiresNanos) {}

    private final ApiKeyStore keys;
    private final Function<String, RateLimit> limits;
    private final Clock clock;
    private final TokenBuckets bucketFactory;
    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile Cached anyKeys = new Cached(Optional.empty(), Long.MIN_VALUE);

    private AccessControl(ApiKeyStore keys, Function<String, RateLimit> limits, Clock clock) {
        this.keys = keys;
        this.limits = limits;
        this.clock = clock;
        this.bucketFactory = new TokenBuckets(clock);
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
        ConsumptionProbe probe = buckets.computeIfAbsent(
                        p.keyId(), id -> bucketFactory.bucket(limits.apply(p.tenant())))
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = TokenBuckets.retryAfterSeconds(probe.getNanosToWaitForRefill());
            throw new RateLimited(
                    retryAfter,
                    "key " + p.keyId() + " of tenant " + p.tenant() + " is over its rate limit; retry after "
                            + retryAfter + " s");
        }
        return p;
    }

    /** 429 with the seconds to wait, for the {@code Retry-After} header. */
    public static final class RateLimited extends ProblemException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds, String detail) {
            super(Problem.of(429, "Too many requests", detail));
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
        String token = bearerToken(header);
        long now = nanos();
        Cached c = tokens.get(token);
        if (c == null || c.expiresNanos() < now) {
            if (tokens.size() > MAX_CACHED) {
                tokens.clear();
            }
            c = new Cached(keys.authenticate(token), now + CACHE_TTL.toNanos());
            tokens.put(token, c);
        }
        return c.principal().orElseThrow(() -> unauthorized("the API key is unknown, revoked or malformed"));
    }

    /**
     * The credentials of a {@code Bearer} header (the scheme is case-insensitive, RFC 7235); any other
     * scheme, or none, is a 401 that names the scheme but never echoes the credentials.
     */
    static String bearerToken(String header) {
        int space = indexOfWhitespace(header);
        if (space < 0) {
            throw unauthorized("the Authorization header has no scheme; send 'Authorization: Bearer <key>'");
        }
        String scheme = header.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer")) {
            // name the scheme only when it looks like one, so a credential sent without a scheme is never echoed
            String which = SCHEME_NAME.matcher(scheme).matches() ? "the scheme '" + scheme + "'" : "no known scheme";
            throw unauthorized("the Authorization header uses " + which
                    + "; this gateway accepts only 'Authorization: Bearer <key>'");
        }
        return header.substring(space).strip();
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether this {@code Authorization} header carries a key that authenticated here before (and was
     * valid when last checked): such a caller is not held back by the failed-authentication throttle.
     */
    public boolean isKnownKey(String authorization) {
        String header = authorization.strip();
        int space = indexOfWhitespace(header);
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            return false;
        }
        Cached c = tokens.get(header.substring(space).strip());
        return c != null && c.principal().isPresent();
    }

    /** True in keyless local mode: no active API key, every caller is the local admin. */
    public boolean localMode() {
        return !hasActiveKeys();
    }

    /**
     * Forgets every cached authentication result and the "are there keys" answer: after a key is
     * created or revoked in this process, the next request sees it at once (another replica still
     * within {@link #CACHE_TTL}).
     */
    public void keysChanged() {
        tokens.clear();
        anyKeys = new Cached(Optional.empty(), Long.MIN_VALUE);
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

    private long nanos() {
        return clock.millis() * 1_000_000L;
    }
}
