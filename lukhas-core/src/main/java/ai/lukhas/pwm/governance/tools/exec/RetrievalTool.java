package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * The executor of {@code retrieve_knowledge}: top-k hits from a {@link KnowledgeSearch} within the
 * calling tenant's documents ({@link ToolContext#tenant()}), with k from the call or, when the call
 * gives none, the request's modulated retrieval_k. Output is a JSON array.
 *
 * <pre>{@code registry.executor(CanonicalTool.RETRIEVAL, RetrievalTool.over(notes))}</pre>
 */
public final class RetrievalTool implements ToolExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT_PER_HIT = 2_000;
    private static final int MAX_K = 20;

    private final KnowledgeSearch search;

    private RetrievalTool(KnowledgeSearch search) {
        this.search = search;
    }

    public static RetrievalTool over(KnowledgeSearch search) {
        return new RetrievalTool(Objects.requireNonNull(search, "search"));
    }

    @Override
    public ToolOutcome execute(JsonNode arguments, ToolContext context) throws Exception {
        String query = arguments.path("query").asText();
        int k = arguments.has("k") ? arguments.get("k").asInt() : Math.min(MAX_K, context.retrievalK());
        List<KnowledgeSearch.Hit> hits = search.search(context.tenant(), query, k);
        ArrayNode out = JSON.createArrayNode();
        for (KnowledgeSearch.Hit hit : hits) {
            ObjectNode h = out.addObject();
            h.put("id", hit.id());
            h.put("title", hit.title());
            h.put(
                    "text",
                    hit.text().length() > MAX_TEXT_PER_HIT
                            ? hit.text().substring(0, MAX_TEXT_PER_HIT) + "…"
                            : hit.text());
            h.put("score", Math.round(hit.score() * 1000.0) / 1000.0);
        }
        return new ToolOutcome.Output(JSON.writeValueAsString(out));
    }
}
