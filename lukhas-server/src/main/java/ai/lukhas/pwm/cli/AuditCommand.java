package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.audit.AuditReader;
import ai.lukhas.pwm.audit.AuditRecord;
import ai.lukhas.pwm.audit.AuditVerifier;
import ai.lukhas.pwm.audit.VerificationReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Verify the audit hash chain and print audit bundles.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class, AuditCommand.Tail.class})
final class AuditCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    /** {@code --dir}, else {@code $LUKHAS_AUDIT_DIR}, else {@code <data-dir>/audit}. */
    static final class AuditDirOption {
        @Mixin
        DataDirOption dataDir;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description = "Audit directory (default: $LUKHAS_AUDIT_DIR, else <data-dir>/audit).")
        Path dir;

        Path resolve() {
            Path d = dir != null
                    ? dir
                    : Optional.ofNullable(System.getenv("LUKHAS_AUDIT_DIR"))
                            .filter(s -> !s.isBlank())
                            .map(Path::of)
                            .orElseGet(() -> dataDir.dataDirectory().auditDirectory());
            if (!Files.isDirectory(d)) {
                throw CliException.badInput("no audit directory at " + d.toAbsolutePath()
                        + " (give --dir, set LUKHAS_AUDIT_DIR, or --data-dir)");
            }
            return d;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Recompute the hash chain over every segment. Exit 0 when intact, 1 when not.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditDirOption dir;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws JsonProcessingException {
            Path d = dir.resolve();
            VerificationReport report = AuditVerifier.verify(d);
            PrintWriter out = spec.commandLine().getOut();
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
                    if (!json) {
                        out.printf(
                                "intact: %d records in %d segment(s), head hash %s%n",
                                ok.records(), ok.segments(), ok.headHash());
                        if (!ok.quarantineFiles().isEmpty()) {
                            out.printf(
                                    "note: torn lines moved aside at start-up, not part of the chain: %s%n",
                                    String.join(", ", ok.quarantineFiles()));
                        }
                    }
                }
                case VerificationReport.Broken b -> {
                    o.put("kind", b.kind().name().toLowerCase(Locale.ROOT));
                    o.put("segment", b.segment());
                    o.put("line", b.line());
                    o.put("detail", b.detail());
                    o.put("records_verified", b.recordsVerified());
                    if (!json) {
                        out.printf(
                                "NOT INTACT: %s line %d: %s: %s (%d records verified before it)%n",
                                b.segment(),
                                b.line(),
                                b.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                                b.detail(),
                                b.recordsVerified());
                    }
                }
            }
            if (json) {
                out.println(JSON.writeValueAsString(o));
            }
            out.flush();
            return report.intact() ? 0 : 1;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one bundle by audit_id.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditDirOption dir;

        @Parameters(paramLabel = "ID", description = "The audit_id (x-lukhas-audit-id header).")
        String id;

        @Override
        public Integer call() throws JsonProcessingException {
            Path d = dir.resolve();
            AuditRecord r = AuditReader.of(d)
                    .find(id)
                    .orElseThrow(() -> new CliException(1, "no bundle with audit_id " + id + " in " + d));
            PrintWriter out = spec.commandLine().getOut();
            out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r.json()));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Print the last bundles, oldest first, one JSON object per line.")
    static final class Tail implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        AuditDirOption dir;

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
            PrintWriter out = spec.commandLine().getOut();
            for (AuditRecord r : AuditReader.of(dir.resolve()).tail(n)) {
                out.println(JSON.writeValueAsString(r.json()));
            }
            out.flush();
            return 0;
        }
    }
}
