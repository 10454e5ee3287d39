package ai.lukhas.pwm.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison of a run with the last committed baseline ({@code perf/load-baseline.json}, a
 * previous {@code --json} report): each figure that says how much the gateway costs, with the ratio
 * this run / baseline. No request-path change is merged without this ratio being looked at; it is
 * printed, not enforced (a wall-clock figure on a shared machine varies by more than a regression
 * worth catching, see docs/load.md).
 *
 * <pre>{@code Baseline.compare(baselineJson, report.toJson()).forEach(out::println);}</pre>
 */
final class Baseline {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Baseline() {}

    /** One compared figure; {@code ratio} is now / before (NaN when the baseline lacks it). */
    record Figure(String name, double before, double now, boolean higherIsBetter) {
        double ratio() {
            return before > 0 ? now / before : Double.NaN;
        }

        String line() {
            String verdict = Double.isNaN(ratio())
                    ? ""
                    : (higherIsBetter ? ratio() >= 1 : ratio() <= 1) ? "  (better or equal)" : "  (worse)";
            return String.format(
                    Locale.ROOT, "  %-38s %10.3f -> %10.3f   x%.2f%s", name, before, now, ratio(), verdict);
        }
    }

    /** Reads a baseline report. */
    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }

    /** The figures both reports have, compared. */
    static List<Figure> compare(JsonNode before, JsonNode now) {
        List<Figure> figures = new ArrayList<>();
        add(figures, "light: added p50 ms", before, now, "/light/added_ms/p50", false);
        add(figures, "light: added p99 ms", before, now, "/light/added_ms/p99", false);
        add(figures, "light: gateway in-process ms (rest)", rest(before), rest(now), false);
        add(figures, "saturation: governed req/s", before, now, "/saturation/governed/requests_per_second", true);
        return figures;
    }

    /** The report: the baseline's time and load, then one line per figure. */
    static String table(Path file, JsonNode before, JsonNode now) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "Against the baseline %s (measured %s, load average %s; this run: load average %s):%n",
                file,
                before.path("started_at").asText("?"),
                before.path("load_average_start").asText("?"),
                now.path("load_average_start").asText("?")));
        List<Figure> figures = compare(before, now);
        if (figures.isEmpty()) {
            b.append("  no figure in common (a different --mode?)\n");
        }
        figures.forEach(f -> b.append(f.line()).append('\n'));
        return b.toString();
    }

    private static void add(
            List<Figure> figures, String name, JsonNode before, JsonNode now, String pointer, boolean higher) {
        JsonNode b = before.at(pointer);
        JsonNode n = now.at(pointer);
        if (b.isNumber() && n.isNumber()) {
            figures.add(new Figure(name, b.asDouble(), n.asDouble(), higher));
        }
    }

    private static void add(List<Figure> figures, String name, double before, double now, boolean higher) {
        if (before > 0 && now > 0) {
            figures.add(new Figure(name, before, now, higher));
        }
    }

    /** The gateway's own time per light-load request minus its upstream call and audit append. */
    private static double rest(JsonNode report) {
        JsonNode g = report.at("/light/gateway_side_ms");
        if (!g.isObject()) {
            return 0;
        }
        return g.path("mean_request").asDouble()
                - g.path("mean_upstream_call").asDouble()
                - g.path("mean_audit_append").asDouble();
    }
}
