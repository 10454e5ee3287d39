package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.audit.VerificationReport.Broken;
import ai.lukhas.pwm.audit.VerificationReport.ProblemKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tamper drills of issue 16: each way of removing acknowledged records that a normal restart used
 * to paper over ("index REBUILT", a torn line quarantined, then {@code intact: true}) is now named by
 * {@code verify}, refuses a restart with nothing on disk changed, and, once accepted with the override,
 * stays in the chain as a recovery record that {@code verify} reports from then on.
 */
class TamperDrillTest {
    private static final int RECORDS = 60;

    @TempDir
    Path tmp;

    private Path dir() {
        return tmp.resolve("audit");
    }

    private Path witness() {
        return tmp.resolve("witness");
    }

    private Path keyFile() {
        return tmp.resolve("keys").resolve("audit-checkpoint.key");
    }

    /** The three scenarios run with and without checkpoints: index.bin alone must catch them too. */
    private boolean checkpoints = true;

    private AuditLogConfig config(DamagePolicy onDamage) {
        if (!checkpoints) {
            return AuditLogConfig.defaults(dir()).withOnDamage(onDamage);
        }
        return AuditLogConfig.defaults(dir())
                .withCheckpoints(CheckpointConfig.defaults(keyFile())
                        .withEveryRecords(25)
                        .withWitness(CheckpointWitness.directory(witness())))
                .withOnDamage(onDamage);
    }

    private AuditLog open(DamagePolicy p) {
        return AuditLog.open(config(p), Fixtures.redactor(), Fixtures.CLOCK);
    }

    /** {@link #writeLog()}, with or without checkpoints. */
    private List<String> writeLog(boolean withCheckpoints) {
        checkpoints = withCheckpoints;
        return writeLog();
    }

    /** 60 records, appended one by one (checkpoints at 25 and 50, and a last one at close). */
    private List<String> writeLog() {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = open(DamagePolicy.REFUSE)) {
            for (int i = 0; i < RECORDS; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s", "ok", i)).auditId());
            }
        }
        return ids;
    }

    private Path segment() {
        return dir().resolve(Segments.name(1));
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(segment(), StandardCharsets.UTF_8));
    }

    private Map<String, byte[]> snapshot() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> s = Files.list(dir())) {
            for (Path p :
                    s.filter(p -> !p.getFileName().toString().equals(".lock")).toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /**
     * The verifier finds the log broken with {@code kind}, and start-up refuses it without changing
     * a file ({@link #assertRefusedAndUntouched}); the verifier's report.
     */
    private Broken refusedAs(ProblemKind kind) throws IOException {
        VerificationReport r = AuditVerifier.verify(dir());
        assertThat(r).isInstanceOf(Broken.class);
        Broken b = (Broken) r;
        assertThat(b.kind()).isEqualTo(kind);
        assertRefusedAndUntouched(kind);
        return b;
    }

    private void assertRefusedAndUntouched(ProblemKind expected) throws IOException {
        Map<String, byte[]> before = snapshot();
        assertThatThrownBy(() -> open(DamagePolicy.REFUSE)).isInstanceOfSatisfying(AuditDamageException.class, e -> {
            assertThat(e.damage()).extracting(StartupReport.Damage::kind).contains(expected);
            assertThat(e.getMessage())
                    .contains("--accept-audit-damage")
                    .contains("audit.on_damage: record")
                    .contains("Nothing was changed on disk");
        });
        Map<String, byte[]> after = snapshot();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    /** Opens with the override, appends one more record; returns the start-up report. */
    private StartupReport acceptDamage() {
        try (AuditLog log = open(DamagePolicy.RECORD)) {
            log.append(Fixtures.bundle(log, "s", "after", 99));
            return log.startupReport();
        }
    }

    private VerificationReport.Damaged assertDamagedFromNowOn(long lostFrom, long lostTo) {
        VerificationReport r = AuditVerifier.verify(dir());
        assertThat(r.intact()).isFalse();
        assertThat(r).isInstanceOf(VerificationReport.Damaged.class);
        VerificationReport.Damaged d = (VerificationReport.Damaged) r;
        assertThat(d.damage()).singleElement().satisfies(rec -> {
            assertThat(rec.seq()).isEqualTo(lostTo + 1);
            assertThat(rec.summary()).contains("seq " + lostFrom + ".." + lostTo + " lost");
        });
        // And a normal restart afterwards is not refused: the damage is on record now.
        try (AuditLog log = open(DamagePolicy.REFUSE)) {
            assertThat(log.startupReport().damage()).isEmpty();
        }
        assertThat(AuditVerifier.verify(dir())).isInstanceOf(VerificationReport.Damaged.class);
        return d;
    }

    @ParameterizedTest(name = "checkpoints {0}")
    @ValueSource(booleans = {true, false})
    void deletingTheLastFiveLinesIsRefusedAtStartAndRecordedWhenAccepted(boolean withCheckpoints) throws IOException {
        List<String> ids = writeLog(withCheckpoints);
        List<String> lines = lines();
        Files.writeString(segment(), String.join("\n", lines.subList(0, RECORDS - 5)) + "\n");

        Broken b = refusedAs(ProblemKind.TRUNCATED_TAIL);
        assertThat(b.detail()).contains("the index records seq 60");

        StartupReport report = acceptDamage();
        assertThat(report.damageAccepted()).isTrue();
        // The lost seqs are not handed out again: the recovery record takes 61.
        assertThat(report.recovery())
                .hasValueSatisfying(r -> assertThat(r.seq()).isEqualTo(61));
        try (AuditLog log = open(DamagePolicy.REFUSE)) {
            ids.subList(RECORDS - 5, RECORDS)
                    .forEach(id -> assertThat(log.find(id)).isEmpty());
            assertThat(recoveryRequest(log, report))
                    .contains("\"lost_seq_from\":56")
                    .contains("\"lost_seq_to\":60")
                    .contains("\"damage\":true");
        }
        assertDamagedFromNowOn(56, 60);
    }

    @ParameterizedTest(name = "checkpoints {0}")
    @ValueSource(booleans = {true, false})
    void zeroingOneRecordInTheMiddleIsAZeroedLineNeverATruncatedTail(boolean withCheckpoints) throws IOException {
        writeLog(withCheckpoints);
        byte[] all = Files.readAllBytes(segment());
        String text = new String(all, StandardCharsets.UTF_8);
        int start = nthLineStart(text, 30);
        int end = text.indexOf('\n', start);
        Arrays.fill(all, start, end, (byte) 0);
        Files.write(segment(), all);

        Broken b = refusedAs(ProblemKind.ZEROED_LINE);
        assertThat(b.line()).isEqualTo(30);
        assertThat(b.detail()).contains("31 more line(s)");

        StartupReport report = acceptDamage();
        assertThat(report.damage()).first().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(ProblemKind.ZEROED_LINE);
            assertThat(d.line()).isEqualTo(30);
            assertThat(d.detail()).contains("index.bin names 31 acknowledged record(s)");
        });
        // The range is kept, byte for byte, in the quarantine file whose SHA-256 the chain holds.
        Path q = report.quarantined().get(0).file();
        assertThat(Files.readAllBytes(q)).startsWith(Arrays.copyOfRange(all, start, all.length));
        String sha = java.util.HexFormat.of().formatHex(Merkle.sha256().digest(Files.readAllBytes(q)));
        try (AuditLog log = open(DamagePolicy.REFUSE)) {
            assertThat(recoveryRequest(log, report)).contains(sha);
        }
        assertDamagedFromNowOn(30, 60);
    }

    @ParameterizedTest(name = "checkpoints {0}")
    @ValueSource(booleans = {true, false})
    void deletingEverySegmentIsRefusedBecauseTheIndexNamesTheRecords(boolean withCheckpoints) throws IOException {
        writeLog(withCheckpoints);
        Files.delete(segment());

        assertRefusedAndUntouched(ProblemKind.TRUNCATED_TAIL);
        assertThatThrownBy(() -> open(DamagePolicy.REFUSE))
                .isInstanceOfSatisfying(AuditDamageException.class, e -> assertThat(e.damage())
                        .filteredOn(d -> d.kind() == ProblemKind.TRUNCATED_TAIL)
                        .anySatisfy(d -> assertThat(d.detail())
                                .contains("index.bin names records up to seq " + RECORDS)
                                .contains("holds no segment")));

        StartupReport report = acceptDamage();
        assertThat(report.damage()).extracting(StartupReport.Damage::kind).contains(ProblemKind.TRUNCATED_TAIL);
        assertThat(report.recovery()).isPresent();
    }

    @ParameterizedTest(name = "checkpoints {0}")
    @ValueSource(booleans = {true, false})
    void cuttingBytesOffTheLastRecordIsRefusedBecauseTheIndexNamesIt(boolean withCheckpoints) throws IOException {
        writeLog(withCheckpoints);
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 150);
        }
        Broken b = refusedAs(ProblemKind.TRUNCATED_TAIL);
        assertThat(b.line()).isEqualTo(60);

        StartupReport report = acceptDamage();
        assertThat(report.quarantined()).hasSize(1);
        assertDamagedFromNowOn(60, 60);
    }

    @Test
    void deletingTailRecordsAndTheIndexIsDetectedAgainstTheCheckpoints() throws IOException {
        writeLog();
        List<String> lines = lines();
        Files.writeString(segment(), String.join("\n", lines.subList(0, RECORDS - 5)) + "\n");
        Files.delete(dir().resolve(IdIndex.FILE));

        // The chain alone cannot show it: every remaining line links.
        assertThat(AuditVerifier.verify(dir())).isInstanceOf(VerificationReport.Intact.class);
        // The log's own checkpoints stop the restart ...
        assertRefusedAndUntouched(ProblemKind.TRUNCATED_TAIL);
        // ... and the witness's copy proves it even when checkpoints.jsonl is deleted as well.
        Files.delete(dir().resolve(SignedCheckpoint.FILE));
        PublicKey key = CheckpointKeys.readPublicKey(CheckpointKeys.publicKeyFile(keyFile()));
        List<SignedCheckpoint> witnessed = Files.readAllLines(witness().resolve(SignedCheckpoint.FILE)).stream()
                .map(SignedCheckpoint::parse)
                .toList();
        // One is signed when a write batch crosses 25 records since the last, one at close: where the
        // batches end depends on the writer thread's timing, so only the last seq is fixed.
        List<Long> seqs = witnessed.stream().map(SignedCheckpoint::seq).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates().last().isEqualTo(60L);
        assertThat(seqs.getFirst()).isGreaterThanOrEqualTo(25L);
        Broken b = (Broken) AuditVerifier.verify(dir(), witnessed, key);
        assertThat(b.kind()).isEqualTo(ProblemKind.TRUNCATED_TAIL);
        assertThat(b.detail()).contains("covers records up to seq 60").contains("the log ends at seq 55");
    }

    @Test
    void aRewrittenChainDoesNotMatchTheSignedCheckpoints() throws IOException {
        writeLog();
        // Rewrite from line 40 on with fresh, valid hashes: the chain alone verifies again.
        List<String> lines = lines();
        Files.writeString(segment(), String.join("\n", lines.subList(0, 39)) + "\n");
        Files.delete(dir().resolve(IdIndex.FILE));
        Files.delete(dir().resolve(SignedCheckpoint.FILE));
        try (AuditLog log = AuditLog.open(AuditLogConfig.defaults(dir()), Fixtures.redactor(), Fixtures.CLOCK)) {
            for (int i = 0; i < 21; i++) {
                log.append(Fixtures.bundle(log, "forged", "ok", i));
            }
        }
        PublicKey key = CheckpointKeys.readPublicKey(CheckpointKeys.publicKeyFile(keyFile()));
        List<SignedCheckpoint> witnessed = Files.readAllLines(witness().resolve(SignedCheckpoint.FILE)).stream()
                .map(SignedCheckpoint::parse)
                .toList();
        assertThat(AuditVerifier.verify(dir())).isInstanceOf(VerificationReport.Intact.class); // the chain alone
        Broken b = (Broken) AuditVerifier.verify(dir(), witnessed, key);
        assertThat(b.kind()).isEqualTo(ProblemKind.CHECKPOINT_MISMATCH);
        assertThat(b.detail()).contains("for seq 50");
    }

    @Test
    void anUntouchedLogVerifiesAgainstEveryCheckpoint() {
        writeLog();
        PublicKey key = CheckpointKeys.readPublicKey(CheckpointKeys.publicKeyFile(keyFile()));
        List<SignedCheckpoint> cps;
        try {
            cps = Files.readAllLines(dir().resolve(SignedCheckpoint.FILE)).stream()
                    .map(SignedCheckpoint::parse)
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(AuditVerifier.verify(dir(), cps, key))
                .isInstanceOfSatisfying(VerificationReport.Intact.class, ok -> assertThat(ok.checkpointsVerified())
                        .isEqualTo(3));
        // A checkpoint with a changed field no longer verifies: bad evidence is bad input, not "intact".
        SignedCheckpoint forged = new SignedCheckpoint(
                cps.get(2).seq(),
                cps.get(2).treeSize(),
                cps.get(1).headHash(),
                cps.get(2).rootHash(),
                cps.get(2).ts(),
                cps.get(2).keyId(),
                cps.get(2).signature());
        assertThatThrownBy(() -> AuditVerifier.verify(dir(), List.of(forged), key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not verify with the public key");
    }

    private static int nthLineStart(String text, int n) {
        int at = 0;
        for (int i = 1; i < n; i++) {
            at = text.indexOf('\n', at) + 1;
        }
        return at;
    }

    /** The request text of the recovery record that accepting the damage wrote. */
    private static String recoveryRequest(AuditLog log, StartupReport report) {
        return log.find(report.recovery().orElseThrow().auditId())
                .orElseThrow()
                .bundle()
                .request()
                .toString();
    }
}
