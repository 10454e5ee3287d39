package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditBundle;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #17: at most 4 stop sequences reach the model (OpenAI's limit). The client may send 4
 * (5 is a 400 naming {@code stop}); the policy's own (strict mode's) are a safety tightening and
 * always win, so the client's last ones are dropped, said by {@code x-lukhas-stop-dropped} and the
 * audit. The modulated parameters are sent as {@code x-lukhas-params} before a stream's first byte.
 */
class StopSequencesAndParamsHeadersTest extends ScriptedGatewayTest {

    private static String chat(boolean stream, String stops, double alignmentRisk) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"stream\":" + stream + ",\"stop\":" + stops
                + ",\"lukhas\":{\"signals\":[{\"name\":\"alignment_risk\",\"level\":" + alignmentRisk + "}]}}";
    }

    @Test
    void thePolicysStopSequencesWinAndTheClientsExtrasAreDroppedAndSaidSo() {
        for (boolean stream : List.of(false, true)) {
            upstream.clearReceived();
            // alignment risk 0.9: strict, whose prompt style adds two stop sequences
            HttpResponse<String> r =
                    gw.post("/v1/chat/completions", gw.admin, chat(stream, "[\"a\",\"b\",\"c\",\"d\"]", 0.9));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-lukhas-safety-mode")).contains("strict");
            List<String> sent = new ArrayList<>();
            upstream.received().getFirst().path("stop").forEach(s -> sent.add(s.asText()));
            assertThat(sent).containsExactly("\nUnsafe:", "\nViolation:", "a", "b");
            assertThat(r.headers().firstValue("x-lukhas-stop-dropped")).contains("2");
            AuditBundle b = gw.gateway
                    .audit()
                    .find(r.headers().firstValue("x-lukhas-audit-id").orElseThrow())
                    .orElseThrow()
                    .bundle();
            assertThat(b.request().at("/client_params/stop_dropped").toString()).isEqualTo("[\"c\",\"d\"]");
        }
    }

    @Test
    void withRoomForAllNothingIsDroppedAndFiveFromTheClientAreRefused() {
        HttpResponse<String> r =
                gw.post("/v1/chat/completions", gw.admin, chat(false, "[\"a\",\"b\",\"c\",\"d\"]", 0.0));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-lukhas-stop-dropped")).isEmpty();
        assertThat(upstream.received().getFirst().path("stop")).hasSize(4);

        HttpResponse<String> five =
                gw.post("/v1/chat/completions", gw.admin, chat(false, "[\"a\",\"b\",\"c\",\"d\",\"e\"]", 0.0));
        assertThat(five.statusCode()).isEqualTo(400);
        JsonNode error = TestGateway.read(five.body()).path("error");
        assertThat(error.path("param").asText()).isEqualTo("stop");
        assertThat(error.path("message").asText()).contains("at most 4");
    }

    @Test
    void aStreamSendsTheModulatedParametersAsHeadersBeforeItsFirstByte() {
        HttpResponse<String> plain = gw.post("/v1/chat/completions", gw.admin, chat(false, "[]", 0.9));
        HttpResponse<String> streamed = gw.post("/v1/chat/completions", gw.admin, chat(true, "[]", 0.9));
        HttpResponse<String> responses = gw.post("/v1/responses", gw.admin, "{\"input\":\"hello\",\"stream\":true}");
        String expected = plain.headers().firstValue("x-lukhas-params").orElseThrow();
        assertThat(expected).startsWith("temperature=").contains("max_tokens=");
        assertThat(streamed.headers().firstValue("x-lukhas-params")).contains(expected);
        assertThat(responses.headers().firstValue("x-lukhas-params"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("temperature="));
        // the same values the final chunk's lukhas.params carries
        String last = streamed.body()
                .lines()
                .filter(l -> l.contains("\"lukhas\""))
                .findFirst()
                .orElseThrow()
                .substring("data: ".length());
        JsonNode params = TestGateway.read(last).at("/lukhas/params");
        assertThat(expected)
                .contains("temperature=" + params.path("temperature").asDouble());
    }
}
