package ai.lukhas.pwm.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a query; {@code nextCursor} is present when more records may match.
 *
 * <pre>{@code for (AuditRecord r : log.query(AuditQuery.all(10)).records()) { ... }}</pre>
 */
public record AuditPage(List<AuditRecord> records, Optional<String> nextCursor) {
    public AuditPage {
        records = List.copyOf(records);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
