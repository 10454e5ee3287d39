package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.audit.VerificationReport.Broken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Any single changed byte anywhere in a segment is reported as a problem on the line that holds it. */
class AuditTamperProperties {
    private static Path pristine;
    private static byte[] original;

    @BeforeContainer
    static void writeLog() throws IOException {
        pristine = Files.createTempDirectory("audit-tamper");
        try (AuditLog log = Fixtures.open(pristine)) {
            for (int i = 0; i < 8; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
        }
        original = Files.readAllBytes(pristine.resolve(Segments.name(1)));
    }

    @AfterContainer
    static void removeLog() throws IOException {
        try (var files = Files.list(pristine)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(pristine);
    }

    @Property(tries = 300)
    void anyOneByteChangeIsFoundOnItsLine(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        int at = position % original.length;
        byte[] tampered = original.clone();
        tampered[at] = (byte) (tampered[at] ^ xor);
        long expectedLine = 1;
        for (int i = 0; i < at; i++) {
            if (original[i] == '\n') {
                expectedLine++;
            }
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("audit-tamper-try");
            Files.copy(pristine.resolve(IdIndex.FILE), dir.resolve(IdIndex.FILE));
            Files.write(dir.resolve(Segments.name(1)), tampered);
            VerificationReport r = AuditVerifier.verify(dir);
            assertThat(r).isInstanceOf(Broken.class);
            assertThat(((Broken) r).line()).as("%s", r).isEqualTo(expectedLine);
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
