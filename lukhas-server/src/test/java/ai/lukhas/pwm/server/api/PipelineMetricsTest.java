package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET /metrics carries what the governed pipeline reported for real chat requests through the gateway. */
class PipelineMetricsTest extends GatewayTest {
    private JsonNode chat(String token, String session, String text) {
        return ok(
                gw.post(
                        "/v1/chat/completions",
                        token,
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],\"lukhas\":{\"session_id\":\""
                                + session + "\"}}"),
                200);
    }

    private static double value(String scrape, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as("series %s in:%n%s", series, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void blockedToolsTighteningsToolRunsProviderCallsTokensAndSessionsPerModeAreExported() {
        JsonNode blocked = chat(gw.admin, "gov-1", "call open_url with url=https://example.com");
        JsonNode retrieved = chat(gw.acme, "acme-1", "call retrieve_knowledge with query=x");
        JsonNode plain = chat(gw.acme, "acme-2", "hello there");
        assertThat(blocked.path("lukhas").path("safety_mode").asText()).isEqualTo("strict");

        HttpResponse<String> r = gw.send("GET", "/metrics", Optional.empty(), Optional.empty());
        assertThat(r.statusCode()).isEqualTo(200);
        String m = r.body();

        assertThat(value(m, "lukhas_tool_blocked_total{mode=\"balanced\",tool=\"open_url\"}"))
                .isEqualTo(1.0);
        assertThat(value(m, "lukhas_tightenings_total{mode=\"strict\",trigger=\"blocked_tool\"}"))
                .isEqualTo(1.0);
        assertThat(value(m, "lukhas_tool_runs_seconds_count{status=\"blocked_tool\",tool=\"open_url\"}"))
                .isEqualTo(1.0);
        assertThat(value(m, "lukhas_tool_runs_seconds_count{status=\"completed\",tool=\"retrieve_knowledge\"}"))
                .isEqualTo(1.0);
        assertThat(m).contains("lukhas_tool_runs_seconds_sum{status=\"completed\",tool=\"retrieve_knowledge\"}");
        // Two model steps for each tool request (the call, then the answer), one for the plain request.
        assertThat(value(m, "lukhas_provider_calls_seconds_count{outcome=\"ok\"}"))
                .isEqualTo(5.0);
        assertThat(m).contains("lukhas_provider_calls_seconds_bucket{outcome=\"ok\",le=");
        assertThat(m).doesNotContain("lukhas_provider_errors_total{");
        // an outcome's timer is registered with its first call: no error series before an error
        assertThat(m).doesNotContain("lukhas_provider_calls_seconds_count{outcome=\"error\"}");

        double prompt = 0;
        double completion = 0;
        for (JsonNode c : new JsonNode[] {blocked, retrieved, plain}) {
            prompt += c.path("usage").path("prompt_tokens").asDouble();
            completion += c.path("usage").path("completion_tokens").asDouble();
        }
        assertThat(prompt).isPositive();
        assertThat(value(m, "lukhas_tokens_total{type=\"prompt\"}")).isEqualTo(prompt);
        assertThat(value(m, "lukhas_tokens_total{type=\"completion\"}")).isEqualTo(completion);

        assertThat(value(m, "lukhas_sessions_by_mode{mode=\"strict\"}")).isEqualTo(1.0);
        assertThat(value(m, "lukhas_sessions_by_mode{mode=\"balanced\"}")).isEqualTo(2.0);
        assertThat(value(m, "lukhas_sessions_by_mode{mode=\"creative\"}")).isEqualTo(0.0);
        // each chat request's own audit bundle is timed too
        assertThat(value(m, "lukhas_audit_append_seconds_count")).isGreaterThanOrEqualTo(3.0);
        assertThat(m).doesNotContain("gov-1").doesNotContain("acme-1");
    }
}
