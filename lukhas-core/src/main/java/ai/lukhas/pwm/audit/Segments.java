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

    /** Bytes after the last '\n' of a file: a line whose write never finished (or was cut). */
    record Tail(long lineNo, long offset, byte[] bytes) {}

    /**
     * Reads complete lines from {@code start} (which must be a line start). Returns the incomplete
     * last line, if any, without passing it to the visitor.
     */
    static Optional<Tail> readLines(Path file, long start, long firstLineNo, LineVisitor visitor) throws IOException {
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
                    if (buf[i] == '\n') {
                        if (!visitor.line(lineNo, bufStart + from, buf, from, i - from)) {
                            return Optional.empty();
                        }
                        lineNo++;
                        from = i + 1;
                    }
                }
                if (n < 0) {
                    return from < filled
                            ? Optional.of(new Tail(lineNo, bufStart + from, Arrays.copyOfRange(buf, from, filled)))
                            : Optional.empty();
                }
                System.arraycopy(buf, from, buf, 0, filled - from);
                bufStart += from;
                filled -= from;
                scanned = filled;
            }
        }
    }
}
