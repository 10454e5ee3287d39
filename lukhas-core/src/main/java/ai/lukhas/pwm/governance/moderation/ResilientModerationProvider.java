package ai.lukhas.pwm.governance.moderation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A remote provider with a deadline, a failure rule and a short verdict cache (see {@link
 * RemoteModerationPolicy}). The call runs on a virtual thread so the deadline holds whatever the remote
 * client does; a late answer is abandoned. Only verdicts are cached, never failures, keyed by SHA-256 of
 * kind, preset and text, and they expire on the injected clock.
 */
final class ResilientModerationProvider implements ModerationProvider {
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final ModerationProvider remote;
    private final RemoteModerationPolicy policy;
    private final ModerationProvider fallback;
    private final InstantSource clock;
    private final Map<String, Cached> cache;

    private record Cached(ModerationVerdict verdict, Instant expires) {}

    ResilientModerationProvider(
            ModerationProvider remote,
            RemoteModerationPolicy policy,
            ModerationProvider fallback,
            InstantSource clock) {
        this.remote = remote;
        this.policy = policy;
        this.fallback = fallback;
        this.clock = clock;
        int max = policy.cacheEntries();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public String name() {
        return remote.name();
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
        boolean caching = !policy.cacheTtl().isZero() && policy.cacheEntries() > 0;
        String key = caching ? key(request) : "";
        if (caching) {
            synchronized (cache) {
                Cached hit = cache.get(key);
                if (hit != null && clock.instant().isBefore(hit.expires())) {
                    return hit.verdict();
                }
                if (hit != null) {
                    cache.remove(key);
                }
            }
        }
        ModerationVerdict verdict;
        try {
            verdict = call(request);
        } catch (ModerationProviderException e) {
            return switch (policy.onFailure()) {
                case FAIL_CLOSED -> throw e;
                case FALL_BACK_TO_LOCAL -> fellBack(request, e.getMessage());
            };
        }
        if (caching) {
            synchronized (cache) {
                cache.put(key, new Cached(verdict, clock.instant().plus(policy.cacheTtl())));
            }
        }
        return verdict;
    }

    private ModerationVerdict call(ModerationRequest request) throws ModerationProviderException {
        Future<ModerationVerdict> future = CALLS.submit(() -> remote.moderate(request));
        try {
            ModerationVerdict v = future.get(policy.timeout().toNanos(), TimeUnit.NANOSECONDS);
            if (v == null) {
                throw new ModerationFailedException(remote.name() + " returned no verdict");
            }
            return v;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ModerationUnavailableException(
                    remote.name() + " did not answer within " + policy.timeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ModerationUnavailableException("interrupted while waiting for " + remote.name(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModerationProviderException m) {
                throw m;
            }
            throw new ModerationFailedException(remote.name() + " failed: " + cause, cause);
        }
    }

    private ModerationVerdict fellBack(ModerationRequest request, String why) throws ModerationProviderException {
        ModerationVerdict local = fallback.moderate(request);
        List<String> reasons = new ArrayList<>(local.reasons());
        reasons.add(remote.name() + ":unavailable, local verdict used (" + why + ")");
        return new ModerationVerdict(local.provider(), local.scores(), local.flagged(), reasons);
    }

    private static String key(ModerationRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.kind().wireName() + "\n" + request.preset().name() + "\n"
                            + request.preset().directInjection().wireName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(request.text().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
