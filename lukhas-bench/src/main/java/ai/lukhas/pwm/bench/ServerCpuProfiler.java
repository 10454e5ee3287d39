package ai.lukhas.pwm.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
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
public final class ServerCpuProfiler implements InternalProfiler {
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long processStart;
    private Map<Long, Long> clientStart = Map.of();
    private Map<Long, Long> upstreamStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time per operation of the in-process server: process CPU minus the JMH workers' and mock upstream's";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        clientStart = cpuOf(Role.CLIENT);
        upstreamStart = cpuOf(Role.UPSTREAM);
        processStart = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // InternalProfiler declares the raw Result
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long process = os.getProcessCpuTime() - processStart;
        long client = spent(clientStart, cpuOf(Role.CLIENT));
        long upstream = spent(upstreamStart, cpuOf(Role.UPSTREAM));
        long ops = result.getMetadata().getAllOps();
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

    private static ScalarResult norm(String label, long nanos, long ops) {
        return new ScalarResult(label, ops == 0 ? Double.NaN : (double) nanos / ops, "ns/op", AggregationPolicy.AVG);
    }
}
