package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The executor of {@code exec_code}: runs python, javascript (node) or bash inside bubblewrap with
 * every namespace unshared (so no network), the system directories bound read-only, a private tmpfs
 * as the only writable place, and CPU-time, memory, file-size, process-count, wall-time and output
 * limits. The source goes in on stdin; nothing of the host's home or work directories is visible.
 *
 * <p>The resource limits are set with {@code prlimit} (util-linux) in bytes and counts, so no shell's
 * {@code ulimit} block size can change them. The process limit ({@code RLIMIT_NPROC}) is counted per
 * user namespace, so it caps the processes of one run; the kernel exempts uid 0 from it, so when the
 * gateway runs as root the sandbox is started as {@value #SANDBOX_UID} (nobody) through
 * {@code setpriv}.
 *
 * <p>Whether the sandbox works is probed once, by running a trivial command in the same kind of
 * sandbox with the same limits; when it does not, {@link #unavailableReason()} says why and the tool
 * is never offered. There is no keyword filtering: the sandbox is the protection.
 *
 * <pre>{@code registry.executor(CanonicalTool.CODE_EXEC, CodeExecTool.probe(SandboxLimits.DEFAULT),
 *         CanonicalTool.CODE_EXEC.defaultLimits());}</pre>
 */
public final class CodeExecTool implements ToolExecutor {
    private static final List<String> SEARCH = List.of("/usr/bin", "/bin", "/usr/local/bin");
    /** The host uid the sandbox runs as when the gateway itself runs as root (nobody). */
    static final int SANDBOX_UID = 65534;

    private static final Map<String, String> INTERPRETERS =
            Map.of("python", "python3", "javascript", "node", "bash", "bash");

    /** How a sandbox is started: bwrap, prlimit inside it, and setpriv before it when running as root. */
    private record Launcher(Path bwrap, Path prlimit, Optional<Path> setpriv) {}

    private final Optional<Launcher> launcher;
    private final Optional<String> unavailable;
    private final SandboxLimits limits;

    private CodeExecTool(Optional<Launcher> launcher, Optional<String> unavailable, SandboxLimits limits) {
        this.launcher = launcher;
        this.unavailable = unavailable;
        this.limits = limits;
    }

    /**
     * Finds bwrap, prlimit (and setpriv when running as root) and runs {@code echo} once in a sandbox
     * with these limits to see that it really works here.
     */
    public static CodeExecTool probe(SandboxLimits limits) {
        Objects.requireNonNull(limits, "limits");
        Optional<Path> bwrap = executable(List.of("/usr/bin/bwrap", "/usr/local/bin/bwrap"));
        if (bwrap.isEmpty()) {
            return notAvailable("bubblewrap (bwrap) is not installed; install the 'bubblewrap' package", limits);
        }
        Optional<Path> prlimit = executable(List.of("/usr/bin/prlimit", "/bin/prlimit"));
        if (prlimit.isEmpty()) {
            return notAvailable(
                    "prlimit is not installed (it sets the sandbox's CPU, memory, file-size and process limits);"
                            + " install the 'util-linux' package",
                    limits);
        }
        Optional<Path> setpriv = Optional.empty();
        if (runsAsRoot()) {
            setpriv = executable(List.of("/usr/bin/setpriv", "/bin/setpriv"));
            if (setpriv.isEmpty()) {
                return notAvailable(
                        "the gateway runs as root and setpriv is not installed: the kernel does not apply the"
                                + " sandbox's process limit to root, so the sandbox must run as an unprivileged"
                                + " user; install the 'util-linux' package or run the gateway as a normal user",
                        limits);
            }
        }
        Launcher found = new Launcher(bwrap.get(), prlimit.get(), setpriv);
        CodeExecTool candidate = new CodeExecTool(Optional.of(found), Optional.empty(), limits);
        Optional<String> problem = candidate.selfTest();
        return problem.isEmpty() ? candidate : new CodeExecTool(Optional.of(found), problem, limits);
    }

    private static CodeExecTool notAvailable(String reason, SandboxLimits limits) {
        return new CodeExecTool(Optional.empty(), Optional.of(reason), limits);
    }

    private static Optional<Path> executable(List<String> candidates) {
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    private static boolean runsAsRoot() {
        try {
            // /proc/self belongs to the effective uid of this process
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return ProcessHandle.current().info().user().map("root"::equals).orElse(false);
        }
    }

    @Override
    public Optional<String> unavailableReason() {
        return unavailable;
    }

    private Optional<String> selfTest() {
        try {
            Run run = run(limited(List.of("/bin/sh", "-c", "echo sandbox-ok"), limits.memoryBytes()), "");
            if (run.exitCode() == 0 && run.output().strip().equals("sandbox-ok")) {
                return Optional.empty();
            }
            return Optional.of("bubblewrap cannot create a sandbox here (exit " + run.exitCode() + ": "
                    + clip(run.output().strip()) + ")");
        } catch (IOException e) {
            return Optional.of("bubblewrap cannot be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the bubblewrap probe was interrupted");
        }
    }

    @Override
    public ToolOutcome execute(JsonNode arguments, ToolContext context) throws InterruptedException {
        if (unavailable.isPresent()) {
            return new ToolOutcome.Error("code execution is not available: " + unavailable.get());
        }
        String language = arguments.path("language").asText();
        String interpreter = INTERPRETERS.get(language);
        if (interpreter == null) {
            return new ToolOutcome.Error(
                    "language: expected python, javascript or bash, but was '" + clip(language) + "'");
        }
        Optional<Path> binary = SEARCH.stream()
                .map(d -> Path.of(d, interpreter))
                .filter(Files::isExecutable)
                .findFirst();
        if (binary.isEmpty()) {
            return new ToolOutcome.Error("language '" + language + "' is not installed in the sandbox");
        }
        List<String> command = new ArrayList<>(List.of(binary.get().toString()));
        switch (language) {
            case "python" -> command.add("-I"); // isolated: no user site, no PYTHON* variables
            case "javascript" -> command.add("--max-old-space-size=" + Math.max(16, limits.memoryBytes() >> 20));
            default -> command.add("-s");
        }
        if (language.equals("python") || language.equals("javascript")) {
            command.add("-");
        }
        long memoryBytes =
                language.equals("javascript") ? Math.max(limits.memoryBytes(), 4L << 30) : limits.memoryBytes();
        try {
            Run run =
                    run(limited(command, memoryBytes), arguments.path("source").asText());
            StringBuilder out = new StringBuilder(run.output());
            if (run.outputCapped()) {
                out.append("\n[output exceeded ")
                        .append(limits.maxOutputBytes())
                        .append(" bytes; the program was stopped]");
            } else if (run.timedOut()) {
                out.append("\n[stopped after ")
                        .append(limits.wallTime().toMillis())
                        .append(" ms of wall time]");
            } else if (run.exitCode() == 128 + SIGXFSZ) {
                out.append("\n[killed: file size limit of ")
                        .append(limits.maxFileBytes())
                        .append(" bytes]");
            } else if (run.exitCode() == 137 || run.exitCode() == 128 + SIGXCPU || run.exitCode() == -9) {
                out.append("\n[killed: CPU time limit of ")
                        .append(limits.cpuSeconds())
                        .append(" s or memory limit]");
            } else if (run.exitCode() != 0) {
                out.append("\n[exit code ").append(run.exitCode()).append("]");
            }
            return new ToolOutcome.Output(out.toString());
        } catch (IOException e) {
            return new ToolOutcome.Error("the sandbox could not be started: " + e.getMessage());
        }
    }

    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;

    /**
     * {@code command} under prlimit: CPU seconds, address space, file size in bytes and process count
     * (soft and hard alike, so the program cannot raise them).
     */
    private List<String> limited(List<String> command, long memoryBytes) {
        List<String> cmd = new ArrayList<>(List.of(
                launcher.orElseThrow().prlimit().toString(),
                "--cpu=" + limits.cpuSeconds(),
                "--as=" + memoryBytes,
                "--fsize=" + limits.maxFileBytes(),
                "--nproc=" + limits.maxProcesses(),
                "--"));
        cmd.addAll(command);
        return cmd;
    }

    private record Run(int exitCode, String output, boolean outputCapped, boolean timedOut) {}

    private Run run(List<String> inner, String stdin) throws IOException, InterruptedException {
        Launcher l = launcher.orElseThrow();
        List<String> cmd = new ArrayList<>();
        l.setpriv()
                .ifPresent(setpriv -> cmd.addAll(List.of(
                        setpriv.toString(),
                        "--reuid=" + SANDBOX_UID,
                        "--regid=" + SANDBOX_UID,
                        "--clear-groups",
                        "--")));
        cmd.addAll(List.of(
                l.bwrap().toString(),
                "--unshare-all",
                "--die-with-parent",
                "--new-session",
                "--cap-drop",
                "ALL",
                "--clearenv",
                "--setenv",
                "PATH",
                "/usr/local/bin:/usr/bin:/bin",
                "--setenv",
                "HOME",
                "/tmp",
                "--setenv",
                "LANG",
                "C.UTF-8",
                "--ro-bind",
                "/usr",
                "/usr"));
        for (String dir :
                List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/etc/alternatives", "/etc/ld.so.cache")) {
            cmd.addAll(List.of("--ro-bind-try", dir, dir));
        }
        cmd.addAll(List.of("--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp", "--"));
        cmd.addAll(inner);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            AtomicBoolean capped = new AtomicBoolean();
            // read before writing stdin, so a program that prints before reading cannot deadlock us
            Thread reader = Thread.ofVirtual().start(() -> {
                if (drain(p.getInputStream(), out, limits.maxOutputBytes())) {
                    capped.set(true);
                    kill(p); // a writer that is no longer read would otherwise block until the wall-time limit
                }
            });
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the program may exit without reading its stdin; its output tells the story
            }
            boolean exited = p.waitFor(limits.wallTime().toNanos(), TimeUnit.NANOSECONDS);
            if (!exited) {
                kill(p);
            }
            reader.join(1_000);
            int code = exited ? p.exitValue() : -1;
            String text;
            synchronized (out) {
                text = out.toString(StandardCharsets.UTF_8);
            }
            return new Run(code, text, capped.get(), !exited);
        } finally {
            kill(p);
        }
    }

    /** Reads until end of stream or {@code max} bytes; returns whether the cap was hit. */
    private static boolean drain(InputStream in, ByteArrayOutputStream out, int max) {
        byte[] buffer = new byte[8192];
        try (in) {
            int total = 0;
            int r;
            while ((r = in.read(buffer)) != -1) {
                int take = Math.min(r, max - total);
                synchronized (out) {
                    out.write(buffer, 0, take);
                }
                total += take;
                if (total >= max && r > take) {
                    return true;
                }
                if (total >= max) {
                    return in.read() != -1;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
