package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.store.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The helix in this process's memory, keyed by (tenant, key). Search ranks one tenant's entries by term
 * frequency: a document's score is the number of occurrences of the query's words in it (key and leaf
 * values), ties broken by key.
 */
final class InMemoryHelix extends VersionedHelix {
    private record Id(TenantId tenant, String key) {}

    /** Rows and index, shared by {@link #reopen} views; every access holds its monitor. */
    private static final class State {
        final Map<Id, List<Row>> histories = new HashMap<>();
        final Map<Id, List<String>> index = new HashMap<>();
    }

    private final State state;

    InMemoryHelix(Clock clock, ValueCodec codec) {
        this(clock, codec, new State());
    }

    private InMemoryHelix(Clock clock, ValueCodec codec, State state) {
        super(clock, codec);
        this.state = state;
    }

    /** The same rows seen through another codec (keys, flags): what reopening a persistent store does. */
    InMemoryHelix reopen(Clock clock, ValueCodec other) {
        return new InMemoryHelix(clock, other, state);
    }

    @Override
    <T> T inOneUnit(java.util.function.Supplier<T> work) {
        synchronized (state) {
            return work.get();
        }
    }

    @Override
    Optional<Row> currentRow(TenantId tenant, String key) {
        synchronized (state) {
            List<Row> h = state.histories.get(new Id(tenant, key));
            return h == null ? Optional.empty() : Optional.of(h.getLast());
        }
    }

    @Override
    Optional<Row> rowAt(TenantId tenant, String key, long version) {
        synchronized (state) {
            return state.histories.getOrDefault(new Id(tenant, key), List.of()).stream()
                    .filter(r -> r.version() == version)
                    .findFirst();
        }
    }

    @Override
    Optional<Row> rowAsOf(TenantId tenant, String key, Instant instant) {
        synchronized (state) {
            Row found = null;
            for (Row r : state.histories.getOrDefault(new Id(tenant, key), List.of())) {
                if (!r.recordedAt().isAfter(instant)) {
                    found = r;
                }
            }
            return Optional.ofNullable(found);
        }
    }

    @Override
    List<Row> rows(TenantId tenant, String key) {
        synchronized (state) {
            return List.copyOf(state.histories.getOrDefault(new Id(tenant, key), List.of()));
        }
    }

    @Override
    List<KeyVersion> keyRows(TenantId tenant, String prefix, Optional<String> after, int limit) {
        synchronized (state) {
            return state.histories.entrySet().stream()
                    .filter(e -> e.getKey().tenant().equals(tenant)
                            && e.getKey().key().startsWith(prefix)
                            && after.map(a -> e.getKey().key().compareTo(a) > 0).orElse(true))
                    .map(e -> new KeyVersion(
                            e.getKey().key(),
                            e.getValue().getLast().version(),
                            e.getValue().getLast().recordedAt()))
                    .sorted(java.util.Comparator.comparing(KeyVersion::key))
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    boolean append(Row row, Optional<String> indexText) {
        Id id = new Id(row.tenant(), row.key());
        synchronized (state) {
            List<Row> h = state.histories.computeIfAbsent(id, k -> new ArrayList<>());
            if (!h.isEmpty() && h.getLast().version() >= row.version()) {
                return false;
            }
            h.add(row);
            if (indexText.isPresent()) {
                state.index.put(id, SearchText.terms(indexText.get()));
            } else {
                state.index.remove(id);
            }
            return true;
        }
    }

    @Override
    List<SearchHit> searchRowsScored(TenantId tenant, List<String> terms, int k) {
        record Scored(Row row, int score) {}
        List<Scored> scored = new ArrayList<>();
        synchronized (state) {
            for (Map.Entry<Id, List<String>> doc : state.index.entrySet()) {
                if (!doc.getKey().tenant().equals(tenant)) {
                    continue;
                }
                int score = 0;
                for (String word : doc.getValue()) {
                    if (terms.contains(word)) {
                        score++;
                    }
                }
                if (score > 0) {
                    scored.add(new Scored(state.histories.get(doc.getKey()).getLast(), score));
                }
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparing(s -> s.row()
                .key()));
        return scored.stream()
                .limit(k)
                .map(s -> new SearchHit(entry(s.row()), s.score()))
                .toList();
    }
}
