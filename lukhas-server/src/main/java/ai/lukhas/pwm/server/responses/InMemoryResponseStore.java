package ai.lukhas.pwm.server.responses;

import ai.lukhas.pwm.store.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link ResponseStore} in memory, bounded: the oldest stored response is forgotten first. Thread-safe. */
final class InMemoryResponseStore implements ResponseStore {
    private record Key(TenantId tenant, String id) {}

    private final int max;
    private final Map<Key, StoredResponse> map = new LinkedHashMap<>();

    InMemoryResponseStore(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxResponses must be at least 1, but was " + max);
        }
        this.max = max;
    }

    @Override
    public synchronized void put(StoredResponse r) {
        Key k = new Key(r.tenant(), r.id());
        map.remove(k);
        map.put(k, r);
        if (map.size() > max) {
            map.remove(map.keySet().iterator().next());
        }
    }

    @Override
    public synchronized boolean delete(TenantId tenant, String id) {
        return map.remove(new Key(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(id, "id"))) != null;
    }

    @Override
    public synchronized int purgeCreatedBefore(java.time.Instant cutoff, int max) {
        java.util.List<Key> old = map.entrySet().stream()
                .filter(e -> e.getValue().createdAt().isBefore(cutoff))
                .sorted(java.util.Comparator.comparing(e -> e.getValue().createdAt()))
                .limit(Math.max(0, max))
                .map(Map.Entry::getKey)
                .toList();
        old.forEach(map::remove);
        return old.size();
    }

    @Override
    public synchronized Optional<StoredResponse> find(TenantId tenant, String id) {
        Objects.requireNonNull(tenant, "tenant");
        return Optional.ofNullable(map.get(new Key(tenant, Objects.requireNonNull(id, "id"))));
    }
}
