package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.SearchHit;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "dna",
        mixinStandardHelpOptions = true,
        description = "Read and write DNA helix memory (versioned, append-only) in the data directory.",
        subcommands = {DnaCommand.Put.class, DnaCommand.Get.class, DnaCommand.History.class, DnaCommand.Search.class})
final class DnaCommand {
    /** A subcommand over the DNA helix of one tenant ({@link DnaStoreOption}), printing to the command line. */
    abstract static class OnTheHelix extends CliCommand implements Runnable {
        @Mixin
        DnaStoreOption store;
    }

    /** A subcommand on one key of the helix, named by the first parameter. */
    abstract static class OnAKey extends OnTheHelix {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
    }

    private DnaCommand() {}

    @Command(
            name = "put",
            description = "Write VALUE as version N of KEY. Exit 1 when the version rules refuse it (stale, conflict).")
    static final class Put extends OnAKey {
        @Mixin
        HelpOption help;

        @Option(names = "--value", required = true, paramLabel = "JSON", description = "The value, as JSON.")
        String value;

        @Option(names = "--version", required = true, paramLabel = "N", description = "Version to write (>= 0).")
        long version;

        @Option(
                names = "--strength",
                paramLabel = "S",
                description = "Strength, clamped to [0.1, 1.0] (default: ${DEFAULT-VALUE}).")
        double strength = 1.0;

        @Option(names = "--meta", paramLabel = "JSON", description = "A JSON object stored with this version.")
        String meta;

        @Mixin
        JsonOption json;

        @Override
        public void run() {
            JsonNode v = DnaStoreOption.parseJson(value, "--value");
            JsonNode m =
                    meta == null ? JsonNodeFactory.instance.objectNode() : DnaStoreOption.parseJson(meta, "--meta");
            WriteReceipt r;
            try {
                r = store.withHelix(h -> h.write(store.tenant(), key, v, version, strength, m));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw CliException.badInput(e.getMessage());
            }
            json.print(
                    out(),
                    () -> {
                        Map<String, Object> doc = new LinkedHashMap<>();
                        doc.put("key", r.key());
                        doc.put("version", r.version());
                        doc.put("strength", r.strength());
                        doc.put("upserted", r.upserted());
                        doc.put("outcome", r.outcome().name().toLowerCase(java.util.Locale.ROOT));
                        doc.put("checksum", r.checksum());
                        doc.put("recorded_at", r.recordedAt().toString());
                        return doc;
                    },
                    out -> out.printf(
                            "%s %s v%d (strength %s, checksum %s)%n",
                            switch (r.outcome()) {
                                case WRITTEN -> "wrote";
                                case IDEMPOTENT -> "unchanged";
                                case STALE -> "stale, current is";
                                case CONFLICT -> "conflict, current is";
                            },
                            r.key(),
                            r.version(),
                            r.strength(),
                            r.checksum().substring(0, 12)));
            if (r.outcome() == WriteReceipt.Outcome.STALE) {
                throw new CliException(
                        1, "version " + version + " of '" + key + "' is stale: current is " + r.version());
            }
            if (r.outcome() == WriteReceipt.Outcome.CONFLICT) {
                throw new CliException(
                        1, "version " + version + " of '" + key + "' already holds another value (not overwritten)");
            }
        }
    }

    @Command(
            name = "get",
            description = "Print the current version of KEY, a given version, or the one current at an instant.")
    static final class Get extends OnAKey {
        @Mixin
        HelpOption help;

        @ArgGroup(exclusive = true)
        Which which;

        static final class Which {
            @Option(names = "--version", paramLabel = "N", description = "Exactly this version.")
            Long version;

            @Option(names = "--as-of", paramLabel = "ISO-8601", description = "The version current at this instant.")
            String asOf;
        }

        @Mixin
        JsonOption json;

        @Override
        public void run() {
            Optional<Instant> at = Optional.empty();
            if (which != null && which.asOf != null) {
                try {
                    at = Optional.of(Instant.parse(which.asOf));
                } catch (DateTimeParseException e) {
                    throw CliException.badInput(
                            "--as-of must be an ISO-8601 instant like 2026-03-01T10:00:00Z, but was '" + which.asOf
                                    + "'");
                }
            }
            Optional<Instant> instant = at;
            Optional<HelixEntry> entry = store.fromHelix(h -> instant.isPresent()
                    ? h.readAsOf(store.tenant(), key, instant.get())
                    : which != null && which.version != null
                            ? h.read(store.tenant(), key, which.version)
                            : h.read(store.tenant(), key));
            if (entry.isEmpty()) {
                throw new CliException(
                        1,
                        "no entry for '" + key + "'"
                                + (instant.isPresent() ? " as of " + instant.get() : "")
                                + (which != null && which.version != null ? " at version " + which.version : ""));
            }
            HelixEntry e = entry.get();
            json.print(
                    out(),
                    () -> DnaStoreOption.describe(e),
                    out -> out.printf(
                            "%s v%d strength %s recorded %s%n%s%n",
                            e.key(),
                            e.version(),
                            e.strength(),
                            e.recordedAt(),
                            DnaStoreOption.compact(e.value().toJson())));
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "Print every version of KEY, oldest first.")
    static final class History extends OnAKey {
        @Mixin
        JsonOption json;

        @Override
        public void run() {
            List<HelixEntry> history = store.fromHelix(h -> h.history(store.tenant(), key));
            json.print(
                    out(),
                    () -> Map.of(
                            "key",
                            key,
                            "versions",
                            history.stream().map(DnaStoreOption::describe).toList()),
                    out -> print(out, history));
        }

        private void print(PrintWriter out, List<HelixEntry> history) {
            if (history.isEmpty()) {
                out.printf("no versions of '%s'%n", key);
            }
            for (HelixEntry e : history) {
                out.printf(
                        "v%d  %s  strength %s  %s%n",
                        e.version(),
                        e.recordedAt(),
                        e.strength(),
                        DnaStoreOption.compact(e.value().toJson()));
            }
        }
    }

    @Command(
            name = "search",
            mixinStandardHelpOptions = true,
            description = "Full-text search of current values (bm25); personal values are never indexed.")
    static final class Search extends OnTheHelix {
        @Parameters(index = "0", paramLabel = "QUERY")
        String query;

        @Option(names = "-k", paramLabel = "N", description = "How many results, 1..1000 (default: ${DEFAULT-VALUE}).")
        int k = 5;

        @Mixin
        JsonOption json;

        @Override
        public void run() {
            List<SearchHit> hits;
            try {
                hits = store.withHelix(h -> h.search(store.tenant(), query, k));
            } catch (IllegalArgumentException e) {
                throw CliException.badInput(e.getMessage().replace("k must", "-k must"));
            }
            json.print(
                    out(),
                    () -> Map.of(
                            "query",
                            query,
                            "hits",
                            hits.stream()
                                    .map(h -> {
                                        Map<String, Object> m = DnaStoreOption.describe(h.entry());
                                        m.put("score", h.score());
                                        return m;
                                    })
                                    .toList()),
                    out -> print(out, hits));
        }

        private static void print(PrintWriter out, List<SearchHit> hits) {
            if (hits.isEmpty()) {
                out.println("no matches");
            }
            for (SearchHit h : hits) {
                out.printf(
                        "%.6g  %s v%d  %s%n",
                        h.score(),
                        h.entry().key(),
                        h.entry().version(),
                        DnaStoreOption.compact(h.entry().value().toJson()));
            }
        }
    }
}
