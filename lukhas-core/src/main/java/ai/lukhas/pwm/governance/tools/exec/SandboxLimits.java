package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits of one sandboxed run, set with {@code prlimit} inside the sandbox.
 *
 * <pre>{@code SandboxLimits.DEFAULT.withCpuSeconds(1)}</pre>
 *
 * @param cpuSeconds CPU time of each process ({@code RLIMIT_CPU}); a process is killed when it is used up
 * @param wallTime real time before the sandbox is killed; keep it below the gate's timeout for
 *     {@code exec_code}, so the program is stopped here (and its output so far returned) first
 * @param memoryBytes address space ({@code RLIMIT_AS}) for python and bash; node gets 4 GiB because
 *     V8 reserves address space it never touches, and its heap is capped separately
 * @param maxOutputBytes stdout and stderr together; the process is killed when it writes more
 * @param maxFileBytes largest file the program may write in its private /tmp ({@code RLIMIT_FSIZE}, bytes)
 * @param maxProcesses processes and threads the run may have at once ({@code RLIMIT_NPROC}, counted
 *     in the sandbox's own user namespace); a fork bomb stops there
 */
public record SandboxLimits(
        int cpuSeconds, Duration wallTime, long memoryBytes, int maxOutputBytes, long maxFileBytes, int maxProcesses) {
    /** 2 s CPU, 5 s wall time, 512 MiB, 64 KiB output, 8 MiB per file, 64 processes. */
    public static final SandboxLimits DEFAULT =
            new SandboxLimits(2, Duration.ofSeconds(5), 512L << 20, 64 << 10, 8L << 20, 64);

    public SandboxLimits {
        Objects.requireNonNull(wallTime, "wallTime");
        if (cpuSeconds < 1) {
            throw new IllegalArgumentException("cpuSeconds must be >= 1, but was " + cpuSeconds);
        }
        if (wallTime.isNegative() || wallTime.isZero()) {
            throw new IllegalArgumentException("wallTime must be positive, but was " + wallTime);
        }
        if (memoryBytes < (64L << 20)) {
            throw new IllegalArgumentException("memoryBytes must be >= 64 MiB, but was " + memoryBytes);
        }
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes must be >= 1, but was " + maxOutputBytes);
        }
        if (maxFileBytes < 1024) {
            throw new IllegalArgumentException("maxFileBytes must be >= 1024, but was " + maxFileBytes);
        }
        // node alone runs about a dozen threads, each of which counts
        Checks.inRange(maxProcesses, 16, 4096, "maxProcesses");
    }

    public SandboxLimits withCpuSeconds(int seconds) {
        return new SandboxLimits(seconds, wallTime, memoryBytes, maxOutputBytes, maxFileBytes, maxProcesses);
    }

    public SandboxLimits withWallTime(Duration d) {
        return new SandboxLimits(cpuSeconds, d, memoryBytes, maxOutputBytes, maxFileBytes, maxProcesses);
    }

    public SandboxLimits withMaxOutputBytes(int bytes) {
        return new SandboxLimits(cpuSeconds, wallTime, memoryBytes, bytes, maxFileBytes, maxProcesses);
    }

    public SandboxLimits withMaxFileBytes(long bytes) {
        return new SandboxLimits(cpuSeconds, wallTime, memoryBytes, maxOutputBytes, bytes, maxProcesses);
    }

    public SandboxLimits withMaxProcesses(int processes) {
        return new SandboxLimits(cpuSeconds, wallTime, memoryBytes, maxOutputBytes, maxFileBytes, processes);
    }
}
