package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.feedback.FeedbackResult;
import ai.lukhas.pwm.feedback.FeedbackSubmission;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lukhas feedback add}: store one feedback card and print the LUT it leads to. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = "Store a feedback card (note PII-redacted) and print the user's LUT afterwards.")
final class FeedbackAddCommand extends CliCommand implements Runnable {
    /** {@code --data-dir}, and the audit directory whose records cards may rate (as {@code audit} finds it). */
    @Mixin
    AuditDirOption audit;

    @Mixin
    TenantOption tenant;

    @Option(names = "--target", required = true, paramLabel = "ID", description = "Audit id of the rated action.")
    String target;

    @Option(names = "--rating", required = true, paramLabel = "N", description = "1 (bad) to 5 (good).")
    int rating;

    @Option(names = "--note", paramLabel = "TEXT", description = "Free text, at most 1000 chars.")
    Optional<String> note = Optional.empty();

    @Option(names = "--user", paramLabel = "U", description = "User id (default: anon).")
    Optional<String> user = Optional.empty();

    @Option(names = "--context-hash", paramLabel = "H", description = "Hash of the conversation context.")
    Optional<String> contextHash = Optional.empty();

    @Option(names = "--tag", paramLabel = "TAG", description = "A short tag; repeat for more (at most 10).")
    List<String> tags = List.of();

    /** Tests pin the time; the command itself always runs on the system clock. */
    Clock clock = Clock.systemUTC();

    @Override
    public void run() {
        FeedbackSubmission submission = new FeedbackSubmission(target, rating, note, user, contextHash, tags);
        FeedbackResult result = FeedbackCommand.withService(
                audit.dataDir,
                FeedbackCommand.auditedIn(audit.resolve()),
                clock,
                s -> s.submit(tenant.tenantId(), submission));
        switch (result) {
            case FeedbackResult.Rejected r -> throw CliException.badInput("card rejected: " + r.message());
            case FeedbackResult.Accepted a -> {
                PrintWriter out = out();
                out.printf(
                        "stored: rating %d for %s by %s%s%n",
                        a.card().rating(),
                        a.card().targetActionId(),
                        a.card().userId(),
                        a.noteRedacted() ? " (personal data in the note was redacted)" : "");
                FeedbackCommand.print(out, a.lut());
                out.flush();
            }
        }
    }
}
