package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.audit.AuditReader;
import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.FeedbackStore;
import ai.lukhas.pwm.feedback.FeedbackTargets;
import ai.lukhas.pwm.feedback.LutSettings;
import ai.lukhas.pwm.feedback.StyleLut;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.server.AuditedActions;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;

/** {@code lukhas feedback}: submit feedback cards and show the style LUT they yield. */
@Command(
        name = "feedback",
        mixinStandardHelpOptions = true,
        description = "Submit feedback cards and show the style LUT of one --tenant (data in --data-dir, shared with"
                + " 'serve').",
        subcommands = {FeedbackAddCommand.class, FeedbackLutCommand.class})
final class FeedbackCommand extends CliCommand implements Runnable {
    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    /**
     * Opens the data directory's database for one command and closes it afterwards; {@code targets}
     * says which actions cards may rate (audited actions of the card's tenant).
     */
    static <T> T withService(
            DataDirOption dir, FeedbackTargets targets, Clock clock, Function<FeedbackService, T> work) {
        try (Database db = Database.sqlite(dir.dataDirectory().database())) {
            FeedbackService service = FeedbackService.create(
                    FeedbackStore.sqlite(db), targets, PiiScanner.standard(), LutSettings.DEFAULT, clock);
            return work.apply(service);
        }
    }

    /** Cards may rate only actions audited for their tenant in {@code auditDirectory}. */
    static FeedbackTargets auditedIn(Path auditDirectory) {
        return AuditedActions.of(AuditReader.of(auditDirectory)::find);
    }

    static Map<String, Object> describe(StyleLut lut) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scope", lut.scope().wireName());
        m.put("user_id", lut.requestedUser().orElse(null));
        m.put("fell_back_to_global", lut.fellBackToGlobal());
        m.put("temperature_delta", lut.temperatureDelta());
        m.put("top_p_delta", lut.topPDelta());
        m.put("memory_write_boost", lut.memoryWriteBoost());
        m.put("verbosity_bias", lut.verbosityBias());
        m.put("cards", lut.values().cards());
        m.put("version", lut.version());
        m.put("updated_ms", lut.updatedMs());
        return m;
    }

    static void print(PrintWriter out, StyleLut lut) {
        String scope =
                switch (lut.scope()) {
                    case USER -> "user " + lut.requestedUser().orElseThrow();
                    case GLOBAL ->
                        lut.fellBackToGlobal()
                                ? "global (user " + lut.requestedUser().orElseThrow() + " has no cards in the window)"
                                : "global";
                };
        out.printf("scope               %s%n", scope);
        out.printf("version             %d%n", lut.version());
        out.printf("updated             %s%n", Instant.ofEpochMilli(lut.updatedMs()));
        out.printf("cards               %d%n", lut.values().cards());
        out.printf(Locale.ROOT, "temperature_delta   %.6f%n", lut.temperatureDelta());
        out.printf(Locale.ROOT, "top_p_delta         %.6f%n", lut.topPDelta());
        out.printf(Locale.ROOT, "memory_write_boost  %.6f%n", lut.memoryWriteBoost());
        out.printf(Locale.ROOT, "verbosity_bias      %.6f%n", lut.verbosityBias());
    }
}
