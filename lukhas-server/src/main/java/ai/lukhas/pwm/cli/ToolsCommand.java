package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.flags.FlagConfigurationError;
import ai.lukhas.pwm.flags.FlagService;
import ai.lukhas.pwm.governance.tools.CanonicalTool;
import ai.lukhas.pwm.governance.tools.ToolDefinition;
import ai.lukhas.pwm.governance.tools.ToolExclusion;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.governance.tools.ToolOfferJson;
import ai.lukhas.pwm.governance.tools.ToolOfferRequest;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.governance.tools.exec.BrowserPolicy;
import ai.lukhas.pwm.governance.tools.exec.BrowserTool;
import ai.lukhas.pwm.governance.tools.exec.CodeExecTool;
import ai.lukhas.pwm.governance.tools.exec.NotesKnowledgeSearch;
import ai.lukhas.pwm.governance.tools.exec.RetrievalTool;
import ai.lukhas.pwm.governance.tools.exec.SandboxLimits;
import ai.lukhas.pwm.governance.tools.exec.SchedulerTool;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lukhas tools}: the tool schemas a request would be offered under the current flags, and the
 * reason for every tool left out. No modulation is applied (every canonical tool counts as modulated-in)
 * and no tenant ceiling; {@code --allowlist} plays the request's allowlist.
 *
 * <p>Flags come from the flag service, exactly as {@code lukhas flags} shows them (environment
 * {@code LUKHAS_FLAG_<NAME>}, flags file, defaults); a malformed setting is ignored with a warning.
 */
@Command(
        name = "tools",
        mixinStandardHelpOptions = true,
        description = {
            "Show the tool schemas that would be offered under the current flags, and why each other tool is not.",
            "Flags as 'lukhas flags' shows them: BROWSER_TOOL, CODE_EXEC_TOOL (default off)."
        })
final class ToolsCommand extends CliCommand implements Callable<Integer> {
    @Mixin
    DataDirOption dataDir;

    @Option(
            names = "--allowlist",
            split = ",",
            paramLabel = "TOOL",
            description =
                    "The request's allowlist: allowlist or function names, comma-separated (default: no narrowing).")
    List<String> allowlist;

    @Mixin
    JsonOption json;

    @Option(
            names = "--flags-file",
            paramLabel = "FILE",
            description = "Flags file (default: $LUKHAS_FLAGS_FILE, else ./lukhas_flags.yaml).")
    Optional<Path> flagsFile = Optional.empty();

    /** The process environment; tests replace it so they never depend on the real one. */
    Supplier<Map<String, String>> environment = System::getenv;

    @Override
    public Integer call() {
        Map<String, String> env = Map.copyOf(environment.get());
        FlagService flags = FlagService.standard(flagsFile, env, Clock.systemUTC());
        Map<String, Boolean> flagValues = ToolOfferJson.toolFlags(flags);
        PrintWriter err = err();
        for (FlagConfigurationError e : flags.errors()) {
            err.printf("lukhas tools: ignored malformed setting: %s%n", e.describe());
        }
        err.flush();
        try (Database db = Database.sqlite(dataDir.dataDirectory().database())) {
            ToolRegistry registry = ToolRegistry.builder()
                    .executor(
                            CanonicalTool.RETRIEVAL,
                            RetrievalTool.over(NotesKnowledgeSearch.open(db, Clock.systemUTC())))
                    .executor(CanonicalTool.SCHEDULER, SchedulerTool.open(db, Clock.systemUTC()))
                    .executor(CanonicalTool.BROWSER, BrowserTool.create(BrowserPolicy.defaults()))
                    .executor(CanonicalTool.CODE_EXEC, CodeExecTool.probe(SandboxLimits.DEFAULT))
                    .build();
            Optional<Set<String>> requested = Optional.ofNullable(allowlist).map(list -> validated(list, registry));
            ToolOfferRequest request =
                    new ToolOfferRequest(Optional.empty(), requested, Set.copyOf(registry.allowlistNames()));
            ToolOffer offer;
            try (ToolGate gate = ToolGate.create(registry, flags)) {
                offer = gate.offer(request);
            }
            json.print(
                    out(),
                    () -> ToolOfferJson.document(offer, flagValues, requested),
                    out -> print(out, offer, flagValues));
        }
        return 0;
    }

    private static void print(PrintWriter out, ToolOffer offer, Map<String, Boolean> flagValues) {
        out.println("flags: "
                + String.join(
                        ", ",
                        flagValues.entrySet().stream()
                                .map(e -> e.getKey() + "=" + (e.getValue() ? "on" : "off"))
                                .toList()));
        out.println("names (allowlist name -> function the model calls): "
                + String.join(
                        ", ",
                        java.util.Arrays.stream(CanonicalTool.values())
                                .map(t -> t.allowlistName() + " -> "
                                        + t.definition().name())
                                .toList()));
        out.println();
        out.println("offered (" + offer.offered().size() + "):");
        if (offer.offered().isEmpty()) {
            out.println("  (none)");
        }
        for (ToolDefinition d : offer.offered()) {
            out.println("  " + d.name() + " - " + d.description());
            out.println("    " + d.chatCompletionsShape());
        }
        out.println();
        out.println("not offered (" + offer.excluded().size() + "):");
        if (offer.excluded().isEmpty()) {
            out.println("  (none)");
        }
        for (ToolExclusion e : offer.excluded()) {
            out.printf("  %-10s %-21s %s%n", e.tool(), e.stage().wireName(), e.reason());
        }
    }

    private static Set<String> validated(List<String> entries, ToolRegistry registry) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : entries) {
            String name = raw.strip();
            if (name.isEmpty()) {
                throw CliException.badInput(
                        "--allowlist: expected tool names separated by commas, but an entry was empty");
            }
            if (registry.definition(name).isEmpty()) {
                throw CliException.badInput("--allowlist: unknown tool '" + name + "'; known tools: "
                        + String.join(", ", registry.allowlistNames()));
            }
            names.add(name);
        }
        return names;
    }
}
