package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LukhasCliTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = LukhasCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsSubcommandsAndExitsZero() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("serve").contains("Usage: lukhas");
    }

    @Test
    void unknownSubcommandIsAUsageErrorWithExitTwo() {
        Run r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void badPortIsRejectedBeforeAnythingStartsInOneLine() {
        Run r = run("serve", "--port", "not-a-number");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--port").contains("lukhas serve --help");
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
