package ai.lukhas.pwm.governance.moderation.eval;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationCategory;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.ModerationProviderException;
import ai.lukhas.pwm.governance.moderation.ModerationRequest;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a provider over an evaluation set and counts, per split and category, what it flagged against what
 * was expected. An item counts as flagged when the verdict flags any category under the item's preset; a
 * provider failure counts as flagged too (the gateway fails closed) and is counted in {@link
 * Report#errors()}.
 *
 * <pre>{@code
 * Evaluation.Report r = Evaluation.run(ModerationProvider.local(), EvalSet.bundled());
 * r.row(Split.HELD_OUT, "threats").recall();
 * }</pre>
 */
public final class Evaluation {
    /** The row name that sums every category of a split. */
    public static final String ALL = "all";

    private Evaluation() {}

    /** What the provider did with one item. */
    public record ItemResult(
            EvalItem item, boolean flagged, Set<ModerationCategory> categories, Optional<String> error) {
        public ItemResult {
            Checks.nonNull("item, error", item, error);
            categories = Set.copyOf(categories);
        }

        public boolean correct() {
            return flagged == item.shouldFlag();
        }
    }

    /**
     * Counts of one category in one split: true/false positives and negatives.
     *
     * @param category an evaluation category, or {@link #ALL}
     */
    public record Row(
            Split split,
            String category,
            int truePositives,
            int falseNegatives,
            int falsePositives,
            int trueNegatives) {
        /** Flagged items that should be flagged, over all flagged items; 1 when nothing was flagged. */
        public double precision() {
            int flagged = truePositives + falsePositives;
            return flagged == 0 ? 1.0 : (double) truePositives / flagged;
        }

        /** Flagged harmful items over all harmful items; 1 when there are none. */
        public double recall() {
            int harmful = truePositives + falseNegatives;
            return harmful == 0 ? 1.0 : (double) truePositives / harmful;
        }

        /** Flagged benign items over all benign items (near-misses); 0 when there are none. */
        public double falsePositiveRate() {
            int benign = falsePositives + trueNegatives;
            return benign == 0 ? 0.0 : (double) falsePositives / benign;
        }

        public int harmful() {
            return truePositives + falseNegatives;
        }

        public int benign() {
            return falsePositives + trueNegatives;
        }

        Row plus(boolean shouldFlag, boolean flagged) {
            return new Row(
                    split,
                    category,
                    truePositives + (shouldFlag && flagged ? 1 : 0),
                    falseNegatives + (shouldFlag && !flagged ? 1 : 0),
                    falsePositives + (!shouldFlag && flagged ? 1 : 0),
                    trueNegatives + (!shouldFlag && !flagged ? 1 : 0));
        }
    }

    /** The evaluation of one provider on one set. */
    public record Report(
            String provider, String source, List<Row> rows, List<ItemResult> results, int errors, double meanMicros) {
        public Report {
            rows = List.copyOf(rows);
            results = List.copyOf(results);
        }

        /** The row of {@code category} (or {@link #ALL}) in {@code split}; all zero when the split has none. */
        public Row row(Split split, String category) {
            return rows.stream()
                    .filter(r -> r.split() == split && r.category().equals(category))
                    .findFirst()
                    .orElse(new Row(split, category, 0, 0, 0, 0));
        }
    }

    /** Evaluates every item of {@code set}. */
    public static Report run(ModerationProvider provider, EvalSet set) {
        return run(provider, set, List.of(Split.values()));
    }

    /** Evaluates the items of the given splits. */
    public static Report run(ModerationProvider provider, EvalSet set, Collection<Split> splits) {
        Objects.requireNonNull(provider, "provider");
        List<ItemResult> results = new ArrayList<>();
        TreeMap<String, Row> rows = new TreeMap<>();
        int errors = 0;
        long nanos = 0;
        for (EvalItem item : set.items()) {
            if (!splits.contains(item.split())) {
                continue;
            }
            ModerationRequest request = new ModerationRequest(
                    item.kind(),
                    item.kind() == ContentKind.TOOL_OUTPUT ? Optional.of("open_url") : Optional.empty(),
                    item.text(),
                    item.preset());
            long start = System.nanoTime();
            ItemResult result;
            try {
                ModerationVerdict verdict = provider.moderate(request);
                result = new ItemResult(item, verdict.isFlagged(), verdict.flagged(), Optional.empty());
            } catch (ModerationProviderException | RuntimeException e) {
                errors++;
                result = new ItemResult(item, true, Set.of(), Optional.of(String.valueOf(e.getMessage())));
            }
            nanos += System.nanoTime() - start;
            results.add(result);
            boolean flagged = result.flagged();
            for (String category : List.of(item.category(), ALL)) {
                String key = item.split().ordinal() + "/" + category;
                Row row = rows.getOrDefault(key, new Row(item.split(), category, 0, 0, 0, 0));
                rows.put(key, row.plus(item.shouldFlag(), flagged));
            }
        }
        List<Row> ordered = new ArrayList<>(rows.values());
        ordered.sort((a, b) -> a.split() != b.split()
                ? a.split().compareTo(b.split())
                : a.category().equals(ALL)
                        ? 1
                        : b.category().equals(ALL) ? -1 : a.category().compareTo(b.category()));
        double mean = results.isEmpty() ? 0.0 : nanos / 1000.0 / results.size();
        return new Report(provider.name(), set.source(), ordered, results, errors, mean);
    }
}
