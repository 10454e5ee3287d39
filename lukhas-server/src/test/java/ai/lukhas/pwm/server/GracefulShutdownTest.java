package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditReader;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.server.http.Routes;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void closingTheServerLetsAnInFlightRequestFinish() throws Exception {
        HeldRequest held = new HeldRequest();
        Routes slow = routes -> routes.get("/slow", held.answering("done"));
        GatewayServer server = GatewayServer.start(new ServerSettings("127.0.0.1", 0), List.of(slow));
        int port = server.port();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(held.awaitEntered()).isTrue();

        Thread closer = new Thread(server::close);
        closer.start();
        // The listener closes first; only then is the handler allowed to finish.
        for (int i = 0; i < 1_000_000 && accepts(port); i++) {
            Thread.onSpinWait();
        }
        assertThat(accepts(port))
                .as("new connections are refused while draining")
                .isFalse();
        held.release();

        HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("done");
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    void closingTheGatewayFlushesTheAuditLog() {
        LukhasConfig config = TestConfigs.inDirectory(dir);
        String auditId;
        Path auditDir;
        try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC())) {
            gateway.keys().issue(Role.ADMIN, "default", "t");
            auditDir = gateway.auditDirectory();
            auditId = gateway.metrics()
                    .appendAudit(gateway.audit()
                            .newBundle()
                            .tenant("default")
                            .outcome("flag_changed")
                            .build())
                    .auditId();
        }
        assertThat(AuditReader.of(auditDir).find(auditId)).isPresent();
        // Everything is released: the same directories open again.
        try (Gateway again = Gateway.open(config, Map.of(), Clock.systemUTC())) {
            assertThat(again.audit().find(auditId)).isPresent();
            assertThat(again.keys().hasActiveKeys()).isTrue();
        }
    }

    private static boolean accepts(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
