package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentReport;
import ai.lukhas.pwm.governance.incident.IncidentStore;
import ai.lukhas.pwm.store.DataDirectory;
import ai.lukhas.pwm.store.Database;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentsCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        try (Database db = Database.sqlite(DataDirectory.of(dir).database())) {
            IncidentStore store = IncidentStore.sqlite(db);
            IncidentLog.create(store, Clock.fixed(Instant.parse("2026-11-22T02:00:00Z"), ZoneOffset.UTC))
                    .record(IncidentReport.blockedTool(
                            "aud_1", "s1", "exec_code", "not offered, \"code_exec\" is off"));
            IncidentLog.create(store, Clock.fixed(Instant.parse("2026-11-22T02:05:00Z"), ZoneOffset.UTC))
                    .record(IncidentReport.invalidArguments("aud_2", "s2", "open_url", "$.url: required"));
        }
    }

    @Test
    void listsNewestFirstAndFilters() throws Exception {
        LukhasCliTest.Run all = LukhasCliTest.runIn(dir, "incidents", "--json");
        assertThat(all.exit()).isZero();
        JsonNode incidents = new ObjectMapper().readTree(all.out()).get("incidents");
        assertThat(incidents).hasSize(2);
        assertThat(incidents.get(0).get("kind").asText()).isEqualTo("invalid_arguments");
        assertThat(incidents.get(1).get("tool").asText()).isEqualTo("exec_code");
        assertThat(incidents.get(1).get("ts").asText()).isEqualTo("2026-11-22T02:00:00Z");

        LukhasCliTest.Run s1 = LukhasCliTest.runIn(dir, "incidents", "--session", "s1");
        assertThat(s1.exit()).isZero();
        assertThat(s1.out()).contains("blocked_tool").doesNotContain("invalid_arguments");

        assertThat(LukhasCliTest.runIn(dir, "incidents", "--kind", "invalid_arguments,provider_error")
                        .out())
                .contains("open_url")
                .doesNotContain("exec_code");
        assertThat(LukhasCliTest.runIn(dir, "incidents", "--until", "2026-11-22T02:05:00Z")
                        .out())
                .contains("exec_code")
                .doesNotContain("open_url");
    }

    @Test
    void exportsRfc4180Csv() {
        LukhasCliTest.Run csv = LukhasCliTest.runIn(dir, "incidents", "--csv", "--session", "s1");
        assertThat(csv.exit()).isZero();
        assertThat(csv.out())
                .startsWith("id,audit_id,session,kind,tool,detail,severity,ts,tenant\r\n")
                .contains(",aud_1,s1,blocked_tool,exec_code,\"not offered, \"\"code_exec\"\" is off\",high,"
                        + "2026-11-22T02:00:00Z,default\r\n");
    }

    @Test
    void badFiltersAreOneLineAndExitTwo() {
        LukhasCliTest.Run kind = LukhasCliTest.runIn(dir, "incidents", "--kind", "oops");
        assertThat(kind.exit()).isEqualTo(2);
        assertThat(kind.err().strip().lines()).hasSize(1);
        assertThat(kind.err())
                .contains("--kind: expected one of [blocked_tool,")
                .contains("but was 'oops'");

        LukhasCliTest.Run since = LukhasCliTest.runIn(dir, "incidents", "--since", "yesterday");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.err()).contains("--since: expected an ISO-8601 UTC instant");

        LukhasCliTest.Run limit = LukhasCliTest.runIn(dir, "incidents", "--limit", "0");
        assertThat(limit.exit()).isEqualTo(2);
        assertThat(limit.err()).contains("limit must be in [1, 10000], but was 0");

        assertThat(LukhasCliTest.runIn(dir, "incidents", "--csv", "--json").exit())
                .isEqualTo(2);
    }
}
