package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

class AheadTest {
    @Test
    void aTaskNoThreadStartedRunsOnTheJoiningThreadOnce() {
        Ahead ahead = new Ahead();
        List<String> ranOn = new CopyOnWriteArrayList<>();
        FutureTask<Integer> task = ahead.add(() -> {
            ranOn.add(Thread.currentThread().getName());
            return 42;
        });
        assertThat(Ahead.join(task)).isEqualTo(42);
        assertThat(Ahead.join(task)).isEqualTo(42);
        assertThat(ranOn).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void startedTasksRunInOrderOnTheNamedDaemonAndJoinWaitsForTheRunningOne() throws Exception {
        Ahead ahead = new Ahead();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        FutureTask<String> first = ahead.add(() -> {
            firstRunning.countDown();
            release.await();
            order.add("first on " + Thread.currentThread().getName() + " daemon="
                    + Thread.currentThread().isDaemon());
            return "a";
        });
        FutureTask<String> second = ahead.add(() -> {
            order.add("second");
            return "b";
        });
        ahead.start("ahead-test");
        firstRunning.await();
        Thread releaser = new Thread(release::countDown);
        releaser.start();
        assertThat(Ahead.join(first)).isEqualTo("a"); // waits for the daemon's run, does not run it again
        assertThat(Ahead.join(second)).isEqualTo("b");
        releaser.join();
        assertThat(order).containsExactly("first on ahead-test daemon=true", "second");
    }

    @Test
    void whatTheWorkThrewIsRethrownAsItIs() {
        Ahead ahead = new Ahead();
        IllegalArgumentException bad = new IllegalArgumentException("policy.yaml: not a policy");
        FutureTask<Object> failing = ahead.add(() -> {
            throw bad;
        });
        FutureTask<Object> checked = ahead.add(() -> {
            throw new IOException("disk");
        });
        ahead.start("ahead-test-failures");
        assertThatThrownBy(() -> Ahead.join(failing)).isSameAs(bad);
        assertThatThrownBy(() -> Ahead.join(checked))
                .isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(IOException.class);
    }
}
