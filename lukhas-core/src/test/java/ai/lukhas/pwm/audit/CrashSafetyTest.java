package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was acknowledged survives a crash, and a torn last line is moved aside, never lost or fatal. */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void tornLastLineIsQuarantinedAndTheChainContinues() throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = Fixtures.open(dir)) {
            for (int i = 0; i < 5; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s", "ok", i)).auditId());
            }
        }
        Path seg = dir.resolve(Segments.name(1));
        byte[] torn = "{\"audit_id\":\"0199-half-writ".getBytes(StandardCharsets.UTF_8);
        Files.write(seg, torn, java.nio.file.StandardOpenOption.APPEND);
        assertThat(AuditVerifier.verify(dir)).isInstanceOfSatisfying(VerificationReport.Broken.class, b -> {
            assertThat(b.kind()).isEqualTo(VerificationReport.ProblemKind.TRUNCATED_TAIL);
            assertThat(b.line()).isEqualTo(6);
        });

        try (AuditLog log = Fixtures.open(dir)) {
            StartupReport report = log.startupReport();
            assertThat(report.quarantined()).hasSize(1);
            StartupReport.Quarantined q = report.quarantined().get(0);
            assertThat(q.segment()).isEqualTo(Segments.name(1));
            assertThat(q.line()).isEqualTo(6);
            assertThat(q.bytes()).isEqualTo(torn.length);
            assertThat(Files.readAllBytes(q.file())).startsWith(torn);
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).isPresent());

            // The repair is evidence: a recovery record (seq 6) says what was moved where.
            assertThat(report.recovery())
                    .hasValueSatisfying(r -> assertThat(r.seq()).isEqualTo(6));
            assertThat(report.damageAccepted()).isFalse();
            AuditReceipt next = log.append(Fixtures.bundle(log, "s", "ok", 6));
            assertThat(next.seq()).isEqualTo(7);
        }
        VerificationReport after = AuditVerifier.verify(dir);
        assertThat(after).isInstanceOfSatisfying(VerificationReport.Intact.class, ok -> {
            assertThat(ok.records()).isEqualTo(7);
            assertThat(ok.recoveries()).singleElement().satisfies(r -> {
                assertThat(r.seq()).isEqualTo(6);
                assertThat(r.damage()).isFalse();
                assertThat(r.summary())
                        .contains("moved " + torn.length + " bytes from " + Segments.name(1) + " line 6");
            });
            assertThat(ok.quarantineFiles()).containsExactly(Segments.name(1) + Segments.QUARANTINE_SUFFIX);
        });
    }

    /** A real SIGKILL of a JVM appending from 8 threads; repeated because where the kill lands varies. */
    @RepeatedTest(2)
    void everyAcknowledgedBundleSurvivesSigkill() throws Exception {
        int acksBeforeKill = 1500;
        Path stderr = dir.resolve("child.err");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AppendLoopMain.class.getName(),
                        dir.resolve("audit").toString(),
                        "8",
                        "65536",
                        dir.resolve("checkpoint.key").toString())
                .redirectError(stderr.toFile())
                .start();
        List<String> acked = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("child stderr: %s", readQuietly(stderr)).startsWith("READY");
            while (acked.size() < acksBeforeKill && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
            assertThat(acked).as("child stderr: %s", readQuietly(stderr)).hasSize(acksBeforeKill);
            // SIGKILL on Linux: no shutdown hooks, no close(). Through the handle, because
            // Process.destroyForcibly() also closes our end of the child's stdout.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            // Acks already printed before the kill are acknowledged too: read to end of stream.
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137); // 128 + SIGKILL

        // The default policy refuses damage: opening at all means no tampering was found.
        try (AuditLog log = AuditLog.open(
                AuditLogConfig.defaults(dir.resolve("audit"))
                        .withSegmentMaxBytes(65536)
                        .withCheckpoints(CheckpointConfig.defaults(dir.resolve("checkpoint.key"))
                                .withEveryRecords(100)),
                Fixtures.redactor(),
                Fixtures.CLOCK)) {
            assertThat(log.startupReport().damage()).isEmpty();
            assertThat(acked).allSatisfy(id -> assertThat(log.find(id)).as(id).isPresent());
            assertThat(log.startupReport().records()).isGreaterThanOrEqualTo(acked.size());
            log.append(Fixtures.bundle(log, "after-crash", "ok", 0));
        }
        VerificationReport report = AuditVerifier.verify(dir.resolve("audit"));
        assertThat(report.intact()).as("%s", report).isTrue();
        // Every checkpoint the killed process signed still matches the log.
        List<SignedCheckpoint> cps = Files.readAllLines(dir.resolve("audit").resolve(SignedCheckpoint.FILE)).stream()
                .filter(l -> !l.isBlank())
                .map(SignedCheckpoint::parse)
                .toList();
        assertThat(cps).hasSizeGreaterThan(10);
        VerificationReport withCheckpoints = AuditVerifier.verify(
                dir.resolve("audit"),
                cps,
                CheckpointKeys.readPublicKey(CheckpointKeys.publicKeyFile(dir.resolve("checkpoint.key"))));
        assertThat(withCheckpoints.intact()).as("%s", withCheckpoints).isTrue();
    }

    private static String readQuietly(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
