package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.VerificationReport.Broken;
import ai.lukhas.pwm.audit.VerificationReport.ProblemKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of tampering with a segment file is found, named, and placed on the right line. */
class AuditTamperTest {
    @TempDir
    Path dir;

    /** Writes {@code n} records into one segment and returns that segment. */
    private Path logWith(int n) {
        try (AuditLog log = Fixtures.open(dir)) {
            for (int i = 0; i < n; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
        }
        return dir.resolve(Segments.name(1));
    }

    private static List<String> lines(Path seg) throws IOException {
        return new ArrayList<>(Files.readAllLines(seg, StandardCharsets.UTF_8));
    }

    private static void writeLines(Path seg, List<String> lines) throws IOException {
        Files.writeString(seg, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** The log verifies as broken with {@code kind} at segment line {@code line}; the report, for more checks. */
    private Broken broken(ProblemKind kind, int line) {
        VerificationReport r = AuditVerifier.verify(dir);
        assertThat(r).isInstanceOf(Broken.class);
        Broken p = (Broken) r;
        assertThat(p.kind()).isEqualTo(kind);
        assertThat(p.line()).isEqualTo(line);
        return p;
    }

    /** The log verifies as broken with {@code kind} at segment line {@code line}, the detail saying {@code why}. */
    private void assertBroken(ProblemKind kind, int line, String why) {
        assertThat(broken(kind, line).detail()).contains(why);
    }

    /** 30 records in segments of at most 4 KiB: three segments or more. */
    private void segmentedLog() {
        try (AuditLog log = Fixtures.open(dir, 4096)) {
            for (int i = 0; i < 30; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
        }
    }

    @Test
    void untouchedLogIsIntact() {
        logWith(10);
        VerificationReport r = AuditVerifier.verify(dir);
        assertThat(r).isInstanceOf(VerificationReport.Intact.class);
        assertThat(r.recordsVerified()).isEqualTo(10);
    }

    @Test
    void editingOneByteIsAnEditedLineAtThatLine() throws IOException {
        Path seg = logWith(10);
        byte[] b = Files.readAllBytes(seg);
        String text = new String(b, StandardCharsets.UTF_8);
        int line4 = nthLineStart(text, 4);
        int at = text.indexOf("weather", line4);
        b[at] = 'W';
        Files.write(seg, b);

        Broken p = broken(ProblemKind.EDITED_LINE, 4);
        assertThat(p.segment()).isEqualTo(Segments.name(1));
        assertThat(p.recordsVerified()).isEqualTo(3);
    }

    @Test
    void deletingALineIsADeletedLineWhereTheGapIs() throws IOException {
        Path seg = logWith(10);
        List<String> lines = lines(seg);
        lines.remove(4); // line 5
        writeLines(seg, lines);

        assertBroken(ProblemKind.DELETED_LINE, 5, "seq jumps from 4 to 6");
    }

    @Test
    void swappingTwoLinesIsReorderedAtTheFirstOfThem() throws IOException {
        Path seg = logWith(10);
        List<String> lines = lines(seg);
        Collections.swap(lines, 2, 3); // lines 3 and 4
        writeLines(seg, lines);

        broken(ProblemKind.REORDERED_LINES, 3);
    }

    @Test
    void truncatingInsideALineIsATruncatedTailAtThatLine() throws IOException {
        Path seg = logWith(10);
        byte[] b = Files.readAllBytes(seg);
        int line7 = nthLineStart(new String(b, StandardCharsets.UTF_8), 7);
        Files.write(seg, java.util.Arrays.copyOf(b, line7 + 25));

        assertThat(broken(ProblemKind.TRUNCATED_TAIL, 7).recordsVerified()).isEqualTo(6);
    }

    @Test
    void truncatingWholeLinesIsATruncatedTailAgainstTheIndex() throws IOException {
        Path seg = logWith(10);
        List<String> lines = lines(seg);
        writeLines(seg, lines.subList(0, 8));

        assertThat(broken(ProblemKind.TRUNCATED_TAIL, 9).detail())
                .contains("index records seq 10")
                .contains("ends at seq 8");
    }

    @Test
    void rewritingARecordWithAFreshHashBreaksTheLinkOfTheNextLine() throws IOException {
        Path seg = logWith(6);
        List<String> lines = lines(seg);
        // A careful forger edits line 3 and recomputes its hash; line 4 still links to the old one.
        com.fasterxml.jackson.databind.node.ObjectNode rec =
                (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json(lines.get(2));
        rec.put("outcome", "blocked");
        rec.remove("hash");
        String forged = new ChainHash().hash(rec.get("prev_hash").asText(), CanonicalJson.bytes(rec));
        rec.put("hash", forged);
        lines.set(2, new String(CanonicalJson.bytes(rec), StandardCharsets.UTF_8));
        writeLines(seg, lines);

        assertBroken(ProblemKind.EDITED_LINE, 4, "does not link");
    }

    @Test
    void deletingAMiddleSegmentIsAChainBreakAcrossSegments() throws IOException {
        segmentedLog();
        assertThat(Segments.list(dir)).hasSizeGreaterThanOrEqualTo(3);
        Files.delete(dir.resolve(Segments.name(2)));

        assertThat(broken(ProblemKind.CHAIN_BREAK_ACROSS_SEGMENTS, 1).segment()).isEqualTo(Segments.name(3));
    }

    @Test
    void replacingASegmentsFirstLineLinkIsAChainBreakAcrossSegments() throws IOException {
        segmentedLog();
        // Cut the last line of segment 1 (and its newline): segment 2 no longer continues it.
        Path seg1 = dir.resolve(Segments.name(1));
        List<String> lines = lines(seg1);
        writeLines(seg1, lines.subList(0, lines.size() - 1));

        assertThat(broken(ProblemKind.CHAIN_BREAK_ACROSS_SEGMENTS, 1).segment()).isEqualTo(Segments.name(2));
    }

    static int nthLineStart(String text, int n) {
        int at = 0;
        for (int i = 1; i < n; i++) {
            at = text.indexOf('\n', at) + 1;
        }
        return at;
    }
}
