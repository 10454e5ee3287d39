package ai.lukhas.pwm.server.responses;

import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Responses API objects are kept for {@code GET /v1/responses/{id}} and
 * {@code previous_response_id}. Every method takes the tenant: a response of another tenant is
 * never found (the same as one that does not exist). Implementations: {@link #sqlite(Database)}
 * (the embedded data store, Flyway component {@code responses}) and {@link #inMemory(int)}; a
 * PostgreSQL backend implements the same four methods over the same table. Retention and
 * redaction are {@link RetainedResponses}'s, above any backend.
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

    /** Deletes the tenant's response with this id; whether there was one (another tenant's is never touched). */
    boolean delete(TenantId tenant, String id);

    /**
     * Deletes at most {@code max} responses (of any tenant) created before {@code cutoff}, oldest
     * first, and says how many: the retention purge, in batches so no call holds the store long.
     */
    int purgeCreatedBefore(java.time.Instant cutoff, int max);

    /** The embedded store in {@code database} (its migrations are applied now). */
    static ResponseStore sqlite(Database database) {
        return Objects.requireNonNull(database, "database").migrated("responses", SqliteResponseStore::new);
    }

    /** A store in memory holding at most {@code maxResponses} (the oldest forgotten first). */
    static ResponseStore inMemory(int maxResponses) {
        return new InMemoryResponseStore(maxResponses);
    }
}
