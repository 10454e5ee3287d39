package ai.lukhas.pwm.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStoreTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void anIssuedKeyAuthenticatesWithOrWithoutBearerAndSurvivesReopening() {
        IssuedKey k;
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            ApiKeyStore keys = ApiKeyStore.open(db, clock);
            assertThat(keys.hasActiveKeys()).isFalse();
            k = keys.issue(Role.CLIENT, "acme", "ci bot");
            assertThat(k.token()).matches(ApiKeyStore.TOKEN);
            assertThat(keys.authenticate("Bearer " + k.token()))
                    .contains(new Principal(k.key().id(), Role.CLIENT, "acme"));
        }
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            ApiKeyStore keys = ApiKeyStore.open(db, clock);
            assertThat(keys.hasActiveKeys()).isTrue();
            assertThat(keys.authenticate(k.token())).isPresent();
            assertThat(keys.list()).singleElement().satisfies(key -> {
                assertThat(key.createdAt()).isEqualTo(clock.instant());
                assertThat(key.label()).isEqualTo("ci bot");
            });
        }
    }

    @Test
    void theTokenIsNeverStoredOnlyItsHash() throws Exception {
        IssuedKey k;
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            k = ApiKeyStore.open(db, clock).issue(Role.ADMIN, "default", "");
        }
        // the secret is base64url and may itself contain '_': take it from the token's grammar
        java.util.regex.Matcher m = ApiKeyStore.TOKEN.matcher(k.token());
        assertThat(m.matches()).isTrue();
        String secret = m.group(2);
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                assertThat(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(p.toString())
                        .doesNotContain(secret);
            }
        }
    }

    @Test
    void anIssuedKeyPrintedOrLoggedDoesNotShowItsToken() {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            IssuedKey k = ApiKeyStore.open(db, clock).issue(Role.ADMIN, "default", "ci");
            assertThat(k.toString()).doesNotContain(k.token()).contains(k.key().id(), "token=***");
        }
    }

    @Test
    void wrongMalformedAndRevokedTokensAreRefused() {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            ApiKeyStore keys = ApiKeyStore.open(db, clock);
            IssuedKey k = keys.issue(Role.ADMIN, "default", "");
            String tampered =
                    k.token().substring(0, k.token().length() - 1) + (k.token().endsWith("A") ? "B" : "A");
            assertThat(keys.authenticate(tampered)).isEmpty();
            assertThat(keys.authenticate("Bearer nonsense")).isEmpty();
            assertThat(keys.authenticate("")).isEmpty();
            assertThat(keys.revoke(k.key().id())).isTrue();
            assertThat(keys.revoke(k.key().id())).isFalse();
            assertThat(keys.authenticate(k.token())).isEmpty();
            assertThat(keys.hasActiveKeys()).isFalse();
            assertThat(keys.list()).singleElement().satisfies(key -> assertThat(key.active())
                    .isFalse());
        }
    }

    @Test
    void badTenantsAndRolesAreRejectedWithTheValue() {
        try (Database db = Database.sqlite(dir.resolve("lukhas.db"))) {
            ApiKeyStore keys = ApiKeyStore.open(db, clock);
            assertThatThrownBy(() -> keys.issue(Role.CLIENT, "bad tenant!", ""))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'bad tenant!'");
            assertThatThrownBy(() -> Role.parse("root"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("client, admin")
                    .hasMessageContaining("'root'");
        }
    }
}
