package ai.lukhas.pwm.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work that opening the gateway needs but that depends on nothing the opening builds (the redactor's
 * and the policy's tables, read from the classpath or a file), computed in order on one daemon thread
 * while the main thread opens the database and the stores (docs/benchmarks.md, "Start-up, round 7").
 * {@link #join} is called where the value was computed before: it runs the work on the calling thread
 * when the daemon has not reached it yet, waits when it is running, and throws what the work threw, so
 * the order in which failures are reported and their messages are the same as when it ran inline. Not
 * shared beyond one opening.
 */
final class Ahead {
    private final List<FutureTask<?>> tasks = new ArrayList<>();

    /** Adds {@code work}, to run after the work added before it. Call before {@link #start}. */
    <T> FutureTask<T> add(Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        tasks.add(task);
        return task;
    }

    /** Starts the daemon thread that runs every task added, in order. */
    void start(String threadName) {
        List<FutureTask<?>> all = List.copyOf(tasks);
        Thread thread = new Thread(() -> all.forEach(FutureTask::run), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The task's value: computed here if no thread has started it, else waited for; its failure rethrown. */
    static <T> T join(FutureTask<T> task) {
        task.run(); // a no-op when it ran or is running: get() then waits for that run
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening the gateway", e);
        }
    }
}
