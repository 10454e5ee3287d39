package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    @TempDir
    Path dir;

    /** Collects output and opens a latch once the start-up report is complete. */
    static final class Output extends Writer {
        final StringBuffer text = new StringBuffer();
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            if (text.indexOf("lukhas: flags file") >= 0) {
                started.countDown();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /** A fresh CLI with its output and errors collected, and its serve command. */
    static final class Serve {
        final CommandLine cli = LukhasCli.newCommandLine();
        final Output out = new Output();
        final StringWriter err = new StringWriter();
        final ServeCommand command;
        private final AtomicInteger exit = new AtomicInteger(-1);
        private Thread thread;

        Serve() {
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            command = cli.getSubcommands().get("serve").getCommand();
        }

        /** Runs {@code lukhas args} in a thread and waits for the start-up report. */
        void start(String... args) throws InterruptedException {
            thread = new Thread(() -> exit.set(cli.execute(args)));
            thread.start();
            assertThat(out.started.await(60, TimeUnit.SECONDS))
                    .as(err.toString())
                    .isTrue();
        }

        /** Asks serve to stop and waits until it has; its exit code. */
        int stop() throws InterruptedException {
            command.stopRequested.countDown();
            thread.join(60_000);
            assertThat(thread.isAlive()).isFalse();
            return exit.get();
        }
    }

    @Test
    void serveMountsEverythingPrintsWhereItIsAndFlushesTheAuditLogOnStop() throws Exception {
        Serve serve = new Serve();
        Path data = dir.resolve("data");
        serve.start("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString(), "--timings");
        assertThat(serve.err.toString())
                .containsPattern("lukhas: ready \\d+ ms after the process started, \\d+ ms of CPU; phases \\{")
                .contains("\"gateway_open\":{\"wall_ms\":", "\"http_start\":");

        String report = serve.out.text.toString();
        assertThat(report)
                .contains("lukhas: data directory " + data)
                .contains("lukhas: audit directory " + data.resolve("audit"))
                .contains("lukhas: provider ")
                .contains("lukhas: policy ")
                .contains("lukhas: flags file ");
        assertThat(serve.err.toString()).contains("warning"); // no keys: loopback only, with a warning
        Matcher m = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)").matcher(report);
        assertThat(m.find()).isTrue();
        String base = m.group(1);

        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/readyz", "/openapi.json")) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        }
        HttpResponse<String> flag = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/flags/BROWSER_TOOL"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":true}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(flag.statusCode()).as(flag.body()).isEqualTo(200);
        String auditId = flag.headers().firstValue("x-lukhas-audit-id").orElseThrow();

        assertThat(serve.stop()).isZero();
        assertThat(serve.out.text.toString()).contains("lukhas: stopped; audit log flushed");
        assertThat(AuditReader.of(data.resolve("audit")).find(auditId))
                .hasValueSatisfying(r -> assertThat(r.bundle().outcome()).isEqualTo("flag_changed"));
    }

    @Test
    void aLukhasYamlInTheWorkingDirectoryIsReadAndNamedAtStart() throws Exception {
        // regression (issue #20): the file was silently ignored and the server used port 8080
        Path wd = java.nio.file.Files.createDirectories(dir.resolve("wd"));
        Path data = dir.resolve("from-the-file");
        java.nio.file.Files.writeString(wd.resolve("lukhas.yaml"), "server:\n  port: 0\ndata_dir: " + data + "\n");
        Serve serve = new Serve();
        serve.command.workingDir = wd;
        serve.start("serve");
        assertThat(serve.stop()).as(serve.err.toString()).isZero();
        assertThat(serve.out.text.toString())
                .contains("lukhas: configuration " + wd.resolve("lukhas.yaml").toAbsolutePath()
                        + " (found in the working directory)")
                .contains("lukhas: data directory " + data);
    }

    @Test
    void aConfigurationErrorIsOneLineInTheProductsWordsWithFileLineAndColumn() throws Exception {
        Path wd = java.nio.file.Files.createDirectories(dir.resolve("bad"));
        java.nio.file.Files.writeString(wd.resolve("lukhas.yaml"), "server:\n  port: eighty\n");
        Serve serve = new Serve();
        serve.command.workingDir = wd;

        assertThat(serve.cli.execute("serve")).isEqualTo(2);
        assertThat(serve.err.toString().strip())
                .isEqualTo("lukhas serve: configuration: " + wd.resolve("lukhas.yaml")
                        + " line 2, column 3: server.port: expected a whole number, but was 'eighty'");

        StringWriter err2 = new StringWriter();
        CommandLine again = LukhasCli.newCommandLine();
        again.setErr(new PrintWriter(err2, true));
        assertThat(again.execute("serve", "--config", wd.resolve("missing.yaml").toString()))
                .isEqualTo(2);
        assertThat(err2.toString()).contains("missing.yaml: no such file").doesNotContain("Exception");
    }

    @Test
    void aBadPolicyOrModerationFileFailsTheStartWithItsMessageAfterAnEarlierFailure() throws Exception {
        // the policy and moderation files are read beside the database's opening (docs/benchmarks.md,
        // "Start-up, round 7"): the start still fails with the same words, and an earlier failure (the
        // data directory) is still the one reported
        Path wd = java.nio.file.Files.createDirectories(dir.resolve("files"));
        java.nio.file.Files.writeString(wd.resolve("policy.yaml"), "parameters: [not, a, policy\n");
        java.nio.file.Files.writeString(wd.resolve("moderation.yaml"), "presets: 7\n");
        java.nio.file.Files.writeString(
                wd.resolve("bad-policy.yaml"),
                "server:\n  port: 0\npolicy:\n  path: " + wd.resolve("policy.yaml") + "\n");
        java.nio.file.Files.writeString(
                wd.resolve("bad-moderation.yaml"),
                "server:\n  port: 0\nmoderation:\n  path: " + wd.resolve("moderation.yaml") + "\n");
        Path notADirectory = java.nio.file.Files.writeString(wd.resolve("plain-file"), "x");

        String policyError = startFails(wd.resolve("bad-policy.yaml"), dir.resolve("d1"));
        assertThat(policyError).startsWith("lukhas serve: cannot start: ").contains("policy.yaml");
        String moderationError = startFails(wd.resolve("bad-moderation.yaml"), dir.resolve("d2"));
        assertThat(moderationError).startsWith("lukhas serve: cannot start: ").contains("moderation.yaml");
        String dataDirError = startFails(wd.resolve("bad-policy.yaml"), notADirectory.resolve("data"));
        assertThat(dataDirError)
                .startsWith("lukhas serve: cannot start: ")
                .contains("plain-file")
                .doesNotContain("policy.yaml");
        assertThat(List.of(policyError, moderationError, dataDirError))
                .allSatisfy(e -> assertThat(e).doesNotContain("Exception").doesNotContain("\n"));
    }

    private static String startFails(Path config, Path data) {
        StringWriter err = new StringWriter();
        CommandLine cli = LukhasCli.newCommandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cli.execute("serve", "--config", config.toString(), "--data-dir", data.toString()))
                .as(err.toString())
                .isEqualTo(2);
        return err.toString().strip();
    }
}
