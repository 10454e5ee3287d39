package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DeferredExecutorTest {
    /** Stands for the sandbox: unavailable with a reason, or answering every call. */
    private record Fake(Optional<String> unavailable) implements ToolExecutor {
        @Override
        public ToolOutcome execute(JsonNode arguments, ToolContext context) {
            return new ToolOutcome.Error("ran with " + arguments);
        }

        @Override
        public Optional<String> unavailableReason() {
            return unavailable;
        }
    }

    @Test
    void theStartDoesNotWaitForTheBuildButEveryAnswerDoes() {
        CountDownLatch release = new CountDownLatch(1);
        // a synchronous build would block here forever (the latch is released only below)
        DeferredExecutor deferred = assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () -> DeferredExecutor.start("test-probe", () -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Fake(Optional.of("no sandbox here"));
                }));
        release.countDown();
        assertThat(deferred.unavailableReason()).contains("no sandbox here");
    }

    @Test
    void itAnswersAsTheExecutorItWraps() throws Exception {
        DeferredExecutor ready = DeferredExecutor.start("test-probe", () -> new Fake(Optional.empty()));
        assertThat(ready.unavailableReason()).isEmpty();
        assertThat(ready.execute(JsonNodeFactory.instance.textNode("x"), null))
                .isEqualTo(new ToolOutcome.Error("ran with \"x\""));
        DeferredExecutor broken = DeferredExecutor.start("test-probe", () -> {
            throw new IllegalStateException("probe failed");
        });
        assertThatThrownBy(broken::unavailableReason)
                .isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("probe failed");
    }
}
