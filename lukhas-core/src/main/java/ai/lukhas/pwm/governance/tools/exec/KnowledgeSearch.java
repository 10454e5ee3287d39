package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
import java.util.List;

/**
 * The knowledge store the retrieval tool searches: {@link DnaKnowledgeSearch} over DNA helix memory
 * (what the server uses), or {@link NotesKnowledgeSearch}, a plain SQLite FTS5 notes table. Every
 * search is within one tenant's documents; another tenant's are never returned.
 *
 * <pre>{@code List<KnowledgeSearch.Hit> hits = search.search(TenantId.of("acme"), "refund policy", 5);}</pre>
 */
@FunctionalInterface
public interface KnowledgeSearch {
    /** At most {@code k} of {@code tenant}'s documents, most relevant first; an empty list when nothing matches. */
    List<Hit> search(TenantId tenant, String query, int k);

    /**
     * One search result.
     *
     * @param id the document's id in its store
     * @param title a short title (may be empty)
     * @param text the document's text
     * @param score relevance, higher is better; comparable only within one result list
     */
    record Hit(String id, String title, String text, double score) {
        public Hit {
            Checks.nonNull("id, title, text", id, title, text);
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("score must be finite, but was " + score);
            }
        }
    }
}
