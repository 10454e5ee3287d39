package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.flags.FlagConfigurationError;
import ai.lukhas.pwm.flags.FlagService;
import ai.lukhas.pwm.flags.ResolvedFlag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lukhas flags}: every registered flag with its value and where the value came from. */
@Command(
        name = "flags",
        mixinStandardHelpOptions = true,
        description = {
            "List every feature flag with its value and source"
                    + " (override > env LUKHAS_FLAG_<NAME> / FLAG_<NAME> > flags file > default).",
            "Exits 1 when a setting is malformed; the setting is then ignored and listed on stderr."
        })
final class FlagsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "Flags file (default: $LUKHAS_FLAGS_FILE, else ./lukhas_flags.yaml).")
    Optional<Path> file = Optional.empty();

    /** The process environment; tests replace it so they never depend on the real one. */
    Supplier<Map<String, String>> environment = System::getenv;

    @Override
    public Integer call() throws JsonProcessingException {
        Map<String, String> env = Map.copyOf(environment.get());
        FlagService flags = FlagService.standard(file, env, Clock.systemUTC());
        List<ResolvedFlag> all = flags.all();
        List<FlagConfigurationError> errors = flags.errors();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("file", flags.file().map(Path::toString).orElse(""));
            doc.put("flags", all.stream().map(FlagsCommand::describe).toList());
            doc.put("errors", errors.stream().map(FlagsCommand::describe).toList());
            out.println(JSON.writeValueAsString(doc));
        } else {
            String format = "%-22s %-8s %-7s %-12s %s%n";
            out.printf(format, "NAME", "TYPE", "VALUE", "SOURCE", "DESCRIPTION");
            for (ResolvedFlag f : all) {
                String source = f.source().wireName();
                out.printf(
                        format,
                        f.name(),
                        f.definition().type().wireName(),
                        f.value(),
                        source,
                        f.definition().description() + (source.equals("default") ? "" : " [" + f.origin() + "]"));
            }
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (FlagConfigurationError e : errors) {
            err.printf("lukhas flags: ignored malformed setting: %s%n", e.describe());
        }
        err.flush();
        return errors.isEmpty() ? 0 : 1;
    }

    private static Map<String, Object> describe(ResolvedFlag f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("type", f.definition().type().wireName());
        m.put("value", f.definition().type().typed(f.value()));
        m.put("source", f.source().wireName());
        m.put("origin", f.origin());
        m.put("default", f.definition().type().typed(f.definition().defaultValue()));
        if (!f.definition().allowedValues().isEmpty()) {
            m.put("allowed_values", f.definition().allowedValues());
        }
        m.put("description", f.definition().description());
        return m;
    }

    private static Map<String, Object> describe(FlagConfigurationError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("flag", e.flag());
        m.put("source", e.source().wireName());
        m.put("origin", e.origin());
        m.put("value", e.value());
        m.put("problem", e.problem());
        return m;
    }
}
