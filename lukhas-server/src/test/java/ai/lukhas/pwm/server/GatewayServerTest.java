package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.LukhasVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class GatewayServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthzAnswersOkWithTheVersion() throws Exception {
        try (GatewayServer server = GatewayServer.start(new ServerSettings("127.0.0.1", 0))) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(r.body()).contains("\"status\":\"ok\"").contains(LukhasVersion.current());
        }
    }

    @Test
    void unknownRouteIs404() throws Exception {
        try (GatewayServer server = GatewayServer.start(new ServerSettings("127.0.0.1", 0))) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nope"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
        }
    }
}
