package ai.lukhas.pwm.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/** Names and line-by-line reading of segment files ({@code audit-000001.jsonl}, ...). */
final class Segments {
    static final String PREFIX = "audit-";
    static final String SUFFIX = ".jsonl";
    static final String QUARANTINE_SUFFIX = ".quarantine";

    private Segments() {}

    static String name(int number) {
        return String.format("%s%06d%s", PREFIX, number, SUFFIX);
    }

    static OptionalInt number(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return OptionalInt.empty();
        }
        String digits = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    /** Segment files of {@code dir} in chain order (by number); empty if the directory does not exist. */
    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> number(p.getFileName().toString()).isPresent())
                    .sorted(Comparator.comparingInt(
                            p -> number(p.getFileName().toString()).getAsInt()))
                    .toList();
        }
    }

    static List<Path> quarantineFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(QUARANTINE_SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    /** Called for each complete line (without its '\n'); line numbers count from 1 at offset 0. */
    interface LineVisitor {
        /** @return false to stop reading */
        boolean line(long lineNo, long offset, byte[] buf, int off, int len) throws IOException;
    }

    /**
     * Bytes after the last complete line that are not zero fill: a write that never finished (or a
     * cut file). Zero bytes inside it are kept, so it can be moved aside exactly as found.
     */
    record Tail(long lineNo, long offset, byte[] bytes) {
        /**
         * Zero bytes followed by at least one complete line: a hole with records after it. A cut file
         * has no zeros; zero fill or an unfinished last write has no complete line after the zeros.
         */
        boolean isHole() {
            return linesAfterHole() > 0;
        }

        /** Newline-terminated lines after the first zero byte. */
        int linesAfterHole() {
            int n = 0;
            boolean zero = false;
            for (byte b : bytes) {
                zero |= b == 0;
                if (zero && b == '\n') {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Where a read stopped: {@code dataEnd} is the end of the last complete line read (the logical
     * end of the segment when the whole file was read), and {@code tail} what follows it that is not
     * zero fill. Empty tail and a stop by the visitor both give an empty {@code tail}.
     */
    record Extent(long dataEnd, Optional<Tail> tail) {}

    /**
     * Reads complete lines from {@code start} (which must be a line start) up to the logical end of
     * the segment. The active segment is pre-filled with zero bytes ahead of the writer (see
     * {@code AuditLog}), and canonical JSON never contains a zero byte, so the first zero byte ends
     * the data: a line it interrupts, and any non-zero bytes after it, are the {@link Tail}.
     */
    static Extent readLines(Path file, long start, long firstLineNo, LineVisitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(start);
            byte[] buf = new byte[1 << 20];
            int filled = 0;
            int scanned = 0;
            long bufStart = start;
            long lineNo = firstLineNo;
            while (true) {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2); // one line longer than the buffer
                }
                int n = ch.read(ByteBuffer.wrap(buf, filled, buf.length - filled));
                if (n > 0) {
                    filled += n;
                }
                int from = 0;
                for (int i = scanned; i < filled; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (!visitor.line(lineNo, bufStart + from, buf, from, i - from)) {
                            return new Extent(bufStart + i + 1, Optional.empty());
                        }
                        lineNo++;
                        from = i + 1;
                    } else if (b == 0) {
                        return tailFrom(ch, lineNo, bufStart + from, Arrays.copyOfRange(buf, from, filled));
                    }
                }
                if (n < 0) {
                    long end = bufStart + from;
                    return from < filled
                            ? new Extent(end, Optional.of(new Tail(lineNo, end, Arrays.copyOfRange(buf, from, filled))))
                            : new Extent(end, Optional.empty());
                }
                System.arraycopy(buf, from, buf, 0, filled - from);
                bufStart += from;
                filled -= from;
                scanned = filled;
            }
        }
    }

    /**
     * The rest of the file from {@code offset} (whose first bytes, already read, are {@code head}), up
     * to its last non-zero byte; no tail when it is all zero fill.
     */
    private static Extent tailFrom(FileChannel ch, long lineNo, long offset, byte[] head) throws IOException {
        java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
        rest.write(head);
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        while (ch.read(b.clear()) > 0) {
            rest.write(b.array(), 0, b.position());
        }
        byte[] all = rest.toByteArray();
        int last = all.length - 1;
        while (last >= 0 && all[last] == 0) {
            last--;
        }
        return last < 0
                ? new Extent(offset, Optional.empty())
                : new Extent(offset, Optional.of(new Tail(lineNo, offset, Arrays.copyOf(all, last + 1))));
    }
}
