package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.flags.FlagConfigurationError;
import ai.lukhas.pwm.flags.FlagDefinition;
import ai.lukhas.pwm.flags.FlagRegistry;
import ai.lukhas.pwm.flags.FlagService;
import ai.lukhas.pwm.flags.FlagType;
import ai.lukhas.pwm.flags.ResolvedFlag;
import ai.lukhas.pwm.server.flags.FlagOverrideStores;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.StoreException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lukhas flags}: every registered flag with its value and where the value came from — of a
 * running server with {@code --url} (run-time overrides included), else as this process resolves the
 * environment and the flags file. {@code flags set|clear} change a flag.
 */
@Command(
        name = "flags",
        mixinStandardHelpOptions = true,
        description = {
            "List every feature flag with its value and source"
                    + " (override > env LUKHAS_FLAG_<NAME> / FLAG_<NAME> > flags file > default).",
            "With --url (or $LUKHAS_URL): the running server's flags; else as this process resolves them, with the"
                    + " run-time overrides stored in --data-dir.",
            "Exits 1 when a setting is malformed; the setting is then ignored and listed on stderr."
        },
        subcommands = {FlagsCommand.SetFlag.class, FlagsCommand.ClearFlag.class})
final class FlagsCommand extends CliCommand implements Callable<Integer> {
    @Mixin
    JsonOption json;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "Flags file (default: $LUKHAS_FLAGS_FILE, else ./lukhas_flags.yaml).")
    Optional<Path> file = Optional.empty();

    /** Without {@code --url}: whose stored run-time overrides apply (none when it has no database). */
    @Mixin
    DataDirOption dataDir;

    @Mixin
    AdminApi api;

    /** The process environment; tests replace it so they never depend on the real one. */
    Supplier<Map<String, String>> environment = System::getenv;

    @Override
    public Integer call() {
        Map<String, String> env = Map.copyOf(environment.get());
        Optional<URI> server = api.server(env);
        if (server.isPresent()) {
            return listServer(server.get(), env);
        }
        record Listing(Path file, List<ResolvedFlag> all, List<FlagConfigurationError> errors) {}
        Listing listing = local(file, env, f -> new Listing(f.file().orElseThrow(), f.all(), f.errors()));
        List<ResolvedFlag> all = listing.all();
        List<FlagConfigurationError> errors = listing.errors();
        json.print(
                out(),
                () -> {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("file", listing.file().toString());
                    doc.put("flags", all.stream().map(FlagsCommand::describe).toList());
                    doc.put(
                            "errors",
                            errors.stream().map(FlagsCommand::describe).toList());
                    return doc;
                },
                out -> table(
                        out,
                        all.stream()
                                .map(f -> JsonOption.PRETTY.<JsonNode>valueToTree(describe(f)))
                                .toList()));
        PrintWriter err = err();
        for (FlagConfigurationError e : errors) {
            err.printf("lukhas flags: ignored malformed setting: %s%n", e.describe());
        }
        err.flush();
        return errors.isEmpty() ? 0 : 1;
    }

    /**
     * Applies {@code read} to the flags as a server on {@link #dataDir} would resolve them without a
     * scoped override: the overrides stored in its database (when it has one), the environment, the
     * flags file ({@code file}, else {@code $LUKHAS_FLAGS_FILE}, else {@code ./lukhas_flags.yaml}).
     */
    <T> T local(Optional<Path> file, Map<String, String> env, Function<FlagService, T> read) {
        Path database = dataDir.dataDirectory().database();
        if (!Files.isRegularFile(database)) {
            return read.apply(FlagService.standard(file, env, Clock.systemUTC()));
        }
        try (Database db = Database.sqlite(database)) {
            return read.apply(FlagService.standard(file, env, Clock.systemUTC(), FlagOverrideStores.sqlite(db)));
        } catch (StoreException e) {
            throw new CliException(1, "cannot read the stored flag overrides: " + e.getMessage());
        }
    }

    /** The server's {@code GET /v1/flags}, rendered like the local listing (typed values in JSON). */
    private int listServer(URI server, Map<String, String> env) {
        JsonNode answer = api.send(server, env, "GET", "/v1/flags", Optional.empty());
        List<JsonNode> flags = new ArrayList<>();
        answer.path("flags").forEach(flags::add);
        json.print(
                out(),
                () -> {
                    Map<String, Object> doc = new LinkedHashMap<>();
                    doc.put("server", server.toString());
                    doc.put("flags", flags.stream().map(FlagsCommand::typed).toList());
                    doc.put("errors", answer.path("errors"));
                    return doc;
                },
                out -> table(out, flags));
        PrintWriter err = err();
        answer.path("errors")
                .forEach(e -> err.printf(
                        "lukhas flags: the server ignored a malformed setting: %s=%s from %s: %s%n",
                        e.path("flag").asText(),
                        e.path("value").asText(),
                        e.path("origin").asText(),
                        e.path("problem").asText()));
        err.flush();
        return answer.path("errors").isEmpty() ? 0 : 1;
    }

    /** The listing's text form, one line a flag, from flag objects as {@code --json} and the API show them. */
    private static void table(PrintWriter out, List<JsonNode> flags) {
        String format = "%-22s %-8s %-7s %-12s %s%n";
        out.printf(format, "NAME", "TYPE", "VALUE", "SOURCE", "DESCRIPTION");
        for (JsonNode f : flags) {
            String source = f.path("source").asText();
            out.printf(
                    format,
                    f.path("name").asText(),
                    f.path("type").asText(),
                    f.path("value").asText(),
                    source,
                    f.path("description").asText()
                            + (source.equals("default")
                                    ? ""
                                    : " [" + f.path("origin").asText() + "]"));
        }
    }

    /** A flag object of the HTTP API with {@code value} and {@code default} as typed JSON values. */
    private static JsonNode typed(JsonNode apiFlag) {
        ObjectNode f = apiFlag.deepCopy();
        if (f.path("type").asText().equals(FlagType.BOOLEAN.wireName())) {
            f.put("value", Boolean.parseBoolean(f.path("value").asText()));
            f.put("default", Boolean.parseBoolean(f.path("default").asText()));
        }
        return f;
    }

    /** What {@code flags set} and {@code flags clear} share: where the change goes, and how it is reported. */
    abstract static class Change extends CliCommand implements Callable<Integer> {
        @ParentCommand
        FlagsCommand parent;

        @Mixin
        AdminApi api;

        @Option(names = "--json", description = "Print the flag as one JSON document.")
        boolean json;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description =
                        "Without --url: the flags file to change (default: $LUKHAS_FLAGS_FILE, else ./lukhas_flags.yaml).")
        Optional<Path> file = Optional.empty();

        @Parameters(index = "0", paramLabel = "NAME", description = "The flag, e.g. BROWSER_TOOL.")
        String name;

        /** The request to send to a running server: method and JSON body. */
        abstract String method();

        abstract Optional<String> body(FlagDefinition definition);

        /** The flags file's entries after the change. */
        abstract void change(Map<String, String> entries, FlagDefinition definition);

        @Override
        public Integer call() throws IOException {
            Map<String, String> env = Map.copyOf(parent.environment.get());
            // `flags --url U set ...` works as well as `flags set ... --url U`
            api.url = api.url.or(() -> parent.api.url);
            api.key = api.key.or(() -> parent.api.key);
            FlagDefinition definition = FlagRegistry.standard()
                    .find(name)
                    .orElseThrow(() -> CliException.badInput("no flag '" + name + "'; known flags: "
                            + String.join(
                                    ", ",
                                    FlagRegistry.standard().all().stream()
                                            .map(FlagDefinition::name)
                                            .toList())));
            Optional<URI> server = api.server(env);
            PrintWriter out = out();
            JsonNode flag;
            String where;
            if (server.isPresent()) {
                JsonNode answer = api.send(server.get(), env, method(), "/v1/flags/" + name, body(definition));
                flag = typed(answer.path("flag"));
                where = "on " + server.get() + " (audit id "
                        + answer.path("audit_id").asText() + ")";
            } else {
                Path path = FlagService.standard(file, env, Clock.systemUTC())
                        .file()
                        .orElseThrow();
                Map<String, String> entries = FlagsFile.read(path);
                change(entries, definition);
                FlagsFile.write(path, entries);
                // a stored run-time override in the data directory still wins, and the source printed says so
                ResolvedFlag now = parent.local(
                        Optional.of(path), env, f -> f.resolve(name).orElseThrow());
                flag = JsonOption.PRETTY.valueToTree(describe(now));
                where = "in " + path + " (no --url: the flags file, which a running server re-reads within 5 s)";
            }
            if (json) {
                out.println(JsonOption.text(flag));
            } else {
                out.printf(
                        "%s = %s (source %s%s) %s%n",
                        name,
                        flag.path("value").asText(),
                        flag.path("source").asText(),
                        flag.path("source").asText().equals("default")
                                ? ""
                                : ": " + flag.path("origin").asText(),
                        where);
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Set a flag: with --url (or $LUKHAS_URL) a run-time override on that server (admin API, audited; stored in"
                        + " its database, it lasts until cleared, across restarts),",
                "else the value in the flags file (persistent; a running server re-reads it within 5 s)."
            })
    static final class SetFlag extends Change {
        @Parameters(
                index = "1",
                paramLabel = "VALUE",
                description = "true/false for a boolean flag, else one of its values.")
        String value;

        @Override
        String method() {
            return "PUT";
        }

        @Override
        Optional<String> body(FlagDefinition definition) {
            String canonical = canonical(definition);
            Object typed = definition.type().typed(canonical);
            return Optional.of(JsonOption.PRETTY
                    .createObjectNode()
                    .set("value", JsonOption.PRETTY.valueToTree(typed))
                    .toString());
        }

        @Override
        void change(Map<String, String> entries, FlagDefinition definition) {
            entries.put(name, canonical(definition));
        }

        private String canonical(FlagDefinition definition) {
            return definition
                    .parse(value)
                    .orElseThrow(() -> CliException.badInput(
                            "flag " + name + " must be " + definition.expected() + ", but was '" + value + "'"));
        }
    }

    @Command(
            name = "clear",
            mixinStandardHelpOptions = true,
            description = {
                "Clear a flag: with --url (or $LUKHAS_URL) remove that server's run-time override (admin API, audited),",
                "else remove the flag from the flags file; the flag then takes its value from the next source down."
            })
    static final class ClearFlag extends Change {
        @Override
        String method() {
            return "DELETE";
        }

        @Override
        Optional<String> body(FlagDefinition definition) {
            return Optional.empty();
        }

        @Override
        void change(Map<String, String> entries, FlagDefinition definition) {
            entries.remove(name);
        }
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
