package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * When the body's deadline passes relative to the reader's wait, on a stand-in for Jetty's request that
 * records what it is asked: the timer wakes a reader that waits, or leaves it to the reader's thread
 * while that thread is still handing its demand to Jetty; the reader is woken once, whoever comes second
 * finds nothing to run, and nothing of Jetty's request is failed or read from the timer's thread.
 * (HostileClientTest covers the timer that is due as the reader first waits, over real sockets.)
 */
class BodyDeadlineTest {
    private final HandDrivenTime time = new HandDrivenTime();
    private final BodyDeadline deadline = new BodyDeadline(Duration.ofMillis(300), time);
    /** The demand callbacks the stand-in was given, as Jetty would keep them until more of the body came. */
    private final List<Runnable> jettyDemands = new ArrayList<>();
    /** What the stand-in was asked that a deadline must not do from the timer's thread. */
    private final List<String> touched = new ArrayList<>();
    /** Run on the stand-in's {@code demand}, as a timer firing while the reader's thread is in Jetty. */
    private Runnable duringDemand = () -> {};

    @Test
    void theTimerWakesAReaderThatWaitsOnceAndItsReadsFail() throws Exception {
        Request reading = reading();
        AtomicInteger woken = new AtomicInteger();

        reading.demand(woken::incrementAndGet);
        assertThat(jettyDemands).hasSize(1);
        assertThat(woken).hasValue(0);
        time.awaitTimer(0).fire();

        assertThat(woken).as("woken by the timer").hasValue(1);
        assertFailed(reading.read());
        jettyDemands.getFirst().run(); // more of the body came after all: Jetty runs the demand it was given
        assertThat(woken).as("woken once").hasValue(1);
        assertThat(deadline.expired()).isEqualTo(1);
        assertThat(touched)
                .as("no read or failure of Jetty's request from the timer")
                .isEmpty();
    }

    @Test
    void aTimerFiringWhileTheDemandIsHandedToJettyLeavesTheWakingToTheReadersThread() throws Exception {
        Request reading = reading();
        AtomicInteger woken = new AtomicInteger();
        duringDemand = () -> {
            try {
                time.awaitTimer(0).fire();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(woken).as("not woken while its thread is in Jetty").hasValue(0);
        };

        reading.demand(woken::incrementAndGet);

        assertThat(woken).as("woken as its thread left Jetty").hasValue(1);
        assertFailed(reading.read());
        jettyDemands.getFirst().run();
        assertThat(woken).as("woken once").hasValue(1);
        assertThat(touched).isEmpty();
    }

    @Test
    void moreOfTheBodyFirstLeavesTheTimerNothingToWake() throws Exception {
        Request reading = reading();
        AtomicInteger woken = new AtomicInteger();

        reading.demand(woken::incrementAndGet);
        jettyDemands.getFirst().run();
        assertThat(woken).hasValue(1);
        time.awaitTimer(0).fire(); // the deadline passes before the reader's next read: that read fails

        assertThat(woken).as("not woken again").hasValue(1);
        assertFailed(reading.read());
        // and its next wait for more is answered at once
        reading.demand(woken::incrementAndGet);
        assertThat(woken).hasValue(2);
        assertThat(jettyDemands).as("that demand never reached Jetty").hasSize(1);
        assertThat(touched).isEmpty();
    }

    private static void assertFailed(Content.Chunk chunk) {
        assertThat(Content.Chunk.isFailure(chunk, true)).isTrue();
        assertThat(chunk.getFailure())
                .isInstanceOf(BodyDeadline.Expired.class)
                .hasMessage("the request body did not arrive whole within 300 ms");
    }

    /** The request BodyDeadline hands the next handler for a request announcing a body. */
    private Request reading() throws Exception {
        Request[] handed = new Request[1];
        deadline.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                handed[0] = request;
                return true;
            }
        });
        assertThat(deadline.handle(jettyRequest(), null, Callback.NOOP)).isTrue();
        return handed[0];
    }

    /** A stand-in for Jetty's request: a 1,000-byte body of which nothing more has come. */
    private Request jettyRequest() {
        Context context = (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(), new Class<?>[] {Context.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        ((Runnable) args[0]).run();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (Request) Proxy.newProxyInstance(
                Request.class.getClassLoader(), new Class<?>[] {Request.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getLength":
                            return 1_000L;
                        case "getBeginNanoTime":
                            return 0L;
                        case "getContext":
                            return context;
                        case "demand":
                            jettyDemands.add((Runnable) args[0]);
                            duringDemand.run();
                            return null;
                        case "read":
                            touched.add("read");
                            return null;
                        case "fail":
                            touched.add("fail");
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
