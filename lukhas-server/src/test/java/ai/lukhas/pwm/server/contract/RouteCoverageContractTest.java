package ai.lukhas.pwm.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.TestConfigs;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes the real server registers (the {@link Gateway} composition root, as {@code bin/lukhas
 * serve} starts it) against the routes the document describes, both ways: a route the server has
 * but the document lacks fails, and so does a documented route the server does not mount.
 */
class RouteCoverageContractTest {
    @Test
    void theServerRegistersExactlyTheDocumentedRoutes(@TempDir Path dir) {
        SortedSet<String> documented = OpenApiContract.load().routes();
        SortedSet<String> registered;
        try (Gateway gateway = gateway(dir);
                GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0))) {
            registered = server.routes();
        }
        SortedSet<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        assertThat(undocumented)
                .as("routes the server registers that openapi.yaml does not describe")
                .isEmpty();

        SortedSet<String> unmounted = new TreeSet<>(documented);
        unmounted.removeAll(registered);
        assertThat(unmounted)
                .as("documented routes the server does not register")
                .isEmpty();
    }

    @Test
    void aRouteMissingFromTheDocumentIsCaught() {
        Routes extra = routes -> routes.get("/v1/undocumented/{id}", ctx -> ctx.result("x"));
        try (GatewayServer server = GatewayServer.start(new ServerSettings("127.0.0.1", 0), List.of(extra))) {
            SortedSet<String> undocumented = new TreeSet<>(server.routes());
            undocumented.removeAll(OpenApiContract.load().routes());
            assertThat(undocumented).containsExactly("GET /v1/undocumented/{id}");
            assertThat(server.routes()).contains("GET /healthz");
        }
    }

    static Gateway gateway(Path dir) {
        LukhasConfig config = TestConfigs.inDirectory(dir);
        return Gateway.open(config, Map.of(), new MutableClock(Instant.parse("2026-03-01T12:00:00Z")));
    }
}
