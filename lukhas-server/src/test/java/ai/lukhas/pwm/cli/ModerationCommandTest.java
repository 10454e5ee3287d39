package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModerationCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = LukhasCli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void evalPrintsPrecisionRecallAndFprPerCategoryAndSplit(@TempDir Path dir) throws Exception {
        Path set = dir.resolve("set.jsonl");
        Files.writeString(set, """
                {"id":"a","category":"threats","expected":"flag","text":"I'm going to kill you tonight."}
                {"id":"b","category":"threats","expected":"pass","text":"How do I kill the nginx worker?"}
                """);
        Run r = run("moderation", "eval", "--set", set.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "\"provider\" : \"local\"",
                        "\"category\" : \"threats\"",
                        "\"recall\" : 1.0",
                        "\"false_positive_rate\" : 0.0");
        Run table = run("moderation", "eval", "--set", set.toString());
        assertThat(table.out()).contains("PRECISION", "RECALL", "FPR", "threats");
    }

    @Test
    void missesAreOnlyShownForTheTuneSplitAndBadInputIsAUsageError(@TempDir Path dir) throws Exception {
        assertThat(run("moderation", "eval", "--misses").err()).contains("--misses needs --split tune");
        assertThat(run("moderation", "eval", "--split", "all_of_it").code()).isEqualTo(2);
        assertThat(run("moderation", "eval", "--provider", "perspective=http://x")
                        .err())
                .contains("unknown provider 'perspective'");
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\":\"a\"}\n");
        Run r = run("moderation", "eval", "--set", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("line 1: 'expected' must be a non-empty string");
    }
}
