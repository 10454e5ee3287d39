package ai.lukhas.pwm.provider;

import java.time.Duration;

/**
 * Waits between retry attempts. Injected so that tests advance a clock instead of sleeping.
 *
 * <pre>{@code
 * Sleeper real = Sleeper.system();
 * Sleeper test = d -> clock.advance(d);
 * }</pre>
 */
@FunctionalInterface
public interface Sleeper {
    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** Really waits ({@link Thread#sleep(Duration)}). */
    static Sleeper system() {
        return Thread::sleep;
    }
}
