package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Optional;

/**
 * The embeddings of one request: the upstream's {@code data} array as it sent it (one
 * {@code {"object":"embedding","index":i,"embedding":[...] or "base64"}} per input), the model that
 * answered and the usage it reported.
 *
 * <pre>{@code EmbeddingResponse r = provider.embed(request); r.data().size(); // one per input}</pre>
 */
public record EmbeddingResponse(String model, ArrayNode data, Optional<Usage> usage) {
    public EmbeddingResponse {
        Checks.notBlank(model, "model");
        Checks.nonNull("data, usage", data, usage);
        data = data.deepCopy();
    }

    @Override
    public ArrayNode data() {
        return data.deepCopy();
    }

    /** The number of embeddings. */
    public int size() {
        return data.size();
    }

    /** The {@code index}-th embedding's JSON. */
    public JsonNode get(int index) {
        return data.get(index).deepCopy();
    }
}
