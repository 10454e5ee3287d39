package ai.lukhas.pwm.server;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A tool executor whose construction runs on its own thread from the start, so that slow set-up (the
 * code sandbox's probe starts a bubblewrap process and waits for it) is off the start-up path; the
 * first question asked of it waits for the result. It answers exactly as the executor it wraps: not
 * offered while that one is unavailable, and never run before it exists.
 */
final class DeferredExecutor implements ToolExecutor {
    private final FutureTask<ToolExecutor> executor;

    private DeferredExecutor(FutureTask<ToolExecutor> executor) {
        this.executor = executor;
    }

    /** Starts building the executor on a daemon thread named {@code name}. */
    static DeferredExecutor start(String name, Supplier<? extends ToolExecutor> build) {
        FutureTask<ToolExecutor> task = new FutureTask<>(build::get);
        Thread.ofPlatform().name(name).daemon().start(task);
        return new DeferredExecutor(task);
    }

    @Override
    public ToolOutcome execute(JsonNode arguments, ToolContext context) throws Exception {
        return get().execute(arguments, context);
    }

    @Override
    public Optional<String> unavailableReason() {
        return get().unavailableReason();
    }

    private ToolExecutor get() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return executor.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the answer decides whether the tool exists: wait for it
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the tool executor could not be built", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
