package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
    @TempDir
    Path dir;

    @Test
    void createListRevokeRoundTrip() throws Exception {
        LukhasCliTest.Run created =
                LukhasCliTest.runIn(dir, "keys", "create", "--role", "client", "--tenant", "acme", "--json");
        assertThat(created.exit()).isZero();
        JsonNode key = new ObjectMapper().readTree(created.out());
        assertThat(key.get("token").asText()).startsWith("lk_");
        assertThat(key.get("tenant").asText()).isEqualTo("acme");
        String id = key.get("id").asText();

        LukhasCliTest.Run listed = LukhasCliTest.runIn(dir, "keys", "list", "--json");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains(id).doesNotContain(key.get("token").asText());

        assertThat(LukhasCliTest.runIn(dir, "keys", "revoke", id).exit()).isZero();
        LukhasCliTest.Run again = LukhasCliTest.runIn(dir, "keys", "revoke", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no active key with id '" + id + "'");
        assertThat(LukhasCliTest.runIn(dir, "keys", "list").out()).contains("revoked");
    }

    @Test
    void aBadRoleOrTenantIsOneLineAndExitTwo() {
        LukhasCliTest.Run role = LukhasCliTest.runIn(dir, "keys", "create", "--role", "root");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.err().strip().lines()).hasSize(1);
        assertThat(role.err()).contains("--role").contains("'root'");

        LukhasCliTest.Run tenant =
                LukhasCliTest.runIn(dir, "keys", "create", "--role", "admin", "--tenant", "no spaces");
        assertThat(tenant.exit()).isEqualTo(2);
        assertThat(tenant.err()).contains("tenant");
    }

    @Test
    void serveRefusesAPublicBindWithoutKeysBeforeOpeningAPort() {
        LukhasCliTest.Run r = LukhasCliTest.runIn(dir, "serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to listen on 0.0.0.0 without API keys");
    }

    @Test
    void serveReportsABadConfigurationFileInOneLine() throws Exception {
        java.nio.file.Path cfg = dir.resolve("lukhas.yaml");
        java.nio.file.Files.writeString(cfg, "server:\n  port: 123456\n");
        LukhasCliTest.Run r = LukhasCliTest.runIn(dir, "serve", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("configuration:").contains("port must be in [0, 65535], but was 123456");
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
