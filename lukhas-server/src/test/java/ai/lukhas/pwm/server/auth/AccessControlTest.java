package ai.lukhas.pwm.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.config.LukhasConfig.RateLimit;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessControlTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private Database db;
    private ApiKeyStore keys;
    private GatewayServer server;

    @BeforeEach
    void start() {
        db = Database.sqlite(dir.resolve("lukhas.db"));
        keys = ApiKeyStore.open(db, clock);
        AccessControl access = AccessControl.create(keys, tenant -> new RateLimit(1, 2), clock);
        Routes routes = r -> {
            r.get("/whoami", ctx -> {
                Principal p = access.authorize(Optional.ofNullable(ctx.header("Authorization")), Role.CLIENT);
                ctx.result(p.keyId() + "/" + p.role().wireName() + "/" + p.tenant());
            });
            r.get("/admin", ctx -> {
                access.authorize(Optional.ofNullable(ctx.header("Authorization")), Role.ADMIN);
                ctx.result("ok");
            });
        };
        server = GatewayServer.start(new ServerSettings("127.0.0.1", 0), List.of(routes));
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAnyKeyEveryCallerIsTheLocalAdmin() throws Exception {
        assertThat(get("/whoami", null).body()).isEqualTo("local/admin/default");
        assertThat(get("/admin", null).statusCode()).isEqualTo(200);
    }

    @Test
    void onceAKeyExistsCallsNeedOne() throws Exception {
        IssuedKey client = keys.issue(Role.CLIENT, "acme", "");
        clock.advance(AccessControl.CACHE_TTL.plusMillis(1)); // the "any keys?" answer was cached
        HttpResponse<String> none = get("/whoami", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(none.body()).contains("Authorization: Bearer");
        assertThat(get("/whoami", "lk_000000000000_" + "x".repeat(43)).statusCode())
                .isEqualTo(401);
        assertThat(get("/whoami", client.token()).body()).isEqualTo(client.key().id() + "/client/acme");
    }

    @Test
    void aClientKeyCannotUseAdminRoutes() throws Exception {
        IssuedKey client = keys.issue(Role.CLIENT, "acme", "");
        IssuedKey admin = keys.issue(Role.ADMIN, "default", "");
        HttpResponse<String> r = get("/admin", client.token());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("needs an admin key");
        assertThat(get("/admin", admin.token()).statusCode()).isEqualTo(200);
    }

    @Test
    void theRateLimitAnswers429WithRetryAfterAndRefillsWithTime() throws Exception {
        IssuedKey client = keys.issue(Role.CLIENT, "acme", "");
        assertThat(get("/whoami", client.token()).statusCode()).isEqualTo(200);
        assertThat(get("/whoami", client.token()).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = get("/whoami", client.token());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("1");
        assertThat(limited.body()).contains("over its rate limit");

        clock.advance(Duration.ofSeconds(1));
        assertThat(get("/whoami", client.token()).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyStopsWorkingOnceTheCacheExpires() throws Exception {
        IssuedKey client = keys.issue(Role.CLIENT, "acme", "");
        keys.issue(Role.ADMIN, "default", "");
        assertThat(get("/whoami", client.token()).statusCode()).isEqualTo(200);
        keys.revoke(client.key().id());
        clock.advance(AccessControl.CACHE_TTL.plusMillis(1));
        assertThat(get("/whoami", client.token()).statusCode()).isEqualTo(401);
    }
}
