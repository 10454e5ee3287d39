package ai.lukhas.pwm.governance.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.store.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link IncidentStore} must have; each implementation's test extends this. */
abstract class IncidentStoreContract {
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00.123456789Z");

    abstract IncidentStore store();

    static Incident incident(String id, String session, IncidentKind kind, Instant ts) {
        return new Incident(
                id,
                "aud_" + id,
                session,
                kind,
                kind == IncidentKind.FLAGGED_INPUT ? Optional.empty() : Optional.of("open_url"),
                "detail of " + id,
                Severity.HIGH,
                ts,
                TenantId.DEFAULT);
    }

    @Test
    void listsNewestFirstAndRoundTripsEveryField() {
        IncidentStore store = store();
        Incident a = incident("a", "s1", IncidentKind.BLOCKED_TOOL, T0);
        Incident b = incident("b", "s1", IncidentKind.FLAGGED_INPUT, T0.plusNanos(1));
        Incident c = incident("c", "s2", IncidentKind.PROVIDER_ERROR, T0.plusSeconds(5));
        store.append(a);
        store.append(c);
        store.append(b);
        assertThat(store.list(IncidentQuery.latest(10))).containsExactly(c, b, a);
    }

    @Test
    void equalInstantsListTheLatestRecordedFirst() {
        IncidentStore store = store();
        Incident first = incident("first", "s1", IncidentKind.BLOCKED_TOOL, T0);
        Incident second = incident("second", "s1", IncidentKind.BLOCKED_TOOL, T0);
        store.append(first);
        store.append(second);
        assertThat(store.list(IncidentQuery.latest(10))).containsExactly(second, first);
    }

    @Test
    void filtersBySessionTimeWindowAndKindsWithALimit() {
        IncidentStore store = store();
        for (int i = 0; i < 10; i++) {
            IncidentKind kind = i % 2 == 0 ? IncidentKind.BLOCKED_TOOL : IncidentKind.FLAGGED_OUTPUT;
            store.append(incident("s1-" + i, "s1", kind, T0.plusSeconds(i)));
            store.append(incident("s2-" + i, "s2", kind, T0.plusSeconds(i)));
        }
        assertThat(store.list(IncidentQuery.latest(3).forSession("s1")))
                .extracting(Incident::id)
                .containsExactly("s1-9", "s1-8", "s1-7");
        assertThat(store.list(IncidentQuery.latest(100)
                        .forSession("s2")
                        .since(T0.plusSeconds(2))
                        .before(T0.plusSeconds(6))))
                .extracting(Incident::id)
                .as("from inclusive, until exclusive")
                .containsExactly("s2-5", "s2-4", "s2-3", "s2-2");
        assertThat(store.list(IncidentQuery.latest(100).ofKinds(Set.of(IncidentKind.FLAGGED_OUTPUT))))
                .hasSize(10)
                .allMatch(i -> i.kind() == IncidentKind.FLAGGED_OUTPUT);
        assertThat(store.list(IncidentQuery.latest(100)
                        .ofKinds(Set.of(IncidentKind.FLAGGED_OUTPUT, IncidentKind.BLOCKED_TOOL))
                        .forSession("s1")))
                .hasSize(10);
        assertThat(store.list(IncidentQuery.latest(100).forSession("nobody"))).isEmpty();
    }

    static Incident of(TenantId tenant, String id, Instant ts) {
        Incident i = incident(id, "s-" + id, IncidentKind.BLOCKED_TOOL, ts);
        return new Incident(
                i.id(), i.auditId(), i.sessionId(), i.kind(), i.tool(), i.detail(), i.severity(), ts, tenant);
    }

    @Test
    void tenantsAreFilteredAndStoredWithEachIncident() {
        IncidentStore store = store();
        TenantId acme = TenantId.of("acme");
        store.append(of(acme, "a", T0));
        store.append(of(TenantId.of("beta"), "b", T0.plusSeconds(1)));
        store.append(incident("d", "s1", IncidentKind.BLOCKED_TOOL, T0.plusSeconds(2)));
        assertThat(store.list(IncidentQuery.latest(10).forTenant(acme)))
                .singleElement()
                .satisfies(i -> assertThat(i.tenant()).isEqualTo(acme));
        assertThat(store.list(IncidentQuery.latest(10).forTenant(TenantId.DEFAULT)))
                .extracting(Incident::id)
                .containsExactly("d");
        assertThat(store.list(IncidentQuery.latest(10).forTenant(TenantId.of("nobody"))))
                .isEmpty();
        assertThat(store.list(IncidentQuery.latest(10))).hasSize(3);
    }

    @Test
    void pagesContinueBeforeACursorEvenAcrossEqualInstants() {
        IncidentStore store = store();
        for (int i = 0; i < 7; i++) {
            // pairs share an instant, so the cursor must break ties by recording order
            store.append(incident("i" + i, "s", IncidentKind.BLOCKED_TOOL, T0.plusSeconds(i / 2)));
        }
        List<String> seen = new java.util.ArrayList<>();
        IncidentQuery q = IncidentQuery.latest(3);
        List<StoredIncident> page = store.listed(q);
        for (int pages = 0; !page.isEmpty() && pages < 10; pages++) { // bounded: a cursor that repeats fails, not hangs
            page.forEach(s -> seen.add(s.incident().id()));
            page = store.listed(
                    q.olderThan(IncidentCursor.parse(page.getLast().cursor().encode())));
        }
        assertThat(seen).containsExactly("i6", "i5", "i4", "i3", "i2", "i1", "i0");
    }

    @Test
    void aPollAfterTheEndSeesOnlyIncidentsRecordedLaterOldestFirst() {
        IncidentStore store = store();
        assertThat(store.end()).isEqualTo(IncidentCursor.START);
        store.append(incident("old", "s", IncidentKind.BLOCKED_TOOL, T0));
        IncidentCursor end = store.end();
        assertThat(store.listed(IncidentQuery.latest(10).recordedAfter(end))).isEmpty();
        // recorded later but stamped earlier (a clock step back): still new to the poll
        store.append(incident("n1", "s", IncidentKind.BLOCKED_TOOL, T0.minusSeconds(5)));
        store.append(incident("n2", "t", IncidentKind.BLOCKED_TOOL, T0.plusSeconds(5)));
        store.append(incident("n3", "s", IncidentKind.BLOCKED_TOOL, T0.plusSeconds(6)));
        assertThat(store.listed(IncidentQuery.latest(10).recordedAfter(end)))
                .extracting(s -> s.incident().id())
                .containsExactly("n1", "n2", "n3");
        assertThat(store.listed(IncidentQuery.latest(10).forSession("s").recordedAfter(end)))
                .extracting(s -> s.incident().id())
                .containsExactly("n1", "n3");
        assertThat(store.listed(IncidentQuery.latest(2).recordedAfter(end)))
                .extracting(s -> s.incident().id())
                .containsExactly("n1", "n2");
        assertThat(store.end().seq()).isGreaterThan(end.seq());
    }

    @Test
    void aCursorThatWasNotIssuedIsRefused() {
        assertThatThrownBy(() -> IncidentCursor.parse("bm9wZQ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IncidentCursor.parse("%%%")).isInstanceOf(IllegalArgumentException.class);
        IncidentCursor c = new IncidentCursor(42, T0);
        assertThat(IncidentCursor.parse(c.encode())).isEqualTo(c);
    }

    @Test
    void aDuplicateIdIsABug() {
        IncidentStore store = store();
        store.append(incident("x", "s1", IncidentKind.BLOCKED_TOOL, T0));
        assertThatThrownBy(() -> store.append(incident("x", "s1", IncidentKind.BLOCKED_TOOL, T0)))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.list(IncidentQuery.latest(10))).hasSize(1);
    }

    @Test
    void keepsTextThatNeedsEscaping() {
        IncidentStore store = store();
        Incident odd = new Incident(
                "odd",
                "aud'; DROP TABLE incident; --",
                "s\"1",
                IncidentKind.INVALID_ARGUMENTS,
                Optional.of("tool,with\nnewline"),
                "ünïcödé ✓ and 'quotes'",
                Severity.CRITICAL,
                T0,
                TenantId.DEFAULT);
        store.append(odd);
        assertThat(store.list(IncidentQuery.latest(1).forSession("s\"1"))).isEqualTo(List.of(odd));
    }
}
