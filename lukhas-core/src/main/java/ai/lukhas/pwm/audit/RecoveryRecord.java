package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record start-up writes into the chain for whatever it repaired or accepted: a torn tail moved
 * to quarantine, an index rebuilt from the segments, damage a crash cannot explain. An ordinary
 * chained record (so it is hashed, linked and checkpointed like any other) with tenant {@code ""},
 * outcome {@value #OUTCOME} and the facts under {@code request.recovery}:
 *
 * <pre>{@code
 * {"damage":true,"findings":[{"kind":"zeroed_line","segment":"audit-000001.jsonl","line":524,"detail":"…"}],
 *  "index":"rebuilt","last_good_seq":523,"last_good_hash":"…","lost_seq_from":524,"lost_seq_to":1053,
 *  "quarantine":{"file":"audit-000001.jsonl.quarantine","segment":"audit-000001.jsonl","from_offset":640012,
 *                "bytes":649210,"sha256":"…"}}
 * }</pre>
 *
 * When records are lost, the recovery record takes seq {@code lost_seq_to + 1}, so seqs that were
 * acknowledged are never given to other records; {@link AuditVerifier} accepts that jump only on a
 * recovery record that declares it, and reports every recovery record that declares damage.
 */
final class RecoveryRecord {
    static final String OUTCOME = "audit_recovery";

    private RecoveryRecord() {}

    /** What a recovery record says, as read back by the verifier. */
    record Info(boolean damage, Optional<Long> lostFrom, Optional<Long> lostTo, String summary) {}

    record Quarantine(String file, String segment, long fromOffset, long bytes, String sha256) {}

    static AuditBundle bundle(
            String auditId,
            Instant ts,
            List<StartupReport.Damage> damage,
            List<String> repairs,
            Optional<Quarantine> quarantine,
            StartupReport.IndexState index,
            long lastGoodSeq,
            String lastGoodHash,
            Optional<long[]> lost) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode r = f.objectNode();
        r.put("damage", !damage.isEmpty());
        ArrayNode findings = r.putArray("findings");
        for (StartupReport.Damage d : damage) {
            findings.addObject()
                    .put("kind", d.kind().wireName())
                    .put("segment", d.segment())
                    .put("line", d.line())
                    .put("detail", d.detail());
        }
        ArrayNode rep = r.putArray("repairs");
        repairs.forEach(rep::add);
        quarantine.ifPresentOrElse(
                q -> r.putObject("quarantine")
                        .put("file", q.file())
                        .put("segment", q.segment())
                        .put("from_offset", q.fromOffset())
                        .put("bytes", q.bytes())
                        .put("sha256", q.sha256()),
                () -> r.putNull("quarantine"));
        r.put("index", index.name().toLowerCase(java.util.Locale.ROOT));
        r.put("last_good_seq", lastGoodSeq);
        r.put("last_good_hash", lastGoodHash);
        lost.ifPresent(l -> r.put("lost_seq_from", l[0]).put("lost_seq_to", l[1]));
        ObjectNode request = f.objectNode();
        request.set("recovery", r);
        return AuditBundle.builder(auditId, ts)
                .tenant("")
                .session("")
                .user("")
                .request(request)
                .outcome(OUTCOME)
                .build();
    }

    /** The recovery facts of a stored line, if it is a recovery record. */
    static Optional<Info> read(JsonNode line) {
        if (!OUTCOME.equals(line.path(AuditBundle.Fields.OUTCOME).asText())
                || !line.path(AuditBundle.Fields.TENANT).asText("x").isEmpty()) {
            return Optional.empty();
        }
        JsonNode r = line.path(AuditBundle.Fields.REQUEST).path("recovery");
        if (!r.isObject()) {
            return Optional.empty();
        }
        Optional<Long> from = r.path("lost_seq_from").isIntegralNumber()
                ? Optional.of(r.get("lost_seq_from").longValue())
                : Optional.empty();
        Optional<Long> to = r.path("lost_seq_to").isIntegralNumber()
                ? Optional.of(r.get("lost_seq_to").longValue())
                : Optional.empty();
        StringBuilder summary = new StringBuilder();
        for (JsonNode d : r.path("findings")) {
            if (!summary.isEmpty()) {
                summary.append("; ");
            }
            summary.append(d.path("kind").asText())
                    .append(" at ")
                    .append(d.path("segment").asText())
                    .append(" line ")
                    .append(d.path("line").asLong())
                    .append(": ")
                    .append(d.path("detail").asText());
        }
        for (JsonNode rep : r.path("repairs")) {
            if (!summary.isEmpty()) {
                summary.append("; ");
            }
            summary.append(rep.asText());
        }
        if (from.isPresent() && to.isPresent()) {
            summary.append("; seq ")
                    .append(from.get())
                    .append("..")
                    .append(to.get())
                    .append(" lost");
        }
        return Optional.of(new Info(r.path("damage").asBoolean(false), from, to, summary.toString()));
    }
}
