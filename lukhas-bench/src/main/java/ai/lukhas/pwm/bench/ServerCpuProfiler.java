package ai.lukhas.pwm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation of an in-process server, for benchmarks whose benchmark threads are its
 * clients ({@code InboundBenchmark}): {@code server.cpu.norm} is the whole JVM's CPU time over the
 * iteration minus that of the JMH worker threads (the clients, {@code client.cpu.norm}) and of the
 * mock upstream's threads ({@code mock-upstream*}, {@code HTTP-Dispatcher}: {@code upstream.cpu.norm}),
 * divided by the iteration's operations, in ns/op. The server's share keeps what the server causes
 * elsewhere in the JVM: its selectors, virtual-thread carriers, the audit writer, GC and JIT.
 *
 * <p>Run: {@code bin/bench -prof ai.lukhas.pwm.bench.ServerCpuProfiler InboundBenchmark}.
 */
public final class ServerCpuProfiler extends ProcessCpuProfiler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> clientStart = Map.of();
    private Map<Long, Long> upstreamStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time per operation of the in-process server: process CPU minus the JMH workers' and mock upstream's";
    }

    @Override
    void start() {
        clientStart = cpuOf(Role.CLIENT);
        upstreamStart = cpuOf(Role.UPSTREAM);
    }

    @Override
    List<ScalarResult> results(long process, long ops) {
        long client = spent(clientStart, cpuOf(Role.CLIENT));
        long upstream = spent(upstreamStart, cpuOf(Role.UPSTREAM));
        return List.of(
                norm("server.cpu.norm", process - client - upstream, ops),
                norm("client.cpu.norm", client, ops),
                norm("upstream.cpu.norm", upstream, ops));
    }

    private enum Role {
        CLIENT,
        UPSTREAM,
        OTHER;

        static Role of(String name) {
            if (name.contains("-jmh-worker-")) {
                return CLIENT;
            }
            if (name.startsWith("mock-upstream") || name.equals("HTTP-Dispatcher")) {
                return UPSTREAM;
            }
            return OTHER;
        }
    }

    /** CPU time by thread id of the live platform threads in {@code role}. */
    private Map<Long, Long> cpuOf(Role role) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && Role.of(info.getThreadName()) == role) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    /** CPU spent since {@code before} by the threads in {@code after} (new threads count from zero). */
    private static long spent(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }
}
