package ai.lukhas.pwm.governance.incident;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, a double quote, CR or LF,
 * with inner quotes doubled. Additionally a field that starts with {@code = + - @}, a tab or a CR gets a
 * leading {@code '} (OWASP's defence against formula injection when the file is opened in a spreadsheet):
 * tool names and details can carry text the model chose.
 */
final class IncidentCsv {
    static final String HEADER = "id,audit_id,session,kind,tool,detail,severity,ts,tenant";

    private IncidentCsv() {}

    static void write(List<Incident> incidents, Appendable out) {
        try {
            out.append(HEADER).append("\r\n");
            for (Incident i : incidents) {
                out.append(field(i.id()))
                        .append(',')
                        .append(field(i.auditId()))
                        .append(',')
                        .append(field(i.sessionId()))
                        .append(',')
                        .append(i.kind().wireName())
                        .append(',')
                        .append(field(i.tool().orElse("")))
                        .append(',')
                        .append(field(i.detail()))
                        .append(',')
                        .append(i.severity().wireName())
                        .append(',')
                        .append(i.ts().toString())
                        .append(',')
                        .append(i.tenant().value())
                        .append("\r\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing incidents as CSV failed: " + e.getMessage(), e);
        }
    }

    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
