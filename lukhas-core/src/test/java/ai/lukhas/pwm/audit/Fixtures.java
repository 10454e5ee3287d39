package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

/** Shared test data: a realistic bundle and a small-segment log config; the intact-log check. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T02:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {}

    static AuditRedactor redactor() {
        return AuditRedactor.standard();
    }

    static AuditLog open(Path dir) {
        return AuditLog.open(AuditLogConfig.defaults(dir), redactor(), CLOCK);
    }

    static AuditLog open(Path dir, long segmentBytes) {
        return AuditLog.open(AuditLogConfig.defaults(dir).withSegmentMaxBytes(segmentBytes), redactor(), CLOCK);
    }

    /** The log in {@code dir} verifies as intact, with exactly {@code records} records. */
    static void assertIntact(Path dir, int records) {
        assertThat(AuditVerifier.verify(dir))
                .isInstanceOfSatisfying(VerificationReport.Intact.class, ok -> assertThat(ok.records())
                        .isEqualTo(records));
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AuditBundle bundle(AuditLog log, String session, String outcome, int i) {
        return log.newBundle()
                .tenant("acme")
                .session(session)
                .user("u-" + i)
                .request(json("{\"model\":\"gpt-x\",\"messages\":" + i + ",\"stream\":false}"))
                .signals(json("[{\"name\":\"stress\",\"level\":0.4},{\"name\":\"alignment_risk\",\"level\":0.0}]"))
                .modulation(
                        json(
                                "{\"params\":{\"temperature\":0.7,\"top_p\":0.9,\"max_output_tokens\":512},\"trace\":[\"stress->temperature\"]}"))
                .toolsOffered(json("{\"offered\":[\"search\"],\"not_offered\":{\"browser\":\"flag off\"}}"))
                .toolCalls(
                        json(
                                "[{\"name\":\"search\",\"status\":\"ok\",\"duration_ms\":12,\"args\":{\"q\":\"weather\",\"api_key\":\"k-123\"}}]"))
                .moderation(json("[{\"stage\":\"input\",\"verdict\":\"allow\"}]"))
                .incidents(json("[]"))
                .provider("openai")
                .model("gpt-x")
                .usage(json("{\"prompt_tokens\":10,\"completion_tokens\":20,\"total_tokens\":30}"))
                .latencyMs(42)
                .outcome(outcome)
                .build();
    }

    /** Bytes of {@code file} up to and including its last newline: the records before any zero fill. */
    static int dataBytes(byte[] file) {
        for (int i = file.length - 1; i >= 0; i--) {
            if (file[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** Copies a log directory without its lock file: what a crash of the open log leaves behind. */
    static void copyDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
