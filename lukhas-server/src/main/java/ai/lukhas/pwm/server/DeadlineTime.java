package ai.lukhas.pwm.server;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The time {@link BodyDeadline} and {@link HeadDeadline} keep their deadline by: how long ago a
 * request's (or its head's) first byte arrived, and a timer. In production, {@link #JETTY}: Jetty's
 * own nano clock (the one its parser stamps a request's first byte with) and the server's scheduler;
 * in tests, one the test advances and fires by hand, so that no test waits for the deadline to pass.
 */
interface DeadlineTime {
    /** Jetty's nano clock and the scheduler of the request's server. */
    DeadlineTime JETTY = new DeadlineTime() {
        @Override
        public long nanosSince(long beginNanos) {
            return NanoTime.since(beginNanos);
        }

        @Override
        public Scheduler.Task schedule(Request request, Runnable task, long delayNanos) {
            return request.getComponents().getScheduler().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }
    };

    /** Nanoseconds since {@code beginNanos}, a {@link NanoTime} stamp Jetty took (a first byte's arrival). */
    long nanosSince(long beginNanos);

    /** Runs {@code task} once {@code delayNanos} have passed, for {@code request}; the task can be cancelled. */
    Scheduler.Task schedule(Request request, Runnable task, long delayNanos);
}
