package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.governance.moderation.AzureContentSafetySettings;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.OpenAiModerationSettings;
import ai.lukhas.pwm.governance.moderation.eval.EvalSet;
import ai.lukhas.pwm.governance.moderation.eval.Evaluation;
import ai.lukhas.pwm.governance.moderation.eval.Split;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lukhas moderation}: tools around content moderation. */
@Command(
        name = "moderation",
        mixinStandardHelpOptions = true,
        description = "Content moderation: measure providers on the labelled evaluation set.",
        subcommands = {ModerationCommand.Eval.class})
final class ModerationCommand extends CliCommand implements Runnable {
    @Override
    public void run() {
        spec.commandLine().usage(out());
    }

    /** {@code lukhas moderation eval}: precision, recall and false positive rate per category and split. */
    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description = {
                "Run moderation providers over a labelled set and print precision, recall and false positive"
                        + " rate per category, split and provider (docs/moderation-eval.md).",
                "Providers: local (default), or a guard model as NAME=URL: openai=URL, llama-guard=URL,"
                        + " azure=URL; NAME+local=URL combines it with local. The key comes from"
                        + " $LUKHAS_MODERATION_API_KEY."
            })
    static final class Eval extends CliCommand implements Callable<Integer> {
        @Option(
                names = "--provider",
                paramLabel = "NAME[=URL]",
                description = "Provider to evaluate; repeat for several (default: local).")
        List<String> providers = new ArrayList<>();

        @Option(
                names = "--set",
                paramLabel = "FILE",
                description = "A JSON Lines evaluation set (default: the bundled set).")
        Optional<Path> set = Optional.empty();

        @Option(names = "--split", paramLabel = "SPLIT", description = "tune, held_out or all (default: all).")
        String split = "all";

        @Mixin
        JsonOption json;

        @Option(
                names = "--misses",
                description = "Also list the items the provider got wrong (tune split only: the held-out"
                        + " split must not be tuned on).")
        boolean misses;

        @Option(
                names = "--model",
                paramLabel = "NAME",
                description = "Model of a remote provider (llama-guard: llama-guard3:8b; openai:"
                        + " omni-moderation-latest; azure: the api-version, 2024-09-01).")
        Optional<String> model = Optional.empty();

        @Option(names = "--timeout-ms", paramLabel = "MS", description = "Deadline of one remote call (default: 5000).")
        long timeoutMs = 5000;

        /** The process environment; tests replace it. */
        Supplier<Map<String, String>> environment = System::getenv;

        @Override
        public Integer call() {
            List<Split> splits =
                    switch (split) {
                        case "all" -> List.of(Split.values());
                        case "tune" -> List.of(Split.TUNE);
                        case "held_out" -> List.of(Split.HELD_OUT);
                        default ->
                            throw CliException.badInput(
                                    "--split must be tune, held_out or all, but was '" + split + "'");
                    };
            if (misses && splits.contains(Split.HELD_OUT)) {
                throw CliException.badInput("--misses needs --split tune: the held-out items are not for tuning");
            }
            EvalSet items;
            try {
                items = set.map(EvalSet::read).orElseGet(EvalSet::bundled);
            } catch (IllegalArgumentException e) {
                throw CliException.badInput(e.getMessage());
            }
            List<String> names = providers.isEmpty() ? List.of("local") : providers;
            List<Evaluation.Report> reports = new ArrayList<>();
            for (String spec : names) {
                reports.add(Evaluation.run(provider(spec), items, splits));
            }
            json.print(
                    out(),
                    () -> reports.stream().map(Eval::describe).toList(),
                    out -> reports.forEach(r -> print(out, r)));
            return 0;
        }

        private ModerationProvider provider(String spec) {
            String name = spec.contains("=") ? spec.substring(0, spec.indexOf('=')) : spec;
            Optional<String> url =
                    spec.contains("=") ? Optional.of(spec.substring(spec.indexOf('=') + 1)) : Optional.empty();
            boolean withLocal = name.endsWith("+local");
            String remote = withLocal ? name.substring(0, name.length() - "+local".length()) : name;
            if (remote.equals("local")) {
                if (url.isPresent() || withLocal) {
                    throw CliException.badInput("the local provider takes no URL, but got '" + spec + "'");
                }
                return ModerationProvider.local();
            }
            if (!List.of("openai", "llama-guard", "azure").contains(remote)) {
                throw CliException.badInput("unknown provider '" + name
                        + "'; known: local, openai=URL, llama-guard=URL, azure=URL (append +local to combine)");
            }
            URI base;
            try {
                base = URI.create(url.orElseThrow(
                        () -> CliException.badInput("provider " + remote + " needs a URL: " + remote + "=URL")));
            } catch (IllegalArgumentException e) {
                throw CliException.badInput("provider " + remote + ": not a URL: " + e.getMessage());
            }
            Optional<String> key = Optional.ofNullable(environment.get().get("LUKHAS_MODERATION_API_KEY"))
                    .filter(k -> !k.isBlank());
            Duration timeout = Duration.ofMillis(timeoutMs);
            ModerationProvider p;
            try {
                p = switch (remote) {
                    case "openai" ->
                        ModerationProvider.openAiCompatible(new OpenAiModerationSettings(
                                base, key, model.orElse("omni-moderation-latest"), timeout));
                    case "llama-guard" ->
                        ModerationProvider.llamaGuard(
                                new OpenAiModerationSettings(base, key, model.orElse("llama-guard3:8b"), timeout));
                    default ->
                        ModerationProvider.azureContentSafety(new AzureContentSafetySettings(
                                base,
                                key.orElseThrow(
                                        () -> CliException.badInput("provider azure needs $LUKHAS_MODERATION_API_KEY")),
                                model.orElse("2024-09-01"),
                                timeout));
                };
            } catch (IllegalArgumentException e) {
                throw CliException.badInput("provider " + remote + ": " + e.getMessage());
            }
            return withLocal ? ModerationProvider.combined(List.of(p, ModerationProvider.local())) : p;
        }

        private void print(PrintWriter out, Evaluation.Report r) {
            out.printf(
                    Locale.ROOT,
                    "provider %s on %s: %d items, %d provider errors, %.1f µs per item%n",
                    r.provider(),
                    r.source(),
                    r.results().size(),
                    r.errors(),
                    r.meanMicros());
            String format = "%-9s %-14s %5s %5s %5s %5s %5s %5s %9s %7s %7s%n";
            out.printf(
                    format,
                    "SPLIT",
                    "CATEGORY",
                    "HARM",
                    "BENIGN",
                    "TP",
                    "FN",
                    "FP",
                    "TN",
                    "PRECISION",
                    "RECALL",
                    "FPR");
            for (Evaluation.Row row : r.rows()) {
                out.printf(
                        Locale.ROOT,
                        "%-9s %-14s %5d %5d %5d %5d %5d %5d %9.3f %7.3f %7.3f%n",
                        row.split().wireName(),
                        row.category(),
                        row.harmful(),
                        row.benign(),
                        row.truePositives(),
                        row.falseNegatives(),
                        row.falsePositives(),
                        row.trueNegatives(),
                        row.precision(),
                        row.recall(),
                        row.falsePositiveRate());
            }
            if (misses) {
                out.println("misses (tune split):");
                for (Evaluation.ItemResult m : r.results()) {
                    if (!m.correct()) {
                        out.printf(
                                "  %-22s %-5s %-14s %s%s%n",
                                m.item().id(),
                                m.item().shouldFlag() ? "FN" : "FP",
                                m.item().category(),
                                m.categories().isEmpty() ? "" : m.categories() + " ",
                                m.item().text().replace("\n", "\\n"));
                    }
                }
            }
            out.println();
        }

        private static Map<String, Object> describe(Evaluation.Report r) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("provider", r.provider());
            doc.put("set", r.source());
            doc.put("items", r.results().size());
            doc.put("provider_errors", r.errors());
            doc.put("mean_micros", r.meanMicros());
            doc.put(
                    "rows",
                    r.rows().stream()
                            .map(row -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("split", row.split().wireName());
                                m.put("category", row.category());
                                m.put("harmful", row.harmful());
                                m.put("benign", row.benign());
                                m.put("tp", row.truePositives());
                                m.put("fn", row.falseNegatives());
                                m.put("fp", row.falsePositives());
                                m.put("tn", row.trueNegatives());
                                m.put("precision", row.precision());
                                m.put("recall", row.recall());
                                m.put("false_positive_rate", row.falsePositiveRate());
                                return m;
                            })
                            .toList());
            return doc;
        }
    }
}
