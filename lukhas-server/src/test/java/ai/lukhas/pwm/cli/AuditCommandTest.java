package ai.lukhas.pwm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    Path audit;
    Path segment;
    final List<String> ids = new ArrayList<>();

    @BeforeEach
    void writeTenBundles() {
        audit = data.resolve("audit");
        try (AuditLog log =
                AuditLog.open(AuditLogConfig.defaults(audit), AuditRedactor.standard(), Clock.systemUTC())) {
            for (int i = 0; i < 10; i++) {
                ids.add(log.append(log.newBundle()
                                .session("s-" + i)
                                .user("carol@example.com")
                                .outcome("ok")
                                .build())
                        .auditId());
            }
        }
        segment = audit.resolve("audit-000001.jsonl");
    }

    private JsonNode verifyJson(int expectedExit) throws IOException {
        LukhasCliTest.Run r = LukhasCliTest.run("audit", "verify", "--dir", audit.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isEqualTo(expectedExit);
        return JSON.readTree(r.out());
    }

    /** {@code audit verify --json} exits 1 reporting a break of {@code kind} at segment line {@code line}. */
    private void assertBroken(String kind, long line) throws IOException {
        JsonNode j = verifyJson(1);
        assertThat(j.path("kind").asText()).isEqualTo(kind);
        assertThat(j.path("line").asLong()).isEqualTo(line);
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(segment, StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws IOException {
        Files.writeString(segment, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void intactLogExitsZeroAndFindsTheDefaultDirectoryUnderDataDir() throws IOException {
        LukhasCliTest.Run r = LukhasCliTest.run("audit", "verify", "--data-dir", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("intact: 10 records in 1 segment(s)");
        JsonNode j = verifyJson(0);
        assertThat(j.path("intact").asBoolean()).isTrue();
        assertThat(j.path("last_seq").asLong()).isEqualTo(10);
    }

    @Test
    void editedByteExitsOneNamingTheLine() throws IOException {
        byte[] b = Files.readAllBytes(segment);
        String text = new String(b, StandardCharsets.UTF_8);
        int line3 = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
        int at = text.indexOf("\"s-2\"", line3) + 3;
        b[at] = '9';
        Files.write(segment, b);

        JsonNode j = verifyJson(1);
        assertThat(j.path("kind").asText()).isEqualTo("edited_line");
        assertThat(j.path("segment").asText()).isEqualTo("audit-000001.jsonl");
        assertThat(j.path("line").asLong()).isEqualTo(3);

        LukhasCliTest.Run text1 = LukhasCliTest.run("audit", "verify", "--dir", audit.toString());
        assertThat(text1.exit()).isEqualTo(1);
        assertThat(text1.out()).contains("NOT INTACT: audit-000001.jsonl line 3: edited line");
    }

    @Test
    void deletedLineExitsOneNamingTheLine() throws IOException {
        List<String> l = lines();
        l.remove(6);
        write(l);
        assertBroken("deleted_line", 7);
    }

    @Test
    void swappedLinesExitOneNamingTheFirst() throws IOException {
        List<String> l = lines();
        Collections.swap(l, 4, 5);
        write(l);
        assertBroken("reordered_lines", 5);
    }

    @Test
    void truncatedFileExitsOneNamingTheLine() throws IOException {
        byte[] b = Files.readAllBytes(segment);
        Files.write(segment, java.util.Arrays.copyOf(b, b.length - 40));
        assertBroken("truncated_tail", 10);
    }

    @Test
    void showPrintsTheRedactedBundleAndTailTheLastOnes() throws IOException {
        LukhasCliTest.Run show = LukhasCliTest.run("audit", "show", ids.get(3), "--dir", audit.toString());
        assertThat(show.exit()).as(show.err()).isZero();
        JsonNode shown = JSON.readTree(show.out());
        assertThat(shown.path("audit_id").asText()).isEqualTo(ids.get(3));
        assertThat(shown.path("seq").asLong()).isEqualTo(4);
        assertThat(shown.path("user").asText()).isEqualTo("[REDACTED:EMAIL]");

        LukhasCliTest.Run tail = LukhasCliTest.run("audit", "tail", "-n", "2", "--dir", audit.toString());
        assertThat(tail.exit()).isZero();
        List<String> out = tail.out().strip().lines().toList();
        assertThat(out).hasSize(2);
        assertThat(JSON.readTree(out.get(0)).path("audit_id").asText()).isEqualTo(ids.get(8));
        assertThat(JSON.readTree(out.get(1)).path("audit_id").asText()).isEqualTo(ids.get(9));
    }

    @Test
    void unknownIdExitsOneAndMissingDirectoryIsBadInput() {
        LukhasCliTest.Run show = LukhasCliTest.run("audit", "show", "nope", "--dir", audit.toString());
        assertThat(show.exit()).isEqualTo(1);
        assertThat(show.err()).contains("no bundle with audit_id nope");

        LukhasCliTest.Run missing = LukhasCliTest.run(
                "audit", "verify", "--dir", data.resolve("absent").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("no audit directory");
    }
}
