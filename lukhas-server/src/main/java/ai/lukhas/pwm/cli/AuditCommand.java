package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.audit.AuditReader;
import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.audit.AuditVerifier;
import ai.lukhas.pwm.audit.CheckpointKeys;
import ai.lukhas.pwm.audit.InclusionProof;
import ai.lukhas.pwm.audit.SignedCheckpoint;
import ai.lukhas.pwm.audit.VerificationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Verify the audit hash chain, its signed checkpoints and inclusion proofs; print audit bundles.",
        subcommands = {
            AuditCommand.Verify.class,
            AuditCommand.Show.class,
            AuditCommand.Tail.class,
            AuditCommand.Checkpoint.class,
            AuditCommand.Prove.class,
            AuditCommand.VerifyProof.class
        })
final class AuditCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A subcommand that reads the audit log: where it is ({@link AuditDirOption}), where to print, and
     * the standard {@code --help}/{@code --version} options.
     */
    @Command(mixinStandardHelpOptions = true)
    abstract static class OnTheLog extends CliCommand implements Callable<Integer> {
        @Mixin
        AuditDirOption dir;

        /** Prints {@code doc} as indented JSON; exit 0. */
        int printJson(JsonNode doc) {
            PrintWriter out = out();
            out.println(JsonOption.text(doc));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "verify",
            description = "Recompute the hash chain over every segment. Exit 0 when intact, 1 when not.")
    static final class Verify extends OnTheLog {
        @Mixin
        JsonOption json;

        @Option(
                names = "--checkpoints",
                paramLabel = "FILE",
                description = "Signed checkpoints to check the log against (a witness's checkpoints.jsonl);"
                        + " needs --public-key.")
        Path checkpoints;

        @Option(
                names = "--public-key",
                paramLabel = "KEY",
                description = "The log's Ed25519 public key (PEM, audit-checkpoint.key.pub).")
        Path publicKey;

        @Override
        public Integer call() throws JsonProcessingException {
            Path d = dir.resolve();
            if ((checkpoints == null) != (publicKey == null)) {
                throw CliException.badInput("--checkpoints and --public-key go together: the checkpoints are only"
                        + " evidence when their signatures verify");
            }
            VerificationReport report;
            if (checkpoints != null) {
                try {
                    report = AuditVerifier.verify(
                            d, SignedCheckpoint.readAll(checkpoints), CheckpointKeys.readPublicKey(publicKey));
                } catch (IllegalArgumentException e) {
                    throw CliException.badInput(e.getMessage());
                }
            } else {
                report = AuditVerifier.verify(d);
            }
            PrintWriter out = out();
            ObjectNode o = JSON.createObjectNode();
            o.put("directory", d.toAbsolutePath().toString());
            o.put("intact", report.intact());
            switch (report) {
                case VerificationReport.Intact ok -> {
                    o.put("records", ok.records());
                    o.put("segments", ok.segments());
                    o.put("last_seq", ok.lastSeq());
                    o.put("head_hash", ok.headHash());
                    ok.quarantineFiles().forEach(o.putArray("quarantine_files")::add);
                    o.put("checkpoints_verified", ok.checkpointsVerified());
                    recoveries(o, ok.recoveries());
                    if (!json.requested()) {
                        out.printf(
                                "intact: %d records in %d segment(s), head hash %s%s%n",
                                ok.records(),
                                ok.segments(),
                                ok.headHash(),
                                checkpoints == null
                                        ? ""
                                        : ", " + ok.checkpointsVerified() + " signed checkpoint(s) match");
                        for (VerificationReport.Recovery r : ok.recoveries()) {
                            out.printf(
                                    "note: recovery record seq %d (%s, %s line %d): %s%n",
                                    r.seq(), r.ts(), r.segment(), r.line(), r.summary());
                        }
                        if (!ok.quarantineFiles().isEmpty()) {
                            out.printf(
                                    "note: torn lines moved aside at start-up, not part of the chain: %s%n",
                                    String.join(", ", ok.quarantineFiles()));
                        }
                    }
                }
                case VerificationReport.Damaged dmg -> {
                    o.put("kind", "recorded_damage");
                    o.put("records", dmg.records());
                    o.put("last_seq", dmg.lastSeq());
                    o.put("head_hash", dmg.headHash());
                    dmg.quarantineFiles().forEach(o.putArray("quarantine_files")::add);
                    recoveries(o, dmg.recoveries());
                    if (!json.requested()) {
                        out.printf(
                                "NOT INTACT: the chain of %d records verifies, but damage was accepted at start-up:%n",
                                dmg.records());
                        for (VerificationReport.Recovery r : dmg.damage()) {
                            out.printf(
                                    "  recovery record seq %d (%s, %s line %d): %s%n",
                                    r.seq(), r.ts(), r.segment(), r.line(), r.summary());
                        }
                    }
                }
                case VerificationReport.Broken b -> {
                    o.put("kind", b.kind().wireName());
                    o.put("segment", b.segment());
                    o.put("line", b.line());
                    o.put("detail", b.detail());
                    o.put("records_verified", b.recordsVerified());
                    if (!json.requested()) {
                        out.printf(
                                "NOT INTACT: %s line %d: %s: %s (%d records verified before it)%n",
                                b.segment(),
                                b.line(),
                                b.kind().wireName().replace('_', ' '),
                                b.detail(),
                                b.recordsVerified());
                    }
                }
            }
            if (json.requested()) {
                out.println(JSON.writeValueAsString(o));
            }
            out.flush();
            return report.intact() ? 0 : 1;
        }
    }

    private static void recoveries(ObjectNode o, java.util.List<VerificationReport.Recovery> recoveries) {
        var arr = o.putArray("recoveries");
        recoveries.forEach(r -> arr.add(r.json()));
    }

    /** The checkpoints file: {@code --checkpoints}, else the log's own {@code checkpoints.jsonl}. */
    private static SignedCheckpoint latest(Path auditDir, Path file) {
        try {
            if (file != null) {
                return SignedCheckpoint.readAll(file).stream()
                        .max(java.util.Comparator.comparingLong(SignedCheckpoint::seq))
                        .orElseThrow(() -> new CliException(1, "no checkpoint in " + file));
            }
            return AuditReader.of(auditDir)
                    .latestCheckpoint()
                    .orElseThrow(() -> new CliException(
                            1,
                            "no signed checkpoint in " + auditDir.resolve(SignedCheckpoint.FILE)
                                    + " yet (the gateway writes one every audit.checkpoint_every_records records or"
                                    + " audit.checkpoint_every_seconds)"));
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
    }

    @Command(name = "checkpoint", description = "Print the latest signed checkpoint (signed tree head) of the log.")
    static final class Checkpoint extends OnTheLog {
        @Option(names = "--json", description = "Print the checkpoint as its JSON line.")
        boolean json;

        @Option(
                names = "--public-key",
                paramLabel = "KEY",
                description = "Check the signature with this Ed25519 public key (PEM); exit 1 when it does not verify.")
        Path publicKey;

        @Override
        public Integer call() {
            SignedCheckpoint cp = latest(dir.resolve(), null);
            PrintWriter out = out();
            Optional<Boolean> valid = Optional.empty();
            if (publicKey != null) {
                try {
                    valid = Optional.of(cp.verifies(CheckpointKeys.readPublicKey(publicKey)));
                } catch (IllegalArgumentException e) {
                    throw CliException.badInput(e.getMessage());
                }
            }
            if (json) {
                out.println(cp.line());
            } else {
                out.printf(
                        "checkpoint: seq %d, %d records, signed %s by key %s%n  head hash %s%n  root hash %s%n  signature %s%s%n",
                        cp.seq(),
                        cp.treeSize(),
                        cp.ts(),
                        cp.keyId(),
                        cp.headHash(),
                        cp.rootHash(),
                        cp.signature(),
                        valid.map(v -> v ? " (verifies)" : " (DOES NOT VERIFY with " + publicKey + ")")
                                .orElse(""));
            }
            out.flush();
            return valid.orElse(true) ? 0 : 1;
        }
    }

    @Command(
            name = "prove",
            description = {
                "Print the inclusion proof (RFC 6962) of one record against the latest signed checkpoint.",
                "Check it anywhere with 'lukhas audit verify-proof FILE --public-key KEY'."
            })
    static final class Prove extends OnTheLog {
        @Parameters(paramLabel = "ID", description = "The audit_id.")
        String id;

        @Option(
                names = "--checkpoints",
                paramLabel = "FILE",
                description = "Prove against the newest checkpoint in FILE (default: the log's checkpoints.jsonl).")
        Path checkpoints;

        @Override
        public Integer call() {
            Path d = dir.resolve();
            SignedCheckpoint cp = latest(d, checkpoints);
            InclusionProof proof;
            try {
                proof = AuditReader.of(d)
                        .prove(id, cp)
                        .orElseThrow(() -> new CliException(
                                1,
                                "no record with audit_id " + id + " among the " + cp.treeSize()
                                        + " records of the latest checkpoint (seq " + cp.seq()
                                        + "); a newer record is covered by the next checkpoint"));
            } catch (IllegalStateException e) {
                throw new CliException(1, e.getMessage());
            }
            return printJson(proof.json());
        }
    }

    @Command(
            name = "verify-proof",
            mixinStandardHelpOptions = true,
            description = {
                "Check an inclusion proof offline: the record's content, its place in the Merkle tree and the"
                        + " checkpoint's signature. Exit 0 proven, 1 not, 2 bad input."
            })
    static final class VerifyProof extends CliCommand implements Callable<Integer> {
        @Parameters(
                paramLabel = "PROOF",
                description = "The proof JSON (from 'audit prove' or GET /v1/audit/{id}/proof); - for stdin.")
        String proofFile;

        @Option(
                names = "--public-key",
                required = true,
                paramLabel = "KEY",
                description = "The log's Ed25519 public key (PEM).")
        Path publicKey;

        @Override
        public Integer call() {
            InclusionProof proof;
            java.security.PublicKey key;
            try {
                byte[] text = proofFile.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(proofFile));
                proof = InclusionProof.fromJson(JSON.readTree(text));
                key = CheckpointKeys.readPublicKey(publicKey);
            } catch (java.io.IOException e) {
                throw CliException.badInput("cannot read the proof " + proofFile + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw CliException.badInput("not a proof: " + e.getMessage());
            }
            PrintWriter out = out();
            switch (proof.check(key)) {
                case InclusionProof.Check.Valid v -> {
                    out.printf(
                            "proven: record seq %d (audit_id %s) is leaf %d of the %d records signed at %s (key %s)%n",
                            v.seq(),
                            v.auditId(),
                            proof.leafIndex(),
                            proof.checkpoint().treeSize(),
                            proof.checkpoint().ts(),
                            proof.checkpoint().keyId());
                    out.flush();
                    return 0;
                }
                case InclusionProof.Check.Invalid inv -> {
                    out.println("NOT PROVEN: " + inv.reason());
                    out.flush();
                    return 1;
                }
            }
        }
    }

    @Command(name = "show", description = "Print one bundle by audit_id.")
    static final class Show extends OnTheLog {
        @Parameters(paramLabel = "ID", description = "The audit_id (x-lukhas-audit-id header).")
        String id;

        @Override
        public Integer call() {
            Path d = dir.resolve();
            AuditRecord r = AuditReader.of(d)
                    .find(id)
                    .orElseThrow(() -> new CliException(1, "no bundle with audit_id " + id + " in " + d));
            return printJson(r.json());
        }
    }

    @Command(name = "tail", description = "Print the last bundles, oldest first, one JSON object per line.")
    static final class Tail extends OnTheLog {
        @Option(
                names = {"-n", "--lines"},
                paramLabel = "N",
                description = "How many bundles (default: ${DEFAULT-VALUE}).")
        int n = 10;

        @Override
        public Integer call() throws JsonProcessingException {
            if (n < 0) {
                throw CliException.badInput("-n must be >= 0, but was " + n);
            }
            PrintWriter out = out();
            for (AuditRecord r : AuditReader.of(dir.resolve()).tail(n)) {
                out.println(JSON.writeValueAsString(r.json()));
            }
            out.flush();
            return 0;
        }
    }
}
