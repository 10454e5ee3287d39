package ai.lukhas.pwm.server.responses;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.util.Optional;

/**
 * Where Responses API objects are kept for {@code GET /v1/responses/{id}} and
 * {@code previous_response_id}. Every method takes the tenant: a response of another tenant is
 * never found (the same as one that does not exist). Implementations: {@link #sqlite(Database)}
 * (the embedded data store, Flyway component {@code responses}) and {@link #inMemory(int)}; a
 * PostgreSQL backend implements the same two methods over the same table.
 *
 * <pre>{@code
 * ResponseStore store = ResponseStore.sqlite(database);
 * store.put(stored);
 * store.find(TenantId.of("acme"), "resp_…");   // Optional.empty() for another tenant's id
 * }</pre>
 */
public interface ResponseStore {
    /** Stores (or replaces) a response under its tenant and id. */
    void put(StoredResponse response);

    /** The tenant's response with this id, if stored. */
    Optional<StoredResponse> find(TenantId tenant, String id);

    /** The embedded store in {@code database} (its migrations are applied now). */
    static ResponseStore sqlite(Database database) {
        return SqliteResponseStore.open(database);
    }

    /** A store in memory holding at most {@code maxResponses} (the oldest forgotten first). */
    static ResponseStore inMemory(int maxResponses) {
        return new InMemoryResponseStore(maxResponses);
    }
}
