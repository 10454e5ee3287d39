package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.governance.incident.IncidentKind;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentQuery;
import ai.lukhas.pwm.governance.incident.IncidentStore;
import ai.lukhas.pwm.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "incidents",
        mixinStandardHelpOptions = true,
        description = "List recorded incidents (newest first), or export them as CSV.")
final class IncidentsCommand extends CliCommand implements Runnable {
    @Mixin
    DataDirOption dir;

    @Option(names = "--session", paramLabel = "ID", description = "Only this session.")
    String session;

    @Option(
            names = "--kind",
            split = ",",
            paramLabel = "KIND",
            description = "Only these kinds: blocked_tool, invalid_arguments, flagged_input, flagged_tool_output,"
                    + " flagged_output, provider_error.")
    List<String> kinds = List.of();

    @Option(
            names = "--since",
            paramLabel = "INSTANT",
            description = "At or after, ISO-8601 UTC (2026-11-22T02:00:00Z).")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Strictly before, ISO-8601 UTC.")
    String until;

    @Option(names = "--limit", paramLabel = "N", description = "At most N incidents (default: ${DEFAULT-VALUE}).")
    int limit = 100;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Option(names = "--csv", description = "Print RFC 4180 CSV (header row, CRLF line ends).")
        boolean csv;
    }

    @Override
    public void run() {
        IncidentQuery query = query();
        PrintWriter out = out();
        try (Database db = Database.sqlite(dir.dataDirectory().database())) {
            IncidentLog log = IncidentLog.create(IncidentStore.sqlite(db), Clock.systemUTC());
            if (format.csv) {
                StringBuilder csv = new StringBuilder();
                log.exportCsv(query, csv);
                out.print(csv);
                out.flush();
                return;
            }
            List<Incident> incidents = log.list(query);
            if (format.json) {
                out.println(JsonOption.text(Map.of(
                        "incidents",
                        incidents.stream().map(IncidentsCommand::describe).toList())));
                return;
            }
            if (incidents.isEmpty()) {
                out.println("no incidents");
                return;
            }
            out.printf("%-30s  %-19s  %-8s  %-16s  %-18s  %s%n", "TS", "KIND", "SEVERITY", "SESSION", "TOOL", "DETAIL");
            for (Incident i : incidents) {
                out.printf(
                        "%-30s  %-19s  %-8s  %-16s  %-18s  %s%n",
                        i.ts(),
                        i.kind().wireName(),
                        i.severity().wireName(),
                        i.sessionId(),
                        i.tool().orElse("-"),
                        i.detail().replaceAll("\\s+", " "));
            }
        }
    }

    private IncidentQuery query() {
        Set<IncidentKind> only = EnumSet.noneOf(IncidentKind.class);
        for (String k : kinds) {
            only.add(IncidentKind.fromWireName(k.strip())
                    .orElseThrow(() -> CliException.badInput("--kind: expected one of "
                            + Arrays.stream(IncidentKind.values())
                                    .map(IncidentKind::wireName)
                                    .toList()
                            + ", but was '" + k + "'")));
        }
        try {
            IncidentQuery q = IncidentQuery.latest(limit).ofKinds(only);
            if (session != null) {
                q = q.forSession(session);
            }
            if (since != null) {
                q = q.since(instant("--since", since));
            }
            if (until != null) {
                q = q.before(instant("--until", until));
            }
            return q;
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
    }

    private static Instant instant(String option, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw CliException.badInput(
                    option + ": expected an ISO-8601 UTC instant like 2026-11-22T02:00:00Z, but was '" + value + "'");
        }
    }

    static Map<String, Object> describe(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("audit_id", i.auditId());
        m.put("session", i.sessionId());
        m.put("kind", i.kind().wireName());
        m.put("tool", i.tool().orElse(null));
        m.put("detail", i.detail());
        m.put("severity", i.severity().wireName());
        m.put("ts", i.ts().toString());
        return m;
    }
}
