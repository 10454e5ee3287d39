package ai.lukhas.pwm.cli;

import static ai.lukhas.pwm.cli.LukhasCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dna, colony and migrate against a real data directory, in process. */
class MemoryCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    String data() {
        return dir.resolve("data").toString();
    }

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    LukhasCliTest.Run lukhas(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(data());
        return run(all.toArray(String[]::new));
    }

    @Test
    void putGetHistoryAndAsOfRoundTrip() throws Exception {
        assertThat(lukhas("dna", "put", "user.tone", "--value", "{\"tone\":\"brief\"}", "--version", "1")
                        .exit())
                .isZero();
        LukhasCliTest.Run put2 = lukhas(
                "dna",
                "put",
                "user.tone",
                "--value",
                "{\"tone\":\"chatty\"}",
                "--version",
                "2",
                "--strength",
                "7",
                "--json");
        assertThat(put2.exit()).isZero();
        JsonNode receipt = json(put2.out());
        assertThat(receipt.get("outcome").asText()).isEqualTo("written");
        assertThat(receipt.get("strength").asDouble()).isEqualTo(1.0);

        JsonNode current = json(lukhas("dna", "get", "user.tone", "--json").out());
        assertThat(current.get("version").asInt()).isEqualTo(2);
        assertThat(current.get("value")).isEqualTo(json("{\"tone\":\"chatty\"}"));
        JsonNode v1 = json(
                lukhas("dna", "get", "user.tone", "--version", "1", "--json").out());
        assertThat(v1.get("value")).isEqualTo(json("{\"tone\":\"brief\"}"));
        JsonNode history = json(lukhas("dna", "history", "user.tone", "--json").out());
        assertThat(history.get("versions")).hasSize(2);

        Instant recorded2 = Instant.parse(current.get("recorded_at").asText());
        Instant recorded1 = Instant.parse(v1.get("recorded_at").asText());
        JsonNode asOf = json(lukhas("dna", "get", "user.tone", "--as-of", recorded1.toString(), "--json")
                .out());
        assertThat(asOf.get("version").asInt()).isEqualTo(recorded1.equals(recorded2) ? 2 : 1);

        LukhasCliTest.Run stale = lukhas("dna", "put", "user.tone", "--value", "1", "--version", "1");
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.err()).contains("stale: current is 2");
        LukhasCliTest.Run conflict = lukhas("dna", "put", "user.tone", "--value", "1", "--version", "2");
        assertThat(conflict.exit()).isEqualTo(1);
        assertThat(conflict.err()).contains("already holds another value");
        LukhasCliTest.Run missing = lukhas("dna", "get", "nobody");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no entry for 'nobody'");
    }

    @Test
    void tenantOptionActsOnThatTenantsMemoryOnly() throws Exception {
        assertThat(lukhas(
                                "dna",
                                "put",
                                "project.zephyr90",
                                "--value",
                                "{\"t\":\"acme plan\"}",
                                "--version",
                                "1",
                                "--tenant",
                                "acme")
                        .exit())
                .isZero();

        assertThat(lukhas("dna", "get", "project.zephyr90").exit()).isEqualTo(1); // the default tenant's memory
        assertThat(lukhas("dna", "search", "plan", "--json").out()).doesNotContain("acme plan");
        JsonNode acme = json(lukhas("dna", "get", "project.zephyr90", "--tenant", "acme", "--json")
                .out());
        assertThat(acme.get("value").get("t").asText()).isEqualTo("acme plan");
        LukhasCliTest.Run bad = lukhas("dna", "get", "k", "--tenant", "no spaces");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--tenant: tenant must be 1-64 characters");
    }

    @Test
    void searchFindsCurrentValues() throws Exception {
        lukhas("dna", "put", "a", "--value", "{\"note\":\"oat milk flat white\"}", "--version", "1");
        lukhas("dna", "put", "b", "--value", "{\"note\":\"green tea\"}", "--version", "1");

        JsonNode hits =
                json(lukhas("dna", "search", "flat white", "-k", "3", "--json").out());

        assertThat(hits.get("hits")).hasSize(1);
        assertThat(hits.get("hits").get(0).get("key").asText()).isEqualTo("a");
        assertThat(lukhas("dna", "search", "tea").out()).contains("b v1");
    }

    @Test
    void badInputIsOneLineWithExitTwo() {
        LukhasCliTest.Run badJson = lukhas("dna", "put", "k", "--value", "{nope", "--version", "1");
        assertThat(badJson.exit()).isEqualTo(2);
        assertThat(badJson.err()).contains("--value must be JSON").hasLineCount(1);
        LukhasCliTest.Run badVersion = lukhas("dna", "put", "k", "--value", "1", "--version", "-3");
        assertThat(badVersion.exit()).isEqualTo(2);
        assertThat(badVersion.err()).contains("version must be >= 0, but was -3");
        LukhasCliTest.Run badInstant = lukhas("dna", "get", "k", "--as-of", "yesterday");
        assertThat(badInstant.exit()).isEqualTo(2);
        assertThat(badInstant.err()).contains("--as-of must be an ISO-8601 instant");
        LukhasCliTest.Run badK = lukhas("dna", "search", "x", "-k", "0");
        assertThat(badK.exit()).isEqualTo(2);
        assertThat(badK.err()).contains("-k must be in [1, 1000], but was 0");
        LukhasCliTest.Run both = lukhas("dna", "get", "k", "--version", "1", "--as-of", "2026-01-01T00:00:00Z");
        assertThat(both.exit()).isEqualTo(2);
    }

    @Test
    void personalValuesNeedAKeyAndReadSealedWithoutIt() throws Exception {
        LukhasCliTest.Run noKey =
                lukhas("dna", "put", "p", "--value", "{\"_personal\":true,\"email\":\"a@b.io\"}", "--version", "1");
        assertThat(noKey.exit()).isEqualTo(2);
        assertThat(noKey.err()).contains("LUKHAS_DNA_KEY");

        Path keyFile =
                Files.writeString(dir.resolve("dna.keys"), Base64.getEncoder().encodeToString(new byte[32]));
        assertThat(lukhas(
                                "dna",
                                "put",
                                "p",
                                "--value",
                                "{\"_personal\":true,\"email\":\"a@b.io\"}",
                                "--version",
                                "1",
                                "--key-file",
                                keyFile.toString())
                        .exit())
                .isZero();
        JsonNode clear = json(lukhas("dna", "get", "p", "--key-file", keyFile.toString(), "--json")
                .out());
        assertThat(clear.get("value").get("email").asText()).isEqualTo("a@b.io");
        assertThat(clear.get("encrypted").asBoolean()).isTrue();

        JsonNode sealed = json(lukhas("dna", "get", "p", "--json").out());
        assertThat(sealed.get("sealed").asBoolean()).isTrue();
        assertThat(sealed.get("value").get("_sealed").asBoolean()).isTrue();
        assertThat(sealed.toString()).doesNotContain("a@b.io");
    }

    @Test
    void colonyDecidesAndPersistsWithTheIssuesStrength() throws Exception {
        Path opinions = Files.writeString(dir.resolve("opinions.json"), """
                {"opinions": [
                  {"agent_id": "a", "value": {"tone": "brief"}, "confidence": 0.7, "rationale": "said so"},
                  {"agent_id": "b", "value": {"tone": "brief"}, "confidence": 0.7},
                  {"agent_id": "c", "value": {"tone": "brief"}, "confidence": 0.7},
                  {"agent_id": "d", "value": {"tone": "chatty"}, "confidence": 0.7}
                ]}
                """);

        LukhasCliTest.Run r = lukhas(
                "colony",
                "decide",
                "--key",
                "user.tone",
                "--method",
                "majority",
                "--opinions",
                opinions.toString(),
                "--persist",
                "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = json(r.out());
        assertThat(doc.get("decided").asBoolean()).isTrue();
        assertThat(doc.get("votes_for").asInt()).isEqualTo(3);
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("strength").asDouble()).isCloseTo(0.7625, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(doc.get("persisted").get("outcome").asText()).isEqualTo("written");
        JsonNode stored = json(lukhas("dna", "get", "user.tone", "--json").out());
        assertThat(stored.get("meta").get("consensus").get("method").asText()).isEqualTo("majority");
        assertThat(stored.get("strength").asDouble()).isCloseTo(0.7625, org.assertj.core.data.Offset.offset(1e-9));

        LukhasCliTest.Run byz = lukhas(
                "colony", "decide", "--key", "user.tone", "--method", "byzantine", "--opinions", opinions.toString());
        assertThat(byz.exit()).isZero(); // n=4, f=1: 3 votes hold
        assertThat(byz.out()).contains("decided user.tone v2 by byzantine");

        LukhasCliTest.Run supermajority = lukhas(
                "colony",
                "decide",
                "--key",
                "k",
                "--method",
                "quorum",
                "--min-participants",
                "5",
                "--opinions",
                opinions.toString());
        assertThat(supermajority.exit()).isEqualTo(1);
        assertThat(supermajority.err()).contains("quorum not met: 4 of 5 required participants");
    }

    @Test
    void colonyRejectsBadMethodsAndFilesClearly() throws Exception {
        Path opinions = Files.writeString(dir.resolve("o.json"), "[{\"agent_id\":\"a\",\"value\":1,\"confidence\":2}]");
        LukhasCliTest.Run badMethod =
                lukhas("colony", "decide", "--key", "k", "--method", "vibes", "--opinions", opinions.toString());
        assertThat(badMethod.exit()).isEqualTo(2);
        assertThat(badMethod.err()).contains("--method must be one of majority");
        LukhasCliTest.Run badConfidence =
                lukhas("colony", "decide", "--key", "k", "--method", "majority", "--opinions", opinions.toString());
        assertThat(badConfidence.exit()).isEqualTo(2);
        assertThat(badConfidence.err()).contains("opinion #1").contains("confidence of agent 'a' must be in [0, 1]");
    }

    @Test
    void migrateBackfillsResumesAndPrintsProgress() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            lines.append("{\"key\":\"k%02d\",\"value\":{\"n\":%d},\"version\":3,\"strength\":0.6,\"meta\":{}}\n"
                    .formatted(i, i));
        }
        Path legacy = Files.writeString(dir.resolve("legacy.jsonl"), lines);

        LukhasCliTest.Run first = lukhas("migrate", "legacy-to-dna", "--from", legacy.toString(), "--limit", "12");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("\"processed\" : 12")
                .contains("\"migrated_total\" : 12")
                .contains("elapsed_ms")
                .contains("stopped (run again to resume): 12 of 30 keys");

        LukhasCliTest.Run second = lukhas("migrate", "legacy-to-dna", "--from", legacy.toString(), "--json");
        JsonNode doc = json(second.out());
        assertThat(doc.get("processed").asInt()).isEqualTo(18);
        assertThat(doc.get("migrated_total").asInt()).isEqualTo(30);
        assertThat(doc.get("done").asBoolean()).isTrue();
        assertThat(json(lukhas("dna", "history", "k29", "--json").out()).get("versions"))
                .hasSize(1);

        LukhasCliTest.Run missing =
                lukhas("migrate", "legacy-to-dna", "--from", dir.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("is not a file");
    }
}
