package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The version rules, validation, encryption and checksums shared by every store; a subclass only
 * keeps rows, always per (tenant, key). {@link #append} must be atomic against other writers: it refuses
 * a row when the tenant's key already has that version or a higher one, and the write is then re-decided
 * against the new current.
 */
abstract class VersionedHelix implements HelixMemory {
    static final int MAX_KEY_LENGTH = 512;
    static final int MAX_K = 1000;
    private static final int MAX_ATTEMPTS = 3;

    private final Clock clock;
    final ValueCodec codec;

    VersionedHelix(Clock clock, ValueCodec codec) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    abstract Optional<Row> currentRow(TenantId tenant, String key);

    abstract Optional<Row> rowAt(TenantId tenant, String key, long version);

    abstract Optional<Row> rowAsOf(TenantId tenant, String key, Instant instant);

    abstract List<Row> rows(TenantId tenant, String key);

    /** The listing of {@link #keys}, arguments already checked. */
    abstract List<KeyVersion> keyRows(TenantId tenant, String prefix, Optional<String> after, int limit);

    @Override
    public final List<KeyVersion> keys(TenantId tenant, String prefix, Optional<String> after, int limit) {
        Checks.nonNull("tenant, prefix, after", tenant, prefix, after);
        Checks.inRange(limit, 1, 10_000, "limit");
        return keyRows(tenant, prefix, after, limit);
    }

    /**
     * Appends {@code row} unless its tenant's key already has a version ≥ row.version; makes it the only
     * indexed version of the key when {@code indexText} is present, and unindexes the key otherwise.
     *
     * @return false when another writer got there first
     */
    abstract boolean append(Row row, Optional<String> indexText);

    /** Runs {@code work} as one unit against the store (SQLite: one transaction). */
    abstract <T> T inOneUnit(java.util.function.Supplier<T> work);

    @Override
    public final List<WriteReceipt> writeAll(TenantId tenant, List<WriteRequest> writes) {
        Objects.requireNonNull(tenant, "tenant");
        for (WriteRequest w : writes) {
            validate(w.key(), w.value(), w.version(), w.strength(), w.meta());
        }
        return inOneUnit(() -> writes.stream()
                .map(w -> write(tenant, w.key(), w.value(), w.version(), w.strength(), w.meta()))
                .toList());
    }

    private void validate(String key, JsonNode value, long version, double strength, JsonNode meta) {
        checkKey(key);
        Checks.nonNull("value, meta", value, meta);
        if (value.isMissingNode()) {
            throw new IllegalArgumentException("value must be a JSON value, but was missing");
        }
        Checks.notNegative(version, "version");
        if (!meta.isObject()) {
            throw new IllegalArgumentException("meta must be a JSON object, but was " + meta.getNodeType());
        }
        HelixMemory.clampStrength(strength);
        codec.checkCanEncode(key, value);
    }

    @Override
    public final WriteReceipt write(
            TenantId tenant, String key, JsonNode value, long version, double strength, JsonNode meta) {
        Objects.requireNonNull(tenant, "tenant");
        validate(key, value, version, strength, meta);
        double clamped = HelixMemory.clampStrength(strength);
        String metaJson = SameValueJson.of(meta);
        for (int attempt = 1; ; attempt++) {
            Optional<Row> current = currentRow(tenant, key);
            if (current.isPresent()) {
                Row c = current.get();
                if (version < c.version()) {
                    return receipt(c, WriteReceipt.Outcome.STALE);
                }
                if (version == c.version()) {
                    return receipt(
                            c, sameValue(c, value) ? WriteReceipt.Outcome.IDEMPOTENT : WriteReceipt.Outcome.CONFLICT);
                }
            }
            StoredValue stored = codec.encode(tenant, key, version, value);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            // recorded_at never decreases within a key, so as-of reads follow version order even if the clock steps
            // back
            Instant at = current.map(Row::recordedAt).filter(now::isBefore).orElse(now);
            Row row = new Row(
                    tenant, key, version, stored, clamped, metaJson, ValueCodec.sha256(stored.checksumInput()), at);
            Optional<String> index = stored instanceof StoredValue.Plain && !ValueCodec.isPersonal(value)
                    ? Optional.of(SearchText.body(key, value))
                    : Optional.empty();
            if (append(row, index)) {
                return new WriteReceipt(key, version, clamped, true, row.checksum(), at, WriteReceipt.Outcome.WRITTEN);
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException(
                        "writing '" + key + "' lost the race to other writers " + MAX_ATTEMPTS + " times in a row");
            }
        }
    }

    private boolean sameValue(Row current, JsonNode value) {
        return switch (codec.decode(current.tenant(), current.key(), current.version(), current.stored())) {
            case DnaValue.Clear c -> SameValueJson.of(c.json()).equals(SameValueJson.of(value));
            // cannot prove equality without the key: treat as a conflict, never overwrite
            case DnaValue.Sealed s -> false;
        };
    }

    private static WriteReceipt receipt(Row c, WriteReceipt.Outcome outcome) {
        return new WriteReceipt(c.key(), c.version(), c.strength(), false, c.checksum(), c.recordedAt(), outcome);
    }

    @Override
    public final Optional<HelixEntry> read(TenantId tenant, String key) {
        Objects.requireNonNull(tenant, "tenant");
        checkKey(key);
        return currentRow(tenant, key).map(this::entry);
    }

    @Override
    public final Optional<HelixEntry> read(TenantId tenant, String key, long version) {
        Objects.requireNonNull(tenant, "tenant");
        checkKey(key);
        return rowAt(tenant, key, version).map(this::entry);
    }

    @Override
    public final Optional<HelixEntry> readAsOf(TenantId tenant, String key, Instant instant) {
        Objects.requireNonNull(tenant, "tenant");
        checkKey(key);
        Objects.requireNonNull(instant, "instant");
        return rowAsOf(tenant, key, instant).map(this::entry);
    }

    @Override
    public final List<HelixEntry> history(TenantId tenant, String key) {
        Objects.requireNonNull(tenant, "tenant");
        checkKey(key);
        return rows(tenant, key).stream().map(this::entry).toList();
    }

    @Override
    public final List<SearchHit> search(TenantId tenant, String query, int k) {
        Checks.nonNull("tenant, query", tenant, query);
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], but was " + k);
        }
        List<String> terms = SearchText.terms(query).stream().distinct().toList();
        if (terms.isEmpty()) {
            return List.of();
        }
        return searchRowsScored(tenant, terms, k);
    }

    /**
     * {@code tenant}'s current indexed entries matching any of {@code terms} (distinct, non-empty), best
     * first, at most {@code k}.
     */
    abstract List<SearchHit> searchRowsScored(TenantId tenant, List<String> terms, int k);

    final HelixEntry entry(Row r) {
        return new HelixEntry(
                r.key(),
                r.version(),
                codec.decode(r.tenant(), r.key(), r.version(), r.stored()),
                r.strength(),
                ValueCodec.parse(r.metaJson()),
                r.checksum(),
                r.recordedAt());
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("key must be 1.." + MAX_KEY_LENGTH
                    + " characters without control characters and not blank, but was '"
                    + (key.length() > 40 ? key.substring(0, 40) + "..." : key) + "' (" + key.length() + " chars)");
        }
    }
}
