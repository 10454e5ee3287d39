package ai.lukhas.pwm.cli;

import static ai.lukhas.pwm.cli.LukhasCliTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue's LUT examples, reproduced through the CLI on a fresh data directory. */
class FeedbackCommandTest {
    @TempDir
    Path dir;

    /** Audit ids of actions of tenant "default", and one of tenant "acme". */
    private final List<String> actions = new ArrayList<>();

    private String acmeAction;

    private String dataDir() {
        return dir.resolve("data").toString();
    }

    /** Cards may rate only audited actions of their tenant: audit a few, as serve would. */
    @BeforeEach
    void auditSomeActions() {
        try (AuditLog log = AuditLog.open(
                AuditLogConfig.defaults(dir.resolve("data").resolve("audit")),
                AuditRedactor.standard(),
                Clock.systemUTC())) {
            for (int i = 0; i < 3; i++) {
                actions.add(AuditedActions.ok(log, "default", "s-" + i));
            }
            acmeAction = AuditedActions.ok(log, "acme", "s-acme");
        }
    }

    private void add(String user, int rating) {
        LukhasCliTest.Run r = addFirstAction(rating, "--user", user);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    /** {@code feedback add} rating the first audited action, with {@code more} options, in the data directory. */
    private LukhasCliTest.Run addFirstAction(int rating, String... more) {
        List<String> args = new ArrayList<>(
                List.of("feedback", "add", "--target", actions.getFirst(), "--rating", Integer.toString(rating)));
        args.addAll(List.of(more));
        args.addAll(List.of("--data-dir", dataDir()));
        return run(args.toArray(String[]::new));
    }

    private JsonNode lut(String user) throws IOException {
        LukhasCliTest.Run r = run("feedback", "lut", "--user", user, "--json", "--data-dir", dataDir());
        assertThat(r.exit()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    private static void assertLut(JsonNode lut, double t, double p, double m, double v) {
        assertThat(lut.get("temperature_delta").asDouble()).isCloseTo(t, within(1e-6));
        assertThat(lut.get("top_p_delta").asDouble()).isCloseTo(p, within(1e-6));
        assertThat(lut.get("memory_write_boost").asDouble()).isCloseTo(m, within(1e-6));
        assertThat(lut.get("verbosity_bias").asDouble()).isCloseTo(v, within(1e-6));
    }

    @Test
    void issueExamplesOnAFreshDataDirectory() throws IOException {
        assertThat(Files.exists(dir.resolve("data").resolve("lukhas.db"))).isFalse();
        add("five", 5);
        add("one", 1);
        add("mixed", 4);
        add("mixed", 4);
        add("mixed", 2);

        assertLut(lut("five"), 0.1, 0.1, 0.08, 0.2);
        assertLut(lut("one"), -0.1, -0.1, 0, -0.2);
        JsonNode mixed = lut("mixed");
        assertLut(mixed, 0.015991, 0.015991, 0.012793, 0.031982);
        assertThat(mixed.get("scope").asText()).isEqualTo("user");
        assertThat(mixed.get("cards").asInt()).isEqualTo(3);

        LukhasCliTest.Run text = run("feedback", "lut", "--user", "mixed", "--data-dir", dataDir());
        assertThat(text.out())
                .contains("scope               user mixed")
                .contains("temperature_delta   0.015991")
                .contains("top_p_delta         0.015991")
                .contains("memory_write_boost  0.012793")
                .contains("verbosity_bias      0.031982");
    }

    @Test
    void cardsSurviveARestartAndTheVersionOnlyMovesOnChange() throws IOException {
        add("alice", 5);
        JsonNode first = lut("alice"); // each CLI run opens and closes the database: a restart
        JsonNode again = lut("alice");
        assertThat(again.get("version").asLong()).isEqualTo(first.get("version").asLong());
        assertThat(again.get("updated_ms").asLong())
                .isEqualTo(first.get("updated_ms").asLong());
        assertLut(again, 0.1, 0.1, 0.08, 0.2);

        add("alice", 1);
        JsonNode changed = lut("alice");
        assertThat(changed.get("version").asLong())
                .isGreaterThan(first.get("version").asLong());
        assertThat(changed.get("cards").asInt()).isEqualTo(2);
    }

    @Test
    void aCardMayRateOnlyAnAuditedActionOfItsTenant() throws IOException {
        LukhasCliTest.Run invented =
                run("feedback", "add", "--target", "made-up", "--rating", "5", "--data-dir", dataDir());
        assertThat(invented.exit()).isEqualTo(2);
        assertThat(invented.err()).contains("target_action_id must be the audit id of an action of tenant default");

        LukhasCliTest.Run foreign =
                run("feedback", "add", "--target", acmeAction, "--rating", "5", "--data-dir", dataDir());
        assertThat(foreign.exit()).isEqualTo(2);

        LukhasCliTest.Run own = run(
                "feedback",
                "add",
                "--target",
                acmeAction,
                "--rating",
                "5",
                "--user",
                "alice",
                "--tenant",
                "acme",
                "--data-dir",
                dataDir());
        assertThat(own.exit()).as(own.err()).isZero();
        // acme's card is acme's: the default tenant's alice and global LUT do not move
        assertThat(lut("alice").get("cards").asInt()).isZero();
        LukhasCliTest.Run acmeLut =
                run("feedback", "lut", "--user", "alice", "--tenant", "acme", "--json", "--data-dir", dataDir());
        assertThat(new ObjectMapper().readTree(acmeLut.out()).get("cards").asInt())
                .isEqualTo(1);
    }

    @Test
    void feedbackAddFindsTheAuditDirectoryAsTheAuditCommandsDo() {
        Path elsewhere = dir.resolve("audit-elsewhere");
        String action;
        try (AuditLog log =
                AuditLog.open(AuditLogConfig.defaults(elsewhere), AuditRedactor.standard(), Clock.systemUTC())) {
            action = AuditedActions.ok(log, "default", "s");
        }
        String otherData = dir.resolve("other-data").toString();

        LukhasCliTest.Run missing =
                run("feedback", "add", "--target", action, "--rating", "4", "--data-dir", otherData);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err())
                .contains("no audit directory at "
                        + dir.resolve("other-data").resolve("audit").toAbsolutePath())
                .contains("give --dir, set LUKHAS_AUDIT_DIR, or --data-dir");

        for (String option : List.of("--audit-dir", "--dir")) {
            LukhasCliTest.Run given = run(
                    "feedback",
                    "add",
                    "--target",
                    action,
                    "--rating",
                    "4",
                    "--data-dir",
                    otherData,
                    option,
                    elsewhere.toString());
            assertThat(given.exit()).as(given.err()).isZero();
            assertThat(given.out()).contains("stored: rating 4 for " + action);
        }
        // the same directory is what `audit verify --dir` reads
        assertThat(run("audit", "verify", "--dir", elsewhere.toString()).exit()).isZero();
        // a data directory whose audit log does not hold the action still refuses the card
        LukhasCliTest.Run unknown =
                run("feedback", "add", "--target", action, "--rating", "4", "--data-dir", dataDir());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("target_action_id must be the audit id of an action of tenant default");
    }

    @Test
    void aUserWithoutCardsFallsBackToTheGlobalLut() throws IOException {
        add("alice", 5);
        JsonNode bob = lut("bob");
        assertThat(bob.get("scope").asText()).isEqualTo("global");
        assertThat(bob.get("fell_back_to_global").asBoolean()).isTrue();
        assertLut(bob, 0.1, 0.1, 0.08, 0.2);
        assertThat(run("feedback", "lut", "--user", "bob", "--data-dir", dataDir())
                        .out())
                .contains("scope               global (user bob has no cards in the window)");
    }

    @Test
    void invalidCardsAreRejectedInOneLineNamingTheField() {
        LukhasCliTest.Run r = addFirstAction(7);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("lukhas feedback add: card rejected: rating must be an integer from 1 to 5, but was 7");

        LukhasCliTest.Run note = addFirstAction(3, "--note", "n".repeat(1001));
        assertThat(note.exit()).isEqualTo(2);
        assertThat(note.err()).contains("note must be at most 1000 chars, but was 1001 chars");

        LukhasCliTest.Run missing = run("feedback", "add", "--rating", "3", "--data-dir", dataDir());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--target");

        assertThat(run("feedback", "lut", "--json", "--data-dir", dataDir()).out())
                .contains("\"cards\" : 0");
    }

    @Test
    void notesAreRedactedBeforeStorage() {
        LukhasCliTest.Run r = addFirstAction(4, "--note", "call me on bob@example.org");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("(personal data in the note was redacted)");
    }
}
