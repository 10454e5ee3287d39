package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At light load a caller writes its own record (no hand-off to the writer thread), into an O_DSYNC
 * segment, inside zero fill the writer thread keeps ahead of it. These tests use real files: the
 * caller's records and the writer's fill must leave exactly what the format promises (records, then
 * zeros), a copy taken at any moment must recover to its records, and an interrupted caller must
 * never break the log for everyone else.
 */
class DirectWriteTest {
    @TempDir
    Path dir;

    @TempDir
    Path crashed;

    /** A small fill (8 KiB, about 15 records) so the writer thread has to extend it many times. */
    private AuditLog openSmallFill(Path d) {
        return AuditLog.open(
                AuditLogConfig.defaults(d).withZeroFillBytes(8 << 10), Fixtures.redactor(), Fixtures.CLOCK);
    }

    @Test
    void anIdleLogIsWrittenByItsCallersInsideTheFillTheWriterKeepsAhead() throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = openSmallFill(dir)) {
            Path seg = dir.resolve(Segments.name(1));
            for (int i = 0; i < 300; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s-" + (i % 3), "ok", i))
                        .auditId());
                byte[] file = Files.readAllBytes(seg);
                int data = Fixtures.dataBytes(file);
                // Records, then only zeros: never a record beyond the fill, never a stray byte.
                for (int b = data; b < file.length; b++) {
                    assertThat(file[b])
                            .as("byte %d of %d after %d records", b, file.length, i + 1)
                            .isZero();
                }
            }
            // Callers wrote records themselves (the writer thread takes those that arrive while it
            // extends the fill, how many depends on the machine).
            assertThat(log.directWrites()).isPositive();
            assertThat(Files.size(seg)).isGreaterThan(Fixtures.dataBytes(Files.readAllBytes(seg)));
            Fixtures.assertIntact(dir, 300);
            assertThat(log.tail(300)).extracting(r -> r.bundle().auditId()).containsExactlyElementsOf(ids);
        }
    }

    @Test
    void sequentialAppendsToAnIdleLogAreWrittenByTheirCallers() {
        try (AuditLog log = Fixtures.open(dir)) {
            for (int i = 0; i < 100; i++) {
                log.append(Fixtures.bundle(log, "s", "ok", i));
            }
            // The first append needs the zero fill, which only the writer thread writes; a few more
            // may find the writer thread still finishing it. The 4 MiB fill is never half used here.
            assertThat(log.directWrites()).isGreaterThanOrEqualTo(90);
            assertThat(log.stats().records()).isEqualTo(100);
        }
    }

    @Test
    void aCopyTakenAfterDirectWritesVerifiesAndRecoversToExactlyItsRecords() throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLog log = openSmallFill(dir)) {
            for (int i = 0; i < 60; i++) {
                ids.add(log.append(Fixtures.bundle(log, "s", "ok", i)).auditId());
            }
            assertThat(log.directWrites()).isPositive();
            Fixtures.copyDirectory(dir, crashed); // what a crash (kill -9, power loss after the fsyncs) leaves
        }
        Path seg = crashed.resolve(Segments.name(1));
        byte[] file = Files.readAllBytes(seg);
        assertThat(file.length).isGreaterThan(Fixtures.dataBytes(file)); // the zero tail is there
        // Neither the verifier nor a reader takes the zero tail for data or for tampering.
        Fixtures.assertIntact(crashed, 60);
        assertThat(AuditReader.of(crashed).tail(100))
                .extracting(r -> r.bundle().auditId())
                .containsExactlyElementsOf(ids);
        try (AuditLog log = openSmallFill(crashed)) {
            assertThat(log.startupReport().quarantined()).isEmpty();
            assertThat(log.startupReport().damage()).isEmpty();
            assertThat(Files.size(seg)).isEqualTo(Fixtures.dataBytes(Files.readAllBytes(seg)));
            assertThat(ids).allSatisfy(id -> assertThat(log.find(id)).isPresent());
            assertThat(log.append(Fixtures.bundle(log, "s", "ok", 60)).seq()).isEqualTo(61);
        }
        Fixtures.assertIntact(crashed, 61);
    }

    /**
     * A caller that writes its own record is a request thread, which may be interrupted at any time.
     * An interrupt during a {@code FileChannel} write would close the channel for every later append;
     * here it may only cost the interrupted caller its acknowledgement.
     */
    @Test
    void interruptingCallersNeverBreaksTheLog() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AuditLog log = openSmallFill(dir)) {
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int w = t;
                Runnable work = () -> {
                    // Until enough records were written directly (the path an interrupt could break);
                    // how many appends that takes depends on the machine: on a loaded one four callers
                    // seldom find the log idle, so the cap is generous and the check below asks less.
                    for (int i = 0; i < 50_000 && log.directWrites() < 100; i++) {
                        AuditBundle b = Fixtures.bundle(log, "w" + w, "ok", i);
                        try {
                            acknowledged.add(log.append(b).auditId());
                        } catch (AuditInterruptedException e) {
                            interrupted.incrementAndGet();
                            Thread.interrupted();
                        } catch (RuntimeException e) {
                            unexpected.add(e);
                            return;
                        }
                    }
                };
                callers.add(
                        w % 2 == 0
                                ? Thread.ofVirtual().start(work)
                                : Thread.ofPlatform().start(work));
            }
            Thread chaos = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    callers.get(ThreadLocalRandom.current().nextInt(callers.size()))
                            .interrupt();
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            });
            for (Thread c : callers) {
                c.join();
            }
            done.set(true);
            chaos.join();

            assertThat(unexpected).isEmpty();
            assertThat(interrupted.get()).isPositive();
            assertThat(log.directWrites())
                    .as("records written directly by their caller while interrupts flew")
                    .isGreaterThanOrEqualTo(10);
            // Still working, and every acknowledged record is there.
            AuditReceipt after = log.append(Fixtures.bundle(log, "after", "ok", 0));
            assertThat(log.find(after.auditId())).isPresent();
            assertThat(acknowledged).allSatisfy(id -> assertThat(log.find(id)).isPresent());
        }
        assertThat(AuditVerifier.verify(dir).intact()).isTrue();
    }

    /** FSYNC durability opens the active segment O_DSYNC; OS durability does not. Linux /proc only. */
    @Test
    void theActiveSegmentIsOpenedForSynchronousDataWritesOnlyWithFsync() throws IOException {
        Path fdinfo = Path.of("/proc/self/fdinfo");
        assumeThat(Files.isDirectory(fdinfo)).as("Linux /proc").isTrue();
        try (AuditLog log = Fixtures.open(dir)) {
            log.append(Fixtures.bundle(log, "s", "ok", 1));
            assertThat(openFlags(dir.resolve(Segments.name(1))))
                    .anySatisfy(f -> assertThat(f & O_DSYNC).isNotZero());
        }
        try (AuditLog log = AuditLog.open(
                AuditLogConfig.defaults(crashed).withDurability(Durability.OS), Fixtures.redactor(), Fixtures.CLOCK)) {
            log.append(Fixtures.bundle(log, "s", "ok", 1));
            List<Integer> flags = openFlags(crashed.resolve(Segments.name(1)));
            assertThat(flags).isNotEmpty().allSatisfy(f -> assertThat(f & O_DSYNC)
                    .isZero());
        }
    }

    /** O_DSYNC on Linux (x86-64 and aarch64), as /proc/self/fdinfo prints flags: octal. */
    private static final int O_DSYNC = 010000;

    /** The open flags of every descriptor this process has on {@code file}. */
    private static List<Integer> openFlags(Path file) throws IOException {
        List<Integer> flags = new ArrayList<>();
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (!Files.readSymbolicLink(fd).equals(real)) {
                        continue;
                    }
                    for (String line : Files.readAllLines(
                            Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                        if (line.startsWith("flags:")) {
                            flags.add(Integer.parseInt(line.substring(6).strip(), 8));
                        }
                    }
                } catch (IOException e) {
                    // a descriptor closed while listing
                }
            }
        }
        return flags;
    }
}
