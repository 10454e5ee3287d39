package ai.lukhas.pwm.memory.dna;

import java.util.Objects;

/**
 * A current entry matching a {@link HelixMemory#search} query; higher {@code score} is more relevant.
 * Scores are comparable within one result list only (SQLite: negated FTS5 bm25; in memory: term counts).
 *
 * <pre>{@code
 * for (SearchHit hit : helix.search(tenant, "coffee order", 5)) show(hit.entry().key(), hit.score());
 * }</pre>
 */
public record SearchHit(HelixEntry entry, double score) {
    public SearchHit {
        Objects.requireNonNull(entry, "entry");
    }
}
