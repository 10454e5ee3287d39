package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.modulation.SafetyMode;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls an observer and logs what it throws: metrics must never fail a governed request. */
final class SafeObserver implements PipelineObserver {
    private static final Logger LOG = LoggerFactory.getLogger(SafeObserver.class);

    private final PipelineObserver delegate;

    SafeObserver(PipelineObserver delegate) {
        this.delegate = delegate;
    }

    private void guard(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("pipeline observer failed in {}; the request continues", what, e);
        }
    }

    @Override
    public void providerCall(Duration latency, Optional<String> errorType) {
        guard("providerCall", () -> delegate.providerCall(latency, errorType));
    }

    @Override
    public void toolRun(String tool, String status, SafetyMode mode, Duration duration) {
        guard("toolRun", () -> delegate.toolRun(tool, status, mode, duration));
    }

    @Override
    public void tightened(String trigger, SafetyMode mode) {
        guard("tightened", () -> delegate.tightened(trigger, mode));
    }

    @Override
    public void outputFiltered(int releasedChars) {
        guard("outputFiltered", () -> delegate.outputFiltered(releasedChars));
    }

    @Override
    public void toolCallsRefused(String limit, int count) {
        guard("toolCallsRefused", () -> delegate.toolCallsRefused(limit, count));
    }

    @Override
    public void requestEnded(String sessionId, GovernedResult result) {
        guard("requestEnded", () -> delegate.requestEnded(sessionId, result));
    }

    @Override
    public void embeddingsEnded(GovernedEmbedding result) {
        guard("embeddingsEnded", () -> delegate.embeddingsEnded(result));
    }

    @Override
    public void auditAppended(Duration latency) {
        guard("auditAppended", () -> delegate.auditAppended(latency));
    }
}
