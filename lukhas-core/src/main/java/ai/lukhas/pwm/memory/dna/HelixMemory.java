package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * DNA helix memory: versioned values per (tenant, key), where every accepted write is appended to the
 * key's history and nothing is updated in place. Every method takes the {@link TenantId} whose memory
 * it reads or writes: the same key of two tenants is two independent histories, and search ranks only
 * the given tenant's entries.
 *
 * <p>Version rules for {@link #write}: lower than the current version → {@code STALE} (not applied,
 * the receipt names the current version); equal with the same value (canonical JSON) → {@code
 * IDEMPOTENT}; equal with another value → {@code CONFLICT} (not applied); higher → {@code WRITTEN},
 * the new current version. Strength is clamped to [{@value #MIN_STRENGTH}, {@value #MAX_STRENGTH}].
 * Values that are JSON objects with {@code "_personal": true} are encrypted (AES-256-GCM) when the
 * flag {@value #ENCRYPT_PERSONAL_FLAG} is on (default on); they are never full-text indexed.
 *
 * <pre>{@code
 * HelixMemory helix = HelixMemory.sqlite(db, Clock.systemUTC(), flags, DnaKeyring.load(System.getenv(), keyFile));
 * helix.write(TenantId.DEFAULT, "user.42.tone", json("{\"tone\":\"brief\"}"), 1, 0.8);
 * helix.readAsOf(TenantId.DEFAULT, "user.42.tone", Instant.parse("2026-01-01T00:00:00Z"));
 * }</pre>
 */
public interface HelixMemory {
    double MIN_STRENGTH = 0.1;
    double MAX_STRENGTH = 1.0;
    /** Flag: encrypt {@code _personal} values (default true). */
    String ENCRYPT_PERSONAL_FLAG = "DNA_ENCRYPT_PERSONAL";

    /**
     * Writes {@code value} as {@code version} of {@code tenant}'s {@code key} under the version rules above.
     *
     * @param meta a JSON object stored with this version (e.g. the consensus that decided it)
     * @throws IllegalArgumentException for a blank key, negative version, non-finite strength or
     *     non-object meta (the message names the field)
     * @throws IllegalStateException when a personal value must be encrypted but no key is loaded
     */
    WriteReceipt write(TenantId tenant, String key, JsonNode value, long version, double strength, JsonNode meta);

    /** {@link #write(TenantId, String, JsonNode, long, double, JsonNode)} with empty meta. */
    default WriteReceipt write(TenantId tenant, String key, JsonNode value, long version, double strength) {
        return write(tenant, key, value, version, strength, JsonNodeFactory.instance.objectNode());
    }

    /**
     * Applies {@code writes} to {@code tenant}'s memory in order, each under the version rules, and returns their receipts. Every
     * request is validated before any is applied; the SQLite store commits the batch in one
     * transaction (one disk sync), so a failure leaves none of it behind.
     */
    default List<WriteReceipt> writeAll(TenantId tenant, List<WriteRequest> writes) {
        return writes.stream()
                .map(w -> write(tenant, w.key(), w.value(), w.version(), w.strength(), w.meta()))
                .toList();
    }

    /** The current (highest) version of {@code key}. */
    Optional<HelixEntry> read(TenantId tenant, String key);

    /** Exactly {@code version} of {@code key}, if it was ever accepted. */
    Optional<HelixEntry> read(TenantId tenant, String key, long version);

    /** The version that was current at {@code instant} (the last one recorded at or before it). */
    Optional<HelixEntry> readAsOf(TenantId tenant, String key, Instant instant);

    /** Every accepted version of {@code key}, oldest first. */
    List<HelixEntry> history(TenantId tenant, String key);

    /**
     * {@code tenant}'s keys that start with {@code prefix} (empty: all), in key order, after {@code after}
     * (exclusive; a page's last key continues the listing), at most {@code limit}, each with its current
     * version.
     *
     * @throws IllegalArgumentException when {@code limit} is not in [1, 10000]
     */
    List<KeyVersion> keys(TenantId tenant, String prefix, Optional<String> after, int limit);

    /**
     * The {@code k} most relevant current entries of {@code tenant} for {@code query} (any of its words matches).
     * Encrypted values are not indexed and never match. A query without letters or digits matches nothing.
     *
     * @throws IllegalArgumentException when {@code k} is not in [1, 1000]
     */
    List<SearchHit> search(TenantId tenant, String query, int k);

    /** Clamps {@code strength} to [0.1, 1.0]. */
    static double clampStrength(double strength) {
        if (!Double.isFinite(strength)) {
            throw new IllegalArgumentException("strength must be a finite number, but was " + strength);
        }
        return Math.max(MIN_STRENGTH, Math.min(MAX_STRENGTH, strength));
    }

    /** A helix kept in this process only (tests, embedding without persistence). */
    static HelixMemory inMemory(Clock clock, Flags flags, DnaKeyring keyring) {
        return new InMemoryHelix(clock, new ValueCodec(flags, keyring));
    }

    /**
     * A helix in the SQLite database {@code db} (migrates component {@code dna} first). Search uses
     * FTS5 with bm25 ranking. The caller keeps ownership of {@code db}.
     */
    static HelixMemory sqlite(Database db, Clock clock, Flags flags, DnaKeyring keyring) {
        if (db.vendor() != Database.Vendor.SQLITE) {
            throw new IllegalArgumentException("HelixMemory.sqlite needs an SQLite database, but was " + db);
        }
        db.migrate("dna");
        return new SqliteHelix(db, clock, new ValueCodec(flags, keyring));
    }
}
