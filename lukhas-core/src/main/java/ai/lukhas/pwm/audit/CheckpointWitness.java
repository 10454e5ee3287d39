package ai.lukhas.pwm.audit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Somewhere outside the writer's reach that keeps a copy of every signed checkpoint, so that deleting
 * or rewriting the log and its own {@code checkpoints.jsonl} together is still detected (the role of a
 * Certificate Transparency monitor). Called on the log's checkpoint thread, never on an append's; a
 * failure is logged and counted and the checkpoint is offered again with the next one, appends go on.
 *
 * <pre>{@code
 * CheckpointConfig.defaults(keyFile).withWitness(CheckpointWitness.directory(Path.of("/mnt/worm/lukhas")));
 * }</pre>
 */
public interface CheckpointWitness {
    /** Stores the checkpoint durably (or fails). */
    void publish(SignedCheckpoint checkpoint) throws IOException;

    /** What it is, for logs: "directory /mnt/worm/lukhas". */
    String describe();

    /**
     * Appends each checkpoint as one line to {@code dir/checkpoints.jsonl} and fsyncs it; the directory
     * should live on another machine or a write-once mount the gateway's user cannot rewrite.
     */
    static CheckpointWitness directory(Path dir) {
        return new DirectoryWitness(dir);
    }

    /**
     * POSTs each checkpoint as a JSON object ({@code application/json}) to {@code url}; any 2xx status
     * is success.
     */
    static CheckpointWitness http(URI url, Duration timeout) {
        return new HttpWitness(url, timeout);
    }
}
