package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.SearchHit;
import ai.lukhas.pwm.store.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The retrieval tool over DNA helix memory: the current version of each of the tenant's entries, ranked by the
 * store's full-text relevance (bm25 in SQLite). Personal values are never full-text indexed, so a
 * sealed or encrypted value is never returned to the model.
 *
 * <pre>{@code RetrievalTool.over(DnaKnowledgeSearch.over(helix))}</pre>
 */
public final class DnaKnowledgeSearch implements KnowledgeSearch {
    private final HelixMemory helix;

    private DnaKnowledgeSearch(HelixMemory helix) {
        this.helix = helix;
    }

    public static DnaKnowledgeSearch over(HelixMemory helix) {
        return new DnaKnowledgeSearch(Objects.requireNonNull(helix, "helix"));
    }

    @Override
    public List<Hit> search(TenantId tenant, String query, int k) {
        List<Hit> hits = new ArrayList<>();
        for (SearchHit h : helix.search(tenant, query, k)) {
            if (h.entry().value() instanceof DnaValue.Clear clear && !clear.encryptedAtRest()) {
                hits.add(new Hit(
                        h.entry().key(),
                        h.entry().key() + " (v" + h.entry().version() + ")",
                        clear.json().toString(),
                        h.score()));
            }
        }
        return hits;
    }
}
