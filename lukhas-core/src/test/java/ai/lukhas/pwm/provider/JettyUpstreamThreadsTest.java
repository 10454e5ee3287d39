package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On which thread an upstream answer completes (docs/benchmarks.md, "Issue #19 levers — wake-ups of
 * one paced request"): the selector thread that read the answer runs the response listeners itself,
 * instead of handing them to a pool thread (one more wake-up per upstream call, and one more to
 * re-arm the selector afterwards).
 */
class JettyUpstreamThreadsTest {
    final FakeUpstream upstream = new FakeUpstream();
    final JettyUpstreamHttp http = new JettyUpstreamHttp(Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        http.close();
        upstream.close();
    }

    @Test
    void answersCompleteInTheSelectorLoopThatReadThem() throws Exception {
        for (int i = 0; i < 5; i++) {
            upstream.then(FakeUpstream.ok("{\"ok\":" + i + "}"));
        }
        for (int i = 0; i < 5; i++) {
            CompletableFuture<List<String>> frames = new CompletableFuture<>();
            Request request = http.client()
                    .newRequest(upstream.baseUrl().resolve("/v1/chat/completions"))
                    .method(HttpMethod.POST)
                    .body(new BytesRequestContent("{}".getBytes()))
                    .onResponseSuccess(r ->
                            frames.complete(Arrays.stream(Thread.currentThread().getStackTrace())
                                    .map(f -> f.getClassName() + "." + f.getMethodName())
                                    .toList()));
            assertThat(new CompletableResponseListener(request)
                            .send()
                            .get(5, TimeUnit.SECONDS)
                            .getStatus())
                    .isEqualTo(200);
            // produce-consume: the selector loop that read the answer runs the listeners; a hand-off
            // would show execute-produce-consume (epcRunTask, the selector role passed to another
            // thread) or a pool job of its own (no execution strategy on the stack)
            assertThat(frames.get(5, TimeUnit.SECONDS))
                    .contains("org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy.pcRunTask")
                    .doesNotContain("org.eclipse.jetty.util.thread.strategy.AdaptiveExecutionStrategy.epcRunTask");
        }
    }
}
