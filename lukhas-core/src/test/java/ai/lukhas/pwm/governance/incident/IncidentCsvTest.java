package ai.lukhas.pwm.governance.incident;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.store.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IncidentCsvTest {
    private static final Instant TS = Instant.parse("2026-11-22T02:30:00.5Z");

    private static Incident incident(String tool, String detail) {
        return new Incident(
                "id-1",
                "aud_1",
                "s1",
                IncidentKind.INVALID_ARGUMENTS,
                tool.isEmpty() ? Optional.empty() : Optional.of(tool),
                detail,
                Severity.MEDIUM,
                TS,
                TenantId.DEFAULT);
    }

    @Test
    void writesAHeaderAndQuotesOnlyWhatNeedsIt() {
        StringBuilder out = new StringBuilder();
        IncidentCsv.write(List.of(incident("open_url", "plain"), incident("", "a, \"quoted\"\r\nline")), out);
        assertThat(out.toString())
                .isEqualTo(
                        "id,audit_id,session,kind,tool,detail,severity,ts,tenant\r\n"
                                + "id-1,aud_1,s1,invalid_arguments,open_url,plain,medium,2026-11-22T02:30:00.500Z,default\r\n"
                                + "id-1,aud_1,s1,invalid_arguments,,\"a, \"\"quoted\"\"\r\nline\",medium,2026-11-22T02:30:00.500Z,default\r\n");
    }

    @Test
    void neutralisesFormulasChosenByTheModel() {
        assertThat(IncidentCsv.field("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(IncidentCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(IncidentCsv.field("plain-text")).isEqualTo("plain-text");
    }

    @Property(tries = 300)
    void everyFieldReadsBackExactlyWithAnRfc4180Parser(
            @ForAll("fieldText") String tool, @ForAll("fieldText") String detail) {
        StringBuilder out = new StringBuilder();
        IncidentCsv.write(List.of(incident(tool, detail)), out);
        List<List<String>> rows = parse(out.toString());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0))
                .containsExactly("id", "audit_id", "session", "kind", "tool", "detail", "severity", "ts", "tenant");
        Incident stored = incident(tool, detail);
        assertThat(rows.get(1))
                .containsExactly(
                        "id-1",
                        "aud_1",
                        "s1",
                        "invalid_arguments",
                        stored.tool().orElse(""),
                        stored.detail(),
                        "medium",
                        "2026-11-22T02:30:00.500Z",
                        "default");
    }

    @Provide
    Arbitrary<String> fieldText() {
        // no leading formula characters here: those are deliberately prefixed (see the test above)
        return Arbitraries.strings()
                .withChars("ab ,\"\r\n;'=é✓")
                .ofMaxLength(40)
                .filter(s -> s.isEmpty() || "=+-@\t\r".indexOf(s.charAt(0)) < 0)
                .filter(s -> !s.isBlank() || s.isEmpty());
    }

    /** A strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes), independent of the writer. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                } else if (c == '"') {
                    quoted = false;
                    i++;
                } else {
                    field.append(c);
                    i++;
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                i++;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                i++;
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i += 2;
            } else {
                assertThat(c).as("unquoted field may not hold CR, LF or quote").isNotIn('\r', '\n', '"');
                field.append(c);
                i++;
            }
        }
        assertThat(field.toString()).as("the last record ends with CRLF").isEmpty();
        return rows;
    }
}
