package ai.lukhas.pwm.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * The part the CPU-time profilers share: the whole JVM's CPU time over each iteration and its operations,
 * handed to {@link #results}, which reports figures in ns/op with {@link #norm}.
 */
abstract class ProcessCpuProfiler implements InternalProfiler {
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long processStart;

    /** Called at the start of each iteration, before the process CPU time is read. */
    void start() {}

    /** The figures of one iteration: {@code processNanos} of CPU time over {@code ops} operations. */
    abstract List<ScalarResult> results(long processNanos, long ops);

    @Override
    public final void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start();
        processStart = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // InternalProfiler declares the raw Result
    public final Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        return results(
                os.getProcessCpuTime() - processStart, result.getMetadata().getAllOps());
    }

    /** {@code nanos} per operation as the result {@code label} (NaN when the iteration had no operations). */
    static ScalarResult norm(String label, long nanos, long ops) {
        return new ScalarResult(label, ops == 0 ? Double.NaN : (double) nanos / ops, "ns/op", AggregationPolicy.AVG);
    }
}
