package ai.lukhas.pwm.bench;

import java.util.List;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time of the whole benchmark JVM per operation ({@code cpu.time.norm}, ns/op): every thread
 * (the caller, a client's selector and pool threads, an in-process server, GC and JIT), over each
 * iteration, divided by its operations, as {@code -prof gc} does for allocation. Unlike the score
 * it hardly moves when other processes compete for the cores, so it is the figure to compare on a
 * shared machine.
 *
 * <p>Run: {@code bin/bench -prof ai.lukhas.pwm.bench.CpuTimeProfiler UpstreamClientBenchmark}.
 */
public final class CpuTimeProfiler extends ProcessCpuProfiler {
    @Override
    public String getDescription() {
        return "process CPU time per operation (all threads of the benchmark JVM)";
    }

    @Override
    List<ScalarResult> results(long processNanos, long ops) {
        return List.of(norm("cpu.time.norm", processNanos, ops));
    }
}
