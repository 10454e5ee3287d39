package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The index's own filtered scan (AuditLog re-checks the tenant on every record it reads, so a scan that
 * let other tenants through would still answer right, only slower: this test pins the scan itself).
 */
class IdIndexScanTest {
    private static IdIndex.Entry entry(long seq, String tenant, String session, String outcome) {
        return new IdIndex.Entry(
                UUID.randomUUID().toString(),
                seq,
                1,
                seq * 100,
                99,
                1_700_000_000_000L + seq,
                session,
                outcome,
                "00".repeat(32),
                tenant);
    }

    private static List<Long> seqs(IdIndex.Scan scan) {
        return scan.entries().stream().map(IdIndex.Entry::seq).toList();
    }

    @Test
    void aScanComparesTenantSessionOutcomeAndTimeOnTheColumnsBothWays() {
        IdIndex index = new IdIndex();
        List<IdIndex.Entry> entries = new ArrayList<>();
        for (long i = 1; i <= 12; i++) {
            entries.add(entry(i, i % 3 == 0 ? "beta" : "acme", "s-" + (i % 2), i % 4 == 0 ? "refused" : "ok"));
        }
        index.add(entries);
        Optional<String> none = Optional.empty();
        long all = Long.MAX_VALUE;
        assertThat(seqs(index.scan(0, false, none, none, Optional.of("beta"), Long.MIN_VALUE, all, 100)))
                .containsExactly(3L, 6L, 9L, 12L);
        assertThat(seqs(index.scan(11, true, none, none, Optional.of("beta"), Long.MIN_VALUE, all, 2)))
                .containsExactly(12L, 9L);
        IdIndex.Scan page = index.scan(11, true, none, none, Optional.of("beta"), Long.MIN_VALUE, all, 2);
        assertThat(seqs(index.scan(page.next(), true, none, none, Optional.of("beta"), Long.MIN_VALUE, all, 2)))
                .containsExactly(6L, 3L);
        assertThat(seqs(index.scan(
                        0,
                        false,
                        Optional.of("s-0"),
                        Optional.of("refused"),
                        Optional.of("acme"),
                        Long.MIN_VALUE,
                        all,
                        100)))
                .containsExactly(4L, 8L);
        assertThat(seqs(index.scan(0, false, none, none, none, 1_700_000_000_005L, 1_700_000_000_007L, 100)))
                .containsExactly(5L, 6L);
        assertThat(index.scan(0, false, none, none, Optional.of("nobody"), Long.MIN_VALUE, all, 100)
                        .entries())
                .isEmpty();
    }

    @Test
    void anEntryFromAnIndexFileWithoutTenantsIsLeftForTheRecordToDecide() {
        IdIndex index = new IdIndex();
        index.add(List.of(
                entry(1, IdIndex.UNKNOWN_TENANT, "s", "ok"), entry(2, "acme", "s", "ok"), entry(3, "beta", "s", "ok")));
        assertThat(seqs(index.scan(
                        0,
                        false,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("beta"),
                        Long.MIN_VALUE,
                        Long.MAX_VALUE,
                        100)))
                .containsExactly(1L, 3L);
    }
}
