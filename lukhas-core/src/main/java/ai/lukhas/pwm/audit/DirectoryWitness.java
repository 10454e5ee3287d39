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

    static void appendLine(Path file, String line) throws IOException {
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
        }
    }

    @Override
    public String describe() {
        return "directory " + dir;
    }
}
