package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.provider.ChatDelta;
import java.time.Duration;
import java.util.Optional;

/**
 * A governed stream: the {@link RequestDriver} with a {@link StreamSink}, driven one unit of work at
 * a time until the sink has a delta for the client.
 */
final class StreamingRun implements GovernedStream {
    private final RequestDriver driver;
    private final StreamSink sink;

    StreamingRun(RequestDriver driver, StreamSink sink) {
        this.driver = driver;
        this.sink = sink;
    }

    @Override
    public Optional<ChatDelta> next() {
        while (sink.isEmpty() && !driver.done()) {
            driver.advance();
        }
        return sink.poll();
    }

    @Override
    public String auditId() {
        return driver.auditId();
    }

    @Override
    public Optional<SafetyMode> safetyMode() {
        return driver.safetyMode();
    }

    @Override
    public Optional<ai.lukhas.pwm.modulation.ModulatedParams> params() {
        return driver.params();
    }

    @Override
    public java.util.List<String> droppedStops() {
        return driver.droppedStops();
    }

    @Override
    public Duration upstreamTime() {
        return driver.upstreamTime();
    }

    @Override
    public Optional<GovernedResult> result() {
        return driver.result();
    }

    @Override
    public void close() {
        sink.discard();
        driver.close();
    }
}
