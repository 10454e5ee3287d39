package ai.lukhas.pwm.governance.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                ts);
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
                T0);
        store.append(odd);
        assertThat(store.list(IncidentQuery.latest(1).forSession("s\"1"))).isEqualTo(List.of(odd));
    }
}
