package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.StreamHold;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A guard model on one stream's output: text the local rules passed (and the release rule allows)
 * leaves only once the guard has passed a text holding it, or once it has waited {@link
 * StreamHold#maxHold()} (then {@link StreamHold#onExpiry()} decides). At most one guard call is in
 * flight; when it returns, the next covers everything that arrived meanwhile. Time comes from the
 * injected clock; the only real wait is at the end of a model step, for the verdict in flight, and
 * never longer than what is left of the hold (see {@link #awaitStepEnd()}).
 *
 * <p>One per stream, used by the request's thread; the guard calls run on virtual threads.
 */
final class GuardHold {
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    /** What the driver may do now. */
    sealed interface Decision {
        /** Release up to {@code upTo}; {@code onLocal}: past what the guard has passed (the hold expired). */
        record Release(int upTo, boolean onLocal) implements Decision {}

        /** The guard flagged (or failed closed on) a text: the stream is cut. */
        record Flagged(ModerationOutcome outcome) implements Decision {}

        /** Fail closed: text waited longer than the hold for a verdict. */
        record Expired(Duration waited) implements Decision {}
    }

    private record Check(int covers, Future<ModerationOutcome> verdict) {}

    /** A release limit and when the local rules first allowed it. */
    private record Wanted(int upTo, Instant since) {}

    private final StreamHold hold;
    private final Clock clock;
    /** Starts a guard call on a text (with the preset in force when it is asked). */
    private final Function<String, Future<ModerationOutcome>> ask;

    private final ArrayDeque<Wanted> waiting = new ArrayDeque<>();
    private Optional<Check> inFlight = Optional.empty();
    /**
     * The text offered last with the highest limit, as its first {@link #latestLength} characters: a
     * {@link String} or the stream's {@link ai.lukhas.pwm.text.GrowingText}, whose start never changes,
     * copied only when a guard call is started on it.
     */
    private CharSequence latest = "";

    private int latestLength;
    private int latestLimit;
    private int passed;
    private boolean expired;
    private int checks;
    private int releasedOnLocal;

    GuardHold(StreamHold hold, Clock clock, Function<String, Future<ModerationOutcome>> ask) {
        this.hold = hold;
        this.clock = clock;
        this.ask = ask;
    }

    /** A guard call on the text, on a virtual thread. */
    static Future<ModerationOutcome> async(java.util.concurrent.Callable<ModerationOutcome> call) {
        return CALLS.submit(call);
    }

    /**
     * The local rules passed {@code text} (all the model's text so far: a {@link String}, or a {@link
     * ai.lukhas.pwm.text.GrowingText}, which the guard is asked about as it is now, however it grows later)
     * and the release rule allows {@code [0, limit)}: what may leave now.
     */
    Decision offer(CharSequence text, int limit) {
        if (limit > latestLimit) {
            latest = text;
            latestLength = text.length();
            latestLimit = limit;
            waiting.add(new Wanted(limit, clock.instant()));
        }
        return decide();
    }

    /** What may leave now, without new text (the verdict in flight may have come back). */
    Decision decide() {
        Optional<Decision> flagged = collect();
        if (flagged.isPresent()) {
            return flagged.get();
        }
        startNext();
        if (waiting.isEmpty()) {
            return new Decision.Release(passed, false);
        }
        Duration waited = Duration.between(waiting.peek().since(), clock.instant());
        if (!expired && waited.compareTo(hold.maxHold()) < 0) {
            return new Decision.Release(passed, false);
        }
        return switch (hold.onExpiry()) {
            case FAIL_CLOSED -> new Decision.Expired(waited);
            case RELEASE_ON_LOCAL -> {
                // From now on the guard only trails the stream: text leaves on the local verdict.
                expired = true;
                yield new Decision.Release(latestLimit, true);
            }
        };
    }

    /**
     * The model step ended with everything allowed: waits for the guard's verdict on all of it, at
     * most what is left of the hold (on the injected clock); once the hold has expired to the local
     * verdict, waits for the trailing guard calls within their own deadline, so a late flag still
     * cuts the stream before it ends.
     */
    Decision awaitStepEnd() {
        while (true) {
            Decision d = decide();
            if (!(d instanceof Decision.Release r) || waiting.isEmpty() || inFlight.isEmpty()) {
                return d;
            }
            Duration left = expired
                    ? Duration.ofMinutes(1)
                    : hold.maxHold().minus(Duration.between(waiting.peek().since(), clock.instant()));
            if (left.isNegative() || left.isZero()) {
                continue; // decide() now applies the expiry
            }
            try {
                inFlight.get().verdict().get(left.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                expired = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                expired = true;
            } catch (ExecutionException | CancellationException e) {
                // collected (and failed closed) by decide()
            }
        }
    }

    /** Guard calls made on this stream. */
    int checks() {
        return checks;
    }

    /** The most characters at once that were released on the local verdict before the guard's. */
    int releasedOnLocal() {
        return releasedOnLocal;
    }

    /**
     * The driver released {@code [0, upTo)}: what of it the guard has not passed left on the local
     * verdict (counted here, not when the hold allowed it: a flag at the end of a step may still cut it).
     */
    void released(int upTo) {
        releasedOnLocal = Math.max(releasedOnLocal, upTo - passed);
    }

    /** Stops the call in flight (the stream ended or was cut). */
    void cancel() {
        inFlight.ifPresent(c -> c.verdict().cancel(true));
        inFlight = Optional.empty();
    }

    private Optional<Decision> collect() {
        if (inFlight.isEmpty() || !inFlight.get().verdict().isDone()) {
            return Optional.empty();
        }
        Check c = inFlight.get();
        inFlight = Optional.empty();
        ModerationOutcome outcome;
        try {
            outcome = c.verdict().get();
        } catch (ExecutionException | CancellationException e) {
            outcome = new ModerationOutcome.ProviderFailed(
                    ai.lukhas.pwm.governance.moderation.ContentKind.FINAL_OUTPUT,
                    Optional.empty(),
                    "guard",
                    "the guard call failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (outcome.blocked()) {
            return Optional.of(new Decision.Flagged(outcome));
        }
        passed = Math.max(passed, c.covers());
        while (!waiting.isEmpty() && waiting.peek().upTo() <= passed) {
            waiting.poll();
        }
        return Optional.empty();
    }

    private void startNext() {
        if (inFlight.isEmpty() && latestLimit > passed) {
            checks++;
            inFlight = Optional.of(new Check(
                    latestLimit, ask.apply(latest.subSequence(0, latestLength).toString())));
        }
    }
}
