package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.feedback.StyleLut;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lukhas feedback lut}: the style LUT for a user (falling back to global) or the global one. */
@Command(
        name = "lut",
        mixinStandardHelpOptions = true,
        description = "Show the style LUT: the user's own, or the global one when the user has no recent cards.")
final class FeedbackLutCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption dir;

    @Mixin
    TenantOption tenant;

    @Option(names = "--user", paramLabel = "U", description = "User id (default: the global LUT).")
    Optional<String> user = Optional.empty();

    @Mixin
    JsonOption json;

    /** Tests pin the time; the command itself always runs on the system clock. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws JsonProcessingException {
        StyleLut lut;
        try {
            // reading a LUT rates nothing: no action is a valid target here
            lut = FeedbackCommand.withService(dir, (t, id) -> false, clock, s -> s.lut(tenant.tenantId(), user));
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--user: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.requested()) {
            out.println(JSON.writeValueAsString(FeedbackCommand.describe(lut)));
        } else {
            FeedbackCommand.print(out, lut);
        }
        out.flush();
        return 0;
    }
}
