package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.legacy.Backfill;
import ai.lukhas.pwm.memory.legacy.BackfillProgress;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Data migrations.",
        subcommands = {MigrateCommand.LegacyToDna.class})
final class MigrateCommand {
    private MigrateCommand() {}

    @Command(
            name = "legacy-to-dna",
            mixinStandardHelpOptions = true,
            description = {
                "Backfill the legacy JSONL memory store into DNA (highest version per key wins).",
                "Resumable: a checkpoint every 500 keys; re-running is idempotent."
            })
    static final class LegacyToDna extends CliCommand implements Runnable {
        @Mixin
        DnaStoreOption store;

        @Option(names = "--from", required = true, paramLabel = "FILE", description = "The legacy JSONL file.")
        Path from;

        @Option(names = "--limit", paramLabel = "N", description = "Handle at most N keys in this run.")
        Long limit;

        @Option(names = "--json", description = "Print one JSON object at the end instead of progress lines.")
        boolean json;

        @Override
        public void run() {
            if (!Files.isRegularFile(from)) {
                throw CliException.badInput("--from: " + from + " is not a file");
            }
            if (limit != null && limit < 0) {
                throw CliException.badInput("--limit must be >= 0, but was " + limit);
            }
            PrintWriter out = out();
            List<BackfillProgress> checkpoints = new ArrayList<>();
            BackfillProgress end;
            DnaKeyring keys = store.keyring();
            try (Database db = Database.sqlite(store.dir.dataDirectory().database())) {
                Clock clock = Clock.systemUTC();
                HelixMemory helix = HelixMemory.sqlite(db, clock, DnaStoreOption.flags(), keys);
                end = Backfill.create(helix, store.tenant(), db, clock, Backfill.DEFAULT_CHECKPOINT_EVERY)
                        .run(from, limit == null ? OptionalLong.empty() : OptionalLong.of(limit), p -> {
                            checkpoints.add(p);
                            if (!json) {
                                out.println(JsonOption.text(summary(p)).replaceAll("\\s*\\n\\s*", " "));
                                out.flush();
                            }
                        });
            } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
                // a malformed legacy line, an unreadable file, or a personal value with no key loaded
                throw CliException.badInput(e.getMessage());
            }
            if (json) {
                Map<String, Object> doc = summary(end);
                doc.put("keys_total", end.keysTotal());
                doc.put("position", end.position());
                doc.put("stale", end.stale());
                doc.put("conflicts", end.conflicts());
                doc.put("done", end.done());
                doc.put(
                        "checkpoints",
                        checkpoints.stream().map(MigrateCommand::summary).toList());
                out.println(JsonOption.text(doc));
            } else {
                out.printf(
                        "%s: %d of %d keys handled, %d stale, %d conflicts%n",
                        end.done() ? "done" : "stopped (run again to resume)",
                        end.position(),
                        end.keysTotal(),
                        end.stale(),
                        end.conflicts());
            }
        }
    }

    static Map<String, Object> summary(BackfillProgress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("processed", p.processed());
        m.put("migrated_total", p.migratedTotal());
        m.put("elapsed_ms", p.elapsedMs());
        return m;
    }
}
