package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The compact in-memory index answers exactly as a list plus a map of the same entries would. */
class IdIndexProperties {
    @Property(tries = 200)
    void behavesLikeAListAndAMap(
            @ForAll("entries") List<IdIndex.Entry> entries, @ForAll @IntRange(min = 1, max = 7) int batch) {
        IdIndex index = new IdIndex();
        Map<String, IdIndex.Entry> byId = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i += batch) {
            List<IdIndex.Entry> part = entries.subList(i, Math.min(entries.size(), i + batch));
            index.add(part);
            part.forEach(e -> byId.put(e.auditId(), e));
        }
        assertThat(index.size()).isEqualTo(entries.size());
        assertThat(index.range(0, entries.size())).isEqualTo(entries);
        assertThat(index.range(-3, 2)).isEqualTo(entries.subList(0, Math.min(2, entries.size())));
        byId.forEach((id, e) -> assertThat(index.get(id)).contains(e));
        assertThat(index.get(UUID.randomUUID().toString())).isEmpty();
        assertThat(index.get("not-an-id-anyone-used")).isEmpty();
        assertThat(index.last())
                .isEqualTo(entries.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(entries.getLast()));
    }

    /** Past one column chunk and several table resizes. */
    @Test
    void manyEntriesAcrossChunks() {
        IdIndex index = new IdIndex();
        Random r = new Random(7);
        List<IdIndex.Entry> all = new ArrayList<>();
        List<IdIndex.Entry> batch = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            batch.add(entry(new UUID(r.nextLong(), r.nextLong()).toString(), i + 1, "s-" + (i % 97), hash(r)));
            if (batch.size() == 64) {
                index.add(batch);
                all.addAll(batch);
                batch.clear();
            }
        }
        index.add(batch);
        all.addAll(batch);
        assertThat(index.size()).isEqualTo(40_000);
        for (int i = 0; i < all.size(); i += 997) {
            assertThat(index.get(all.get(i).auditId())).contains(all.get(i));
        }
        assertThat(index.range(16_380, 16_390)).isEqualTo(all.subList(16_380, 16_390));
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.get(all.get(5).auditId())).isEmpty();
    }

    @Provide
    Arbitrary<List<IdIndex.Entry>> entries() {
        Arbitrary<String> uuidIds = Arbitraries.longs().tuple2().map(t -> new UUID(t.get1(), t.get2()).toString());
        Arbitrary<String> otherIds = Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
                uuidIds.map(String::toUpperCase),
                Arbitraries.of("01a2b3c4-0000-7000-8000-123456789012", "dup-id"));
        Arbitrary<String> ids =
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, uuidIds), net.jqwik.api.Tuple.of(3, otherIds));
        Arbitrary<IdIndex.Entry> entry = Combinators.combine(
                        ids,
                        Arbitraries.integers().between(1, 9),
                        Arbitraries.longs().between(0, 1L << 39),
                        Arbitraries.of("s-1", "s-2", "", "[REDACTED:EMAIL]"),
                        Arbitraries.of("ok", "blocked", "refused"),
                        Arbitraries.bytes().array(byte[].class).ofSize(32))
                .as((id, segment, offset, session, outcome, hash) -> new IdIndex.Entry(
                        id,
                        0,
                        segment,
                        offset,
                        100,
                        1_700_000_000_000L + offset % 1000,
                        session,
                        outcome,
                        HexFormat.of().formatHex(hash),
                        "t-" + (offset % 3)));
        return entry.list().ofMaxSize(60).map(list -> {
            List<IdIndex.Entry> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                IdIndex.Entry e = list.get(i);
                out.add(new IdIndex.Entry(
                        e.auditId(),
                        i + 1,
                        e.segment(),
                        e.offset(),
                        e.length(),
                        e.tsMillis(),
                        e.session(),
                        e.outcome(),
                        e.hash(),
                        e.tenant()));
            }
            return out;
        });
    }

    private static IdIndex.Entry entry(String id, long seq, String session, String hash) {
        return new IdIndex.Entry(id, seq, 1, seq * 1000, 999, 1_700_000_000_000L + seq, session, "ok", hash, "default");
    }

    private static String hash(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
