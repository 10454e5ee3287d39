package ai.lukhas.pwm.memory.legacy;

/**
 * Where a backfill stands, reported at each checkpoint and at the end.
 *
 * <pre>{@code {"processed":500,"migrated_total":500,"elapsed_ms":812,...}}</pre>
 *
 * @param processed keys handled by this run
 * @param migratedTotal keys whose legacy version is now in the helix (written now or already there),
 *     over every run of this source since it last changed
 * @param elapsedMs time since this run started (from the backfill's clock)
 * @param position keys handled over every run (the checkpoint)
 * @param keysTotal distinct keys in the legacy file
 * @param stale keys the helix already holds at a higher version (left alone), this run
 * @param conflicts keys the helix holds at the same version with another value (left alone, logged), this run
 * @param done true when every key has been handled
 */
public record BackfillProgress(
        long processed,
        long migratedTotal,
        long elapsedMs,
        long position,
        long keysTotal,
        long stale,
        long conflicts,
        boolean done) {}
