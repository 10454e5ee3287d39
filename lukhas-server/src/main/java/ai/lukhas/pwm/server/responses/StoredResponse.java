package ai.lukhas.pwm.server.responses;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One stored Responses API object of a tenant.
 *
 * <pre>{@code new StoredResponse(TenantId.of("acme"), "resp_…", now, "s-1", responseObject, items)}</pre>
 *
 * @param response the {@code response} object as the client received it (moderated output only)
 * @param items the conversation before this response's output, as Responses input items (without
 *     {@code instructions}, which OpenAI does not carry over): a later request naming this id as its
 *     {@code previous_response_id} continues from {@code items} followed by {@code response.output}
 * @param sessionId the governance session the response ran in; a continuation without a session of
 *     its own stays in it (so an escalation hold on it keeps applying)
 */
public record StoredResponse(
        TenantId tenant, String id, Instant createdAt, String sessionId, ObjectNode response, ArrayNode items) {
    public StoredResponse {
        Checks.nonNull("tenant, createdAt", tenant, createdAt);
        Checks.notBlank(id, "id");
        Checks.notBlank(sessionId, "sessionId");
        response = response.deepCopy();
        items = items.deepCopy();
    }

    @Override
    public ObjectNode response() {
        return response.deepCopy();
    }

    @Override
    public ArrayNode items() {
        return items.deepCopy();
    }
}
