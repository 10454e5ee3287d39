package ai.lukhas.pwm.server;

import io.javalin.http.Handler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A route handler that holds its request until the test releases it: for tests of what the server does
 * while a request is in flight. {@link #awaitEntered()} waits until a request is inside the handler.
 */
final class HeldRequest {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** The handler: signals that it entered, waits for {@link #release()} (at most 30 s), answers {@code answer}. */
    Handler answering(String answer) {
        return ctx -> {
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
            ctx.result(answer);
        };
    }

    /** Whether a request entered the handler within 30 s. */
    boolean awaitEntered() throws InterruptedException {
        return entered.await(30, TimeUnit.SECONDS);
    }

    /** Lets the held request (and any later one) finish. */
    void release() {
        release.countDown();
    }
}
