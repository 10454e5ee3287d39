package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.CheckpointConfig;
import ai.lukhas.pwm.audit.CheckpointWitness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit checkpoint}, {@code audit prove}, {@code audit verify-proof} and {@code audit verify --checkpoints}. */
class AuditCheckpointCommandTest {
    @TempDir
    Path data;

    Path audit;
    Path pub;
    Path witness;
    final List<String> ids = new ArrayList<>();

    @BeforeEach
    void writeTwentyRecordsWithCheckpoints() {
        audit = data.resolve("audit");
        witness = data.resolve("witness");
        Path key = data.resolve("audit-checkpoint.key");
        pub = data.resolve("audit-checkpoint.key.pub");
        try (AuditLog log = AuditLog.open(
                AuditLogConfig.defaults(audit)
                        .withCheckpoints(CheckpointConfig.defaults(key)
                                .withEveryRecords(8)
                                .withWitness(CheckpointWitness.directory(witness))),
                AuditRedactor.standard(),
                Clock.systemUTC())) {
            for (int i = 0; i < 20; i++) {
                ids.add(AuditedActions.ok(log, "acme", "s-" + i));
            }
        }
    }

    @Test
    void checkpointPrintsTheLatestSignedHeadAndChecksItsSignature() {
        LukhasCliTest.Run r =
                LukhasCliTest.run("audit", "checkpoint", "--data-dir", data.toString(), "--public-key", pub.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("checkpoint: seq 20, 20 records").contains("(verifies)");
        LukhasCliTest.Run json = LukhasCliTest.run("audit", "checkpoint", "--data-dir", data.toString(), "--json");
        assertThat(json.out()).startsWith("{\"head_hash\":\"").contains("\"seq\":20");
    }

    @Test
    void proveThenVerifyProofOfflineAndATamperedProofIsRejected() throws Exception {
        LukhasCliTest.Run prove = LukhasCliTest.run("audit", "prove", ids.get(4), "--data-dir", data.toString());
        assertThat(prove.exit()).as(prove.err()).isZero();
        Path proof = data.resolve("proof.json");
        Files.writeString(proof, prove.out());

        LukhasCliTest.Run ok =
                LukhasCliTest.run("audit", "verify-proof", proof.toString(), "--public-key", pub.toString());
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("proven: record seq 5 (audit_id " + ids.get(4) + ") is leaf 4 of the 20 records");

        Files.writeString(proof, prove.out().replace("\"session\" : \"s-4\"", "\"session\" : \"s-X\""));
        LukhasCliTest.Run bad =
                LukhasCliTest.run("audit", "verify-proof", proof.toString(), "--public-key", pub.toString());
        assertThat(bad.exit()).as(bad.out()).isEqualTo(1);
        assertThat(bad.out()).contains("NOT PROVEN").contains("it was changed");

        Files.writeString(proof, "{\"algorithm\":\"md5\"}");
        assertThat(LukhasCliTest.run("audit", "verify-proof", proof.toString(), "--public-key", pub.toString())
                        .exit())
                .isEqualTo(2);
        assertThat(LukhasCliTest.run("audit", "prove", "no-such-id", "--data-dir", data.toString())
                        .exit())
                .isEqualTo(1);
    }

    /** {@code audit verify} of the data directory's log against {@code checkpoints}, signed with its key. */
    private LukhasCliTest.Run verifyAgainst(String checkpoints) {
        return LukhasCliTest.run(
                "audit",
                "verify",
                "--data-dir",
                data.toString(),
                "--checkpoints",
                checkpoints,
                "--public-key",
                pub.toString());
    }

    @Test
    void verifyAgainstAWitnessCatchesTailRecordsDeletedWithTheIndexAndTheLocalCheckpoints() throws Exception {
        Path seg = audit.resolve("audit-000001.jsonl");
        String checkpoints = witness.resolve("checkpoints.jsonl").toString();
        LukhasCliTest.Run intact = verifyAgainst(checkpoints);
        assertThat(intact.exit()).as(intact.out()).isZero();
        assertThat(intact.out()).contains("signed checkpoint(s) match");

        List<String> lines = Files.readAllLines(seg, StandardCharsets.UTF_8);
        Files.writeString(seg, String.join("\n", lines.subList(0, 17)) + "\n");
        Files.delete(audit.resolve("index.bin"));
        Files.delete(audit.resolve("checkpoints.jsonl"));
        assertThat(LukhasCliTest.run("audit", "verify", "--data-dir", data.toString())
                        .exit())
                .isZero();
        LukhasCliTest.Run caught = verifyAgainst(checkpoints);
        assertThat(caught.exit()).as(caught.out()).isEqualTo(1);
        assertThat(caught.out()).contains("truncated tail").contains("covers records up to seq 20");

        assertThat(LukhasCliTest.run("audit", "verify", "--data-dir", data.toString(), "--checkpoints", checkpoints)
                        .exit())
                .isEqualTo(2);
    }
}
