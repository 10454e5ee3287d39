package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.feedback.StyleLut;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lukhas feedback lut}: the style LUT for a user (falling back to global) or the global one. */
@Command(
        name = "lut",
        mixinStandardHelpOptions = true,
        description = "Show the style LUT: the user's own, or the global one when the user has no recent cards.")
final class FeedbackLutCommand extends CliCommand implements Callable<Integer> {
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
    public Integer call() {
        StyleLut lut;
        try {
            // reading a LUT rates nothing: no action is a valid target here
            lut = FeedbackCommand.withService(dir, (t, id) -> false, clock, s -> s.lut(tenant.tenantId(), user));
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("--user: " + e.getMessage());
        }
        json.print(out(), () -> FeedbackCommand.describe(lut), out -> FeedbackCommand.print(out, lut));
        return 0;
    }
}
