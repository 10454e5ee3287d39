package ai.lukhas.pwm.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** {@link CheckpointWitness#directory}: one JSON line per checkpoint in {@code dir/checkpoints.jsonl}, fsync'd. */
final class DirectoryWitness implements CheckpointWitness {
    private final Path dir;

    DirectoryWitness(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
    }

    @Override
    public void publish(SignedCheckpoint checkpoint) throws IOException {
        Files.createDirectories(dir);
        appendLine(dir.resolve(SignedCheckpoint.FILE), checkpoint.line());
    }

    /**
     * Appends one line and fsyncs. A last line without its newline is a write a crash cut short (it
     * never held a whole checkpoint), so it is cut off first rather than glued to the new line.
     */
    static void appendLine(Path file, String line) throws IOException {
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size();
            long keep = end;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < end) {
                ch.truncate(keep);
            }
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            long at = keep;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
            ch.force(false);
        }
    }

    @Override
    public String describe() {
        return "directory " + dir;
    }
}
