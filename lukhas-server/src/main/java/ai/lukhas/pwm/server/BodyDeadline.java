package ai.lukhas.pwm.server;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The total deadline for a request body ({@code server.body_timeout_ms}): a body not arrived whole
 * within it, counted from the request's first byte, fails its reading with {@link Expired} (a
 * {@link TimeoutException}), which both inbound paths answer 408 like an idle body ({@link
 * GatewayServer#unfinished}). Jetty's idle timeout bounds only the pause between two reads, so without
 * this a body trickled a byte at a time would hold its request, its thread and its connection for as
 * long as the client likes (slowloris).
 *
 * <p>It sits in front of both paths (the hot routes' handler and Javalin's servlet), wrapping the
 * request of every request that announces a body. Cost: a body already whole in the first read (the
 * common case) schedules nothing; the timer, on Jetty's scheduler, is armed the first time the reader
 * has to wait for more ({@link Request#demand}), cancelled when the last chunk is read or the request
 * completes. No thread waits for it. The clock and the timer are {@link DeadlineTime}'s ({@link
 * DeadlineTime#JETTY} in production), so a test fires the deadline by hand.
 *
 * <pre>{@code server.insertHandler(new BodyDeadline(Duration.ofSeconds(30), DeadlineTime.JETTY));}</pre>
 */
final class BodyDeadline extends Handler.Wrapper {
    private final Duration timeout;
    private final long timeoutNanos;
    private final DeadlineTime time;
    private final LongAdder armed = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder headsClosed = new LongAdder();

    BodyDeadline(Duration timeout, DeadlineTime time) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.timeoutNanos = timeout.toNanos();
        this.time = Objects.requireNonNull(time, "time");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!announcesBody(request)) {
            return super.handle(request, response, callback);
        }
        Reading deadline = new Reading(request, callback, this);
        return super.handle(deadline, response, deadline);
    }

    /** How many requests had to wait for their body, so that a timer was armed (tests and benchmarks). */
    long armed() {
        return armed.sum();
    }

    /** How many bodies missed the deadline. */
    long expired() {
        return expired.sum();
    }

    /** The deadline: a request's head and body arrive whole within it of its first byte. */
    Duration timeout() {
        return timeout;
    }

    /** The clock and timer the deadline is kept by (the head's too). */
    DeadlineTime time() {
        return time;
    }

    /** A connection was closed because a request's head missed the deadline ({@link HeadDeadline}). */
    void headClosed() {
        headsClosed.increment();
    }

    /** How many connections were closed for a head that missed the deadline. */
    long headsClosed() {
        return headsClosed.sum();
    }

    /** Whether the request has a body to read: a Content-Length above 0 or a chunked one. */
    static boolean announcesBody(Request request) {
        long length = request.getLength();
        return length > 0 || (length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING));
    }

    /**
     * The deadline's failure when it passed for the request a Javalin context serves ({@code request} is
     * its servlet request), for the 408 Javalin answers by itself.
     */
    static Optional<Expired> expiredFor(HttpServletRequest request) {
        ServletContextRequest servlet = ServletContextRequest.getServletContextRequest(request);
        Reading deadline = servlet == null ? null : Request.as(servlet, Reading.class);
        return deadline == null ? Optional.empty() : Optional.ofNullable(deadline.failure);
    }

    /** What reading a body past its deadline fails with. */
    static final class Expired extends TimeoutException {
        private static final long serialVersionUID = 1L;

        private final Duration timeout;

        Expired(Duration timeout) {
            super("the request body did not arrive whole within " + timeout.toMillis() + " ms");
            this.timeout = timeout;
        }

        /** The deadline that passed. */
        Duration timeout() {
            return timeout;
        }
    }

    /** A request whose body is being read against the deadline; also the request's callback, to disarm it. */
    private static final class Reading extends Request.Wrapper implements Callback, Runnable {
        private final Callback callback;
        private final BodyDeadline guard;
        // written by the reading thread only; read by whoever completes the request
        private volatile Scheduler.Task timer;
        // guarded by this: whether the body was read to its end or the request completed, so the timer has
        // nothing left to fail (failing a completed request would reach a channel Jetty may have recycled)
        private boolean settled;
        // guarded by this: the reader's callback while it waits for more of the body, for the timer to run
        private Runnable waiting;
        // guarded by this: whether the reader's thread is handing its demand to Jetty (the timer leaves the
        // reader's callback to that thread then, so the reader never finishes while that thread is in Jetty)
        private boolean demanding;
        private volatile Expired failure;

        private Reading(Request request, Callback callback, BodyDeadline guard) {
            super(request);
            this.callback = callback;
            this.guard = guard;
        }

        @Override
        public Content.Chunk read() {
            Expired expired = failure;
            if (expired != null) {
                return Content.Chunk.from(expired, true);
            }
            Content.Chunk chunk = super.read();
            if (chunk != null && chunk.isLast() && timer != null) {
                settle();
            }
            return chunk;
        }

        /**
         * The reader waits for more: Jetty runs {@code demandCallback} when more comes, or the timer does when
         * the deadline passes first, whichever is first (the other finds it gone).
         */
        @Override
        public void demand(Runnable demandCallback) {
            if (timer == null) {
                arm();
            }
            synchronized (this) {
                if (failure != null) {
                    // the deadline passed since the reader's last read: its next read returns the failure
                    getContext().execute(demandCallback);
                    return;
                }
                waiting = demandCallback;
                demanding = true;
            }
            try {
                super.demand(Invocable.from(Invocable.getInvocationType(demandCallback), this::available));
            } finally {
                Runnable reader = null;
                synchronized (this) {
                    demanding = false;
                    if (failure != null) {
                        // the deadline passed while Jetty took the demand: wake the reader now
                        reader = waiting;
                        waiting = null;
                    }
                    if (reader != null) {
                        getContext().execute(reader);
                    }
                }
            }
        }

        /** More of the body came (or Jetty failed the request): the waiting reader's callback, unless the timer ran it. */
        private void available() {
            Runnable reader;
            synchronized (this) {
                reader = waiting;
                waiting = null;
            }
            if (reader != null) {
                reader.run();
            }
        }

        /** The first wait for more of the body: the timer fires at the request's first byte plus the timeout. */
        private void arm() {
            guard.armed.increment();
            long remaining = guard.timeoutNanos - guard.time.nanosSince(getBeginNanoTime());
            timer = guard.time.schedule(this, this, Math.max(0, remaining));
        }

        /**
         * The deadline passed: every later read returns the failure, and a reader that waits is woken on the
         * request's executor to read it. The response can still be written (the 408); the unread rest of the
         * body closes the connection after it. Nothing of Jetty's request is touched from this thread but its
         * executor: failing it from here ({@link Request#fail}) made Jetty consume the connection's input on this
         * thread while the reader's thread could be in the middle of a read or demand of its own (a race Jetty's
         * buffer handling does not survive: an NPE in {@code HttpConnection.parseAndFillForContent}, or a 500).
         */
        @Override
        public void run() {
            Expired expired = new Expired(guard.timeout);
            synchronized (this) {
                if (settled) {
                    return;
                }
                settled = true;
                failure = expired;
                guard.expired.increment();
                Runnable reader = demanding ? null : waiting;
                if (reader != null) {
                    waiting = null;
                    getContext().execute(reader);
                }
            }
        }

        private void settle() {
            Scheduler.Task t = timer;
            if (t == null) {
                return;
            }
            synchronized (this) {
                settled = true;
            }
            t.cancel();
        }

        @Override
        public void succeeded() {
            settle();
            callback.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            settle();
            callback.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return callback.getInvocationType();
        }
    }
}
