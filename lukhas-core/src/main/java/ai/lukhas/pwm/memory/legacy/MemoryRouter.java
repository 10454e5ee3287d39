package ai.lukhas.pwm.memory.legacy;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.SameValueJson;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes memory reads and writes while moving from the (single-tenant) legacy store to one tenant's
 * memory in the DNA helix, steered by flags read on every call:
 *
 * <ul>
 *   <li>{@value #DUAL_WRITE_FLAG} (default off): {@link #writeDual} writes the legacy store always
 *       and the helix too when on.
 *   <li>{@value #CUTOVER_FLAG} ({@code legacy} default, or {@code dna}): the store {@link #read}
 *       answers from.
 *   <li>{@value #SHADOW_FLAG} (default off): {@link #read} also reads the other store and counts any
 *       drift (presence, version or value differing) in {@link #driftStats()} and logs the key and
 *       kind (never values). The shadow result is never returned.
 * </ul>
 *
 * <pre>{@code
 * MemoryRouter router = new MemoryRouter(LegacyStore.open(file), helix, TenantId.DEFAULT, flags);
 * router.writeDual("user.42.tone", value, 3, 0.8, meta);
 * router.read("user.42.tone");
 * }</pre>
 */
public final class MemoryRouter {
    public static final String DUAL_WRITE_FLAG = "DNA_DUAL_WRITE";
    public static final String CUTOVER_FLAG = "DNA_CUTOVER_READ_FROM";
    public static final String SHADOW_FLAG = "DNA_READ_SHADOW";

    private static final Logger LOG = LoggerFactory.getLogger(MemoryRouter.class);

    private final LegacyStore legacy;
    private final HelixMemory dna;
    private final TenantId tenant;
    private final Flags flags;
    private final LongAdder shadowReads = new LongAdder();
    private final LongAdder presenceDrift = new LongAdder();
    private final LongAdder versionDrift = new LongAdder();
    private final LongAdder valueDrift = new LongAdder();

    /** A router between {@code legacy} and {@code tenant}'s memory in {@code dna}. */
    public MemoryRouter(LegacyStore legacy, HelixMemory dna, TenantId tenant, Flags flags) {
        this.legacy = Objects.requireNonNull(legacy, "legacy");
        this.dna = Objects.requireNonNull(dna, "dna");
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.flags = Objects.requireNonNull(flags, "flags");
    }

    /** What a dual write did: the legacy store is always written; the helix only with dual write on. */
    public record DualWriteResult(boolean legacyWritten, Optional<WriteReceipt> dna) {
        public DualWriteResult {
            Objects.requireNonNull(dna, "dna");
        }
    }

    /** {@code write_memory_dual}: legacy always, the helix too when {@value #DUAL_WRITE_FLAG} is on. */
    public DualWriteResult writeDual(String key, JsonNode value, long version, double strength, JsonNode meta) {
        LegacyRecord record = new LegacyRecord(key, value, version, strength, meta);
        legacy.append(record);
        Optional<WriteReceipt> receipt = flags.isEnabled(DUAL_WRITE_FLAG, false)
                ? Optional.of(dna.write(tenant, key, value, version, strength, meta))
                : Optional.empty();
        return new DualWriteResult(true, receipt);
    }

    /** {@code read_memory}: the primary store's record; with shadow reads on, the other is compared. */
    public Optional<MemoryRecord> read(String key) {
        MemoryRecord.Source primary = primary();
        Optional<MemoryRecord> fromPrimary = readFrom(primary, key);
        if (flags.isEnabled(SHADOW_FLAG, false)) {
            MemoryRecord.Source other =
                    primary == MemoryRecord.Source.DNA ? MemoryRecord.Source.LEGACY : MemoryRecord.Source.DNA;
            compare(key, primary, fromPrimary, readFrom(other, key));
        }
        return fromPrimary;
    }

    /** Drift counted by shadow reads since this router was created. */
    public DriftStats driftStats() {
        return new DriftStats(shadowReads.sum(), presenceDrift.sum(), versionDrift.sum(), valueDrift.sum());
    }

    MemoryRecord.Source primary() {
        String from = flags.stringValue(CUTOVER_FLAG, "legacy").strip().toLowerCase(Locale.ROOT);
        return switch (from) {
            case "dna" -> MemoryRecord.Source.DNA;
            case "legacy" -> MemoryRecord.Source.LEGACY;
            default -> {
                LOG.warn("{} is '{}', expected 'legacy' or 'dna'; reading from legacy", CUTOVER_FLAG, from);
                yield MemoryRecord.Source.LEGACY;
            }
        };
    }

    private Optional<MemoryRecord> readFrom(MemoryRecord.Source source, String key) {
        return switch (source) {
            case LEGACY ->
                legacy.read(key)
                        .map(r -> new MemoryRecord(
                                key, new DnaValue.Clear(r.value(), false), r.version(), r.strength(), source));
            case DNA -> dna.read(tenant, key).map(e -> fromDna(e, source));
        };
    }

    private static MemoryRecord fromDna(HelixEntry e, MemoryRecord.Source source) {
        return new MemoryRecord(e.key(), e.value(), e.version(), e.strength(), source);
    }

    private void compare(String key, MemoryRecord.Source primary, Optional<MemoryRecord> a, Optional<MemoryRecord> b) {
        shadowReads.increment();
        if (a.isPresent() != b.isPresent()) {
            presenceDrift.increment();
            LOG.warn(
                    "memory drift on key '{}': presence (in {} only; primary {})",
                    key,
                    a.isPresent() ? primary : (primary == MemoryRecord.Source.DNA ? "LEGACY" : "DNA"),
                    primary);
            return;
        }
        if (a.isEmpty()) {
            return;
        }
        MemoryRecord x = a.get();
        MemoryRecord y = b.get();
        if (x.version() != y.version()) {
            versionDrift.increment();
            LOG.warn(
                    "memory drift on key '{}': version ({} {}, {} {})",
                    key,
                    x.source(),
                    x.version(),
                    y.source(),
                    y.version());
            return;
        }
        if (x.value() instanceof DnaValue.Clear cx && y.value() instanceof DnaValue.Clear cy) {
            if (!SameValueJson.of(cx.json()).equals(SameValueJson.of(cy.json()))) {
                valueDrift.increment();
                LOG.warn("memory drift on key '{}': value differs at version {}", key, x.version());
            }
        } else {
            // a sealed value cannot be compared without its key; say so rather than guess
            LOG.debug("memory shadow read on key '{}': value sealed, compared presence and version only", key);
        }
    }
}
