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

    private LukhasCliTest.Run run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.toString();
        return LukhasCliTest.run(all);
    }

    @Test
    void createListRevokeRoundTrip() throws Exception {
        LukhasCliTest.Run created = run("keys", "create", "--role", "client", "--tenant", "acme", "--json");
        assertThat(created.exit()).isZero();
        JsonNode key = new ObjectMapper().readTree(created.out());
        assertThat(key.get("token").asText()).startsWith("lk_");
        assertThat(key.get("tenant").asText()).isEqualTo("acme");
        String id = key.get("id").asText();

        LukhasCliTest.Run listed = run("keys", "list", "--json");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains(id).doesNotContain(key.get("token").asText());

        assertThat(run("keys", "revoke", id).exit()).isZero();
        LukhasCliTest.Run again = run("keys", "revoke", id);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("no active key with id '" + id + "'");
        assertThat(run("keys", "list").out()).contains("revoked");
    }

    @Test
    void aBadRoleOrTenantIsOneLineAndExitTwo() {
        LukhasCliTest.Run role = run("keys", "create", "--role", "root");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.err().strip().lines()).hasSize(1);
        assertThat(role.err()).contains("--role").contains("'root'");

        LukhasCliTest.Run tenant = run("keys", "create", "--role", "admin", "--tenant", "no spaces");
        assertThat(tenant.exit()).isEqualTo(2);
        assertThat(tenant.err()).contains("tenant");
    }

    @Test
    void serveRefusesAPublicBindWithoutKeysBeforeOpeningAPort() {
        LukhasCliTest.Run r = run("serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to listen on 0.0.0.0 without API keys");
    }

    @Test
    void serveReportsABadConfigurationFileInOneLine() throws Exception {
        java.nio.file.Path cfg = dir.resolve("lukhas.yaml");
        java.nio.file.Files.writeString(cfg, "server:\n  port: 123456\n");
        LukhasCliTest.Run r = run("serve", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("configuration:").contains("port must be in [0, 65535], but was 123456");
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
