package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.config.ServerThreads;
import ai.lukhas.pwm.server.http.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code server.threads: platform} admits a bounded number of requests and refuses the rest with 503
 * and a JSON body, never an unbounded queue; once a slot frees, requests are admitted again. Driven
 * with one slot and no waiting room (production: 224 slots, 1,024 waiting up to 10 s), so the refusal
 * comes at once and the test waits on latches, not on time.
 */
class PlatformAdmissionTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRequestBeyondTheSlotsAndTheWaitingRoomIs503WithAJsonBodyAndTheSlotIsFreeAgainAfterwards() throws Exception {
        HeldRequest held = new HeldRequest();
        Routes hold = routes -> routes.post("/hold", held.answering("held"));
        Routes quick = routes -> routes.post("/quick", ctx -> ctx.result("quick"));
        GatewayServer.Admission oneSlot = new GatewayServer.Admission(1, 0, Duration.ofSeconds(10));
        try (GatewayServer server = GatewayServer.start(
                new ServerSettings("127.0.0.1", 0, 4096, ServerThreads.PLATFORM),
                List.of(hold, quick),
                true,
                oneSlot)) {
            String base = "http://127.0.0.1:" + server.port();
            CompletableFuture<HttpResponse<String>> first =
                    http.sendAsync(post(base + "/hold"), HttpResponse.BodyHandlers.ofString());
            assertThat(held.awaitEntered())
                    .as("the first request holds the one slot")
                    .isTrue();

            HttpResponse<String> refused = http.send(post(base + "/quick"), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).contains("json"));
            assertThat(refused.body()).contains("503");

            held.release();
            HttpResponse<String> answered = first.get(30, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).isEqualTo("held");
            HttpResponse<String> admitted = http.send(post(base + "/quick"), HttpResponse.BodyHandlers.ofString());
            assertThat(admitted.statusCode()).isEqualTo(200);
            assertThat(admitted.body()).isEqualTo("quick");
        } finally {
            held.release();
        }
    }

    private static HttpRequest post(String uri) {
        return HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build();
    }
}
