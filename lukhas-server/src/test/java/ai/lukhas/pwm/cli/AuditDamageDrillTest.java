package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.CheckpointConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * The tamper drills of issue 16 through the real commands: after each scenario {@code audit verify}
 * exits 1, {@code serve} refuses to start (exit 2, nothing changed), {@code serve --accept-audit-damage}
 * starts and reports the damage (stderr, /metrics, an audit_recovery incident), and {@code audit verify}
 * keeps exiting 1 afterwards.
 */
class AuditDamageDrillTest {
    @TempDir
    Path data;

    enum Scenario {
        DELETE_LAST_FIVE_LINES("truncated_tail"),
        ZERO_A_RECORD_IN_THE_MIDDLE("zeroed_line"),
        CUT_150_BYTES_OFF_THE_LAST_RECORD("truncated_tail");

        final String kind;

        Scenario(String kind) {
            this.kind = kind;
        }
    }

    private Path segment() {
        return data.resolve("audit").resolve("audit-000001.jsonl");
    }

    private void writeRecords(int n) {
        try (AuditLog log = AuditLog.open(
                AuditLogConfig.defaults(data.resolve("audit"))
                        .withCheckpoints(CheckpointConfig.defaults(data.resolve("audit-checkpoint.key"))
                                .withEveryRecords(5)),
                AuditRedactor.standard(),
                Clock.systemUTC())) {
            for (int i = 0; i < n; i++) {
                log.append(log.newBundle()
                        .tenant("acme")
                        .session("s-" + i)
                        .outcome("ok")
                        .build());
            }
        }
    }

    private void tamper(Scenario s) throws Exception {
        switch (s) {
            case DELETE_LAST_FIVE_LINES -> {
                List<String> lines = Files.readAllLines(segment(), StandardCharsets.UTF_8);
                Files.writeString(segment(), String.join("\n", lines.subList(0, lines.size() - 5)) + "\n");
            }
            case ZERO_A_RECORD_IN_THE_MIDDLE -> {
                byte[] b = Files.readAllBytes(segment());
                int start = 0;
                for (int i = 1; i < 6; i++) {
                    start = new String(b, StandardCharsets.UTF_8).indexOf('\n', start) + 1;
                }
                int end = new String(b, StandardCharsets.UTF_8).indexOf('\n', start);
                Arrays.fill(b, start, end, (byte) 0);
                Files.write(segment(), b);
            }
            case CUT_150_BYTES_OFF_THE_LAST_RECORD -> {
                try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
                    ch.truncate(ch.size() - 150);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void verifyExitsOneAndServeRefusesUntilTheDamageIsAccepted(Scenario scenario) throws Exception {
        writeRecords(12);
        tamper(scenario);

        LukhasCliTest.Run verify = LukhasCliTest.run("audit", "verify", "--data-dir", data.toString(), "--json");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(1);
        assertThat(verify.out()).contains("\"kind\":\"" + scenario.kind + "\"");

        byte[] before = Files.readAllBytes(segment());
        LukhasCliTest.Run refused =
                LukhasCliTest.run("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data.toString());
        assertThat(refused.exit()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err())
                .contains("cannot start")
                .contains("damaged in a way a crash cannot explain")
                .contains(scenario.kind)
                .contains("--accept-audit-damage");
        assertThat(Files.readAllBytes(segment())).isEqualTo(before);
        assertThat(LukhasCliTest.run("audit", "verify", "--data-dir", data.toString())
                        .exit())
                .isEqualTo(1);

        // With the override it starts, says so, counts it and records an incident.
        CommandLine cli = LukhasCli.newCommandLine();
        ServeCommandTest.Output out = new ServeCommandTest.Output();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(cli.execute(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--data-dir",
                data.toString(),
                "--accept-audit-damage")));
        t.start();
        try {
            assertThat(out.started.await(60, TimeUnit.SECONDS))
                    .as(err.toString())
                    .isTrue();
            assertThat(err.toString()).contains("DAMAGE accepted").contains(scenario.kind);
            Matcher m =
                    Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)").matcher(out.text);
            assertThat(m.find()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(m.group(1) + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics).containsPattern("lukhas_audit_startup_damage(\\{[^}]*\\})? [1-9]");
            assertThat(metrics).containsPattern("lukhas_audit_startup_recoveries(\\{[^}]*\\})? 1");
            String incidents = http.send(
                            HttpRequest.newBuilder(URI.create(m.group(1) + "/v1/incidents?kind=audit_recovery"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(incidents).contains("\"kind\":\"audit_recovery\"").contains("\"severity\":\"critical\"");
        } finally {
            serve.stopRequested.countDown();
            t.join(60_000);
        }
        assertThat(exit.get()).isZero();

        LukhasCliTest.Run after = LukhasCliTest.run("audit", "verify", "--data-dir", data.toString());
        assertThat(after.exit()).as(after.out()).isEqualTo(1);
        assertThat(after.out())
                .contains("NOT INTACT")
                .contains("damage was accepted at start-up")
                .contains(scenario.kind);
    }
}
