package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static ai.lukhas.pwm.server.api.TestGateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 4: {@code POST /v1/embeddings}, governed (moderated input, audit, metrics) but no tool loop. */
class EmbeddingsRoutesTest {
    @TempDir
    Path dir;

    private TestGateway gw;

    @BeforeEach
    void start() {
        gw = new TestGateway(dir);
    }

    @AfterEach
    void stop() {
        gw.close();
    }

    @Test
    void theOfflineProviderAnswersDeterministicUnitVectorsOnePerInputAndTheRequestIsAudited() {
        JsonNode a = ok(gw.post("/v1/embeddings", gw.acme, "{\"model\":\"m\",\"input\":[\"tides\",\"moon\"]}"), 200);
        JsonNode b = ok(gw.post("/v1/embeddings", gw.acme, "{\"model\":\"m\",\"input\":\"tides\"}"), 200);
        assertThat(a.path("data")).hasSize(2);
        assertThat(a.path("data").path(1).path("index").asInt()).isEqualTo(1);
        JsonNode v = a.path("data").path(0).path("embedding");
        assertThat(v).hasSize(16);
        assertThat(b.path("data").path(0).path("embedding")).isEqualTo(v);
        assertThat(a.path("data").path(1).path("embedding")).isNotEqualTo(v);
        double norm = 0;
        for (JsonNode x : v) {
            norm += x.asDouble() * x.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(a.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
        JsonNode bundle = gw.gateway
                .audit()
                .find(a.path("lukhas").path("audit_id").asText())
                .orElseThrow()
                .json();
        assertThat(bundle.path("outcome").asText()).isEqualTo("completed");
        assertThat(bundle.path("tenant").asText()).isEqualTo("acme");
        assertThat(bundle.path("request").path("kind").asText()).isEqualTo("embeddings");
        assertThat(bundle.path("request").path("inputs").asInt()).isEqualTo(2);
        assertThat(bundle.toString()).doesNotContain("tides");
        String metrics = gw.get("/metrics", gw.admin).body();
        assertThat(metrics).contains("lukhas_embeddings_total{outcome=\"completed\"} 2.0");
    }

    @Test
    void dimensionsAndBase64AreHonoured() {
        JsonNode r = ok(
                gw.post(
                        "/v1/embeddings",
                        gw.acme,
                        "{\"model\":\"m\",\"input\":\"tides\",\"dimensions\":4,\"encoding_format\":\"base64\"}"),
                200);
        byte[] raw = Base64.getDecoder()
                .decode(r.path("data").path(0).path("embedding").asText());
        assertThat(raw).hasSize(16);
        float first = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        JsonNode floats =
                ok(gw.post("/v1/embeddings", gw.acme, "{\"model\":\"m\",\"input\":\"tides\",\"dimensions\":4}"), 200);
        assertThat((double) first)
                .isEqualTo(floats.path("data").path(0).path("embedding").path(0).floatValue());
    }

    @Test
    void flaggedInputIsRefusedAsAnIncidentAndNeverEmbedded() {
        JsonNode refused = problem(
                gw.post(
                        "/v1/embeddings",
                        gw.acme,
                        "{\"model\":\"m\",\"input\":\"I will kill you tomorrow\",\"lukhas\":{\"session_id\":\"e-1\"}}"),
                400);
        assertThat(refused.path("error").path("code").asText()).isEqualTo("content_policy_violation");
        assertThat(refused.path("error").path("param").asText()).isEqualTo("input");
        JsonNode session = ok(gw.get("/v1/sessions/e-1", gw.acme), 200);
        assertThat(session.toString()).contains("strict");
        assertThat(gw.auditOutcomes()).contains("refused");
        JsonNode incidents = gw.adminGet("/v1/incidents?tenant=acme&session=e-1");
        assertThat(incidents.toString()).contains("e-1");
    }

    @Test
    void badEmbeddingRequestsAre400sNamingTheField() {
        assertThat(problem(gw.post("/v1/embeddings", gw.acme, "{\"model\":\"m\",\"input\":[[1,2,3]]}"), 400)
                        .path("error")
                        .path("param")
                        .asText())
                .isEqualTo("input[0]");
        assertThat(problem(gw.post("/v1/embeddings", gw.acme, "{\"input\":\"x\"}"), 400)
                        .path("error")
                        .path("param")
                        .asText())
                .isEqualTo("model");
        assertThat(problem(
                                gw.post(
                                        "/v1/embeddings",
                                        gw.acme,
                                        "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"hex\"}"),
                                400)
                        .path("error")
                        .path("param")
                        .asText())
                .isEqualTo("encoding_format");
        assertThat(problem(gw.post("/v1/embeddings", gw.acme, "{\"model\":\"m\",\"input\":\"x\",\"extra\":1}"), 400)
                        .path("error")
                        .path("code")
                        .asText())
                .isEqualTo("unknown_parameter");
    }
}
