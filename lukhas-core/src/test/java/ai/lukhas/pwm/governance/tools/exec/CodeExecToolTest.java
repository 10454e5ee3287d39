package ai.lukhas.pwm.governance.tools.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * exec_code in a real bubblewrap sandbox. These tests need bwrap (the CI installs the 'bubblewrap'
 * package); without it the first test fails with the probe's reason instead of silently skipping.
 */
class CodeExecToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CodeExecTool sandbox;

    @BeforeAll
    static void probe() {
        sandbox = CodeExecTool.probe(SandboxLimits.DEFAULT.withWallTime(Duration.ofSeconds(20)));
    }

    private static ToolOutcome run(String language, String source) throws Exception {
        return sandbox.execute(
                JSON.createObjectNode().put("language", language).put("source", source),
                ToolContext.of(TenantId.DEFAULT));
    }

    @Test
    void theProbeFindsAWorkingSandboxHere() {
        assertThat(sandbox.unavailableReason()).isEmpty();
    }

    @Test
    void runsPythonJavascriptAndBash() throws Exception {
        assertThat(run("python", "print(sum(range(10)))").text().strip()).isEqualTo("45");
        assertThat(run("javascript", "console.log([1,2,3].map(x => x * 2).join(','))")
                        .text()
                        .strip())
                .isEqualTo("2,4,6");
        assertThat(run("bash", "echo $((6 * 7))").text().strip()).isEqualTo("42");
    }

    @Test
    void thereIsNoNetwork() throws Exception {
        String out = run("python", """
                        import socket
                        try:
                            socket.create_connection(("1.1.1.1", 80), timeout=2)
                            print("connected")
                        except OSError as e:
                            print("no network:", e.errno)
                        """).text();

        assertThat(out).contains("no network").doesNotContain("connected");
    }

    @Test
    void theSystemIsReadOnlyAndTheHostsFilesAreNotVisible() throws Exception {
        String out = run("bash", """
                        touch /usr/owned 2>/dev/null && echo wrote-usr || echo usr-read-only
                        echo hi > /tmp/scratch && cat /tmp/scratch
                        ls /root /work /home 2>/dev/null | wc -l
                        """).text();

        assertThat(out.lines().toList()).containsExactly("usr-read-only", "hi", "0");
    }

    @Test
    void aRunawayLoopIsKilledByTheCpuLimit() throws Exception {
        CodeExecTool oneSecond =
                CodeExecTool.probe(SandboxLimits.DEFAULT.withCpuSeconds(1).withWallTime(Duration.ofSeconds(30)));

        ToolOutcome out = oneSecond.execute(
                JSON.createObjectNode().put("language", "python").put("source", "while True: pass"),
                ToolContext.of(TenantId.DEFAULT));

        assertThat(out.text()).contains("killed: CPU time limit of 1 s");
    }

    @Test
    void outputBeyondTheCapStopsTheProgram() throws Exception {
        CodeExecTool small = CodeExecTool.probe(
                SandboxLimits.DEFAULT.withMaxOutputBytes(1_000).withWallTime(Duration.ofSeconds(30)));

        ToolOutcome out = small.execute(
                JSON.createObjectNode().put("language", "bash").put("source", "yes lukhas"),
                ToolContext.of(TenantId.DEFAULT));

        assertThat(out.text()).startsWith("lukhas\nlukhas\n").contains("[output exceeded 1000 bytes");
        assertThat(out.text().length()).isLessThan(1_100);
    }

    @Test
    void aFailingProgramReportsItsExitCode() throws Exception {
        assertThat(run("bash", "echo oops >&2; exit 3").text()).isEqualTo("oops\n\n[exit code 3]");
    }

    /**
     * Issue 15 item 11. A bounded fork storm (1,000 children, each sleeping), not an unbounded bomb: on
     * a machine without the limit it creates 1,000 processes and stops, instead of taking the host down.
     */
    @Test
    void execCodeForkBombIsContained() throws Exception {
        String out = run("python", """
                        import os, time
                        forked, error = 0, None
                        for i in range(1000):
                            try:
                                pid = os.fork()
                            except OSError as e:
                                error = e.errno
                                break
                            if pid == 0:
                                time.sleep(2)
                                os._exit(0)
                            forked += 1
                        print("forked", forked, "errno", error)
                        """).text();

        assertThat(out)
                .as("the storm must stop at the process limit (EAGAIN)")
                .containsPattern("^forked \\d+ errno 11\n");
        int forked = Integer.parseInt(out.split(" ")[1]);
        assertThat(forked).isLessThan(SandboxLimits.DEFAULT.maxProcesses());
    }

    @Test
    void theFileSizeLimitIsTheDocumentedEightMebibytes() throws Exception {
        String out = run("python", """
                        import os
                        try:
                            with open("/tmp/big", "wb") as f:
                                for _ in range(10):
                                    f.write(b"x" * (1 << 20))
                        except OSError as e:
                            print("refused", e.errno)
                        print(os.path.getsize("/tmp/big"))
                        """).text();

        assertThat(out.lines().toList()).containsExactly("refused 27", Long.toString(8L << 20)); // EFBIG
        assertThat(SandboxLimits.DEFAULT.maxFileBytes()).isEqualTo(8L << 20);
    }

    @Test
    void theProcessLimitLeavesRoomForNodesThreads() throws Exception {
        assertThat(run("javascript", "setTimeout(() => console.log('late'), 10)")
                        .text()
                        .strip())
                .isEqualTo("late");
    }
}
