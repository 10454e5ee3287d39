package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.StrictFloor;
import ai.lukhas.pwm.modulation.StyleDeltas;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Escalation holds (safety invariant 5, and 1 across requests): an incident puts a hold on its session
 * (and, as configured, on its user and API key); while a hold applies, every modulation of a session it
 * covers has strict as its floor ({@link StrictFloor}), so no signal a client records afterwards, under
 * any name, header or route, loosens a parameter below the strict caps. A hold ends at its expiry, on
 * the injected clock, or when an admin releases it. Every modulation of a session that serves a request
 * or answers about a session goes through {@link #modulate}.
 *
 * <pre>{@code
 * Escalation e = Escalation.create(modulator, EscalationHolds.inMemory(), IncidentWindows.inMemory(),
 *         EscalationSettings.DEFAULT, clock);
 * e.escalate(subject, "aud_1", IncidentKind.BLOCKED_TOOL);
 * e.modulate(subject, StyleDeltas.NONE).params().safetyMode(); // STRICT for the next 10 minutes
 * }</pre>
 */
public final class Escalation {
    private final Modulator modulator;
    private final EscalationHolds holds;
    private final IncidentWindows windows;
    private final EscalationSettings settings;
    private final Clock clock;

    private Escalation(
            Modulator modulator,
            EscalationHolds holds,
            IncidentWindows windows,
            EscalationSettings settings,
            Clock clock) {
        this.modulator = modulator;
        this.holds = holds;
        this.windows = windows;
        this.settings = settings;
        this.clock = clock;
    }

    public static Escalation create(
            Modulator modulator,
            EscalationHolds holds,
            IncidentWindows windows,
            EscalationSettings settings,
            Clock clock) {
        return new Escalation(
                Objects.requireNonNull(modulator, "modulator"),
                Objects.requireNonNull(holds, "holds"),
                Objects.requireNonNull(windows, "windows"),
                Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** In-memory holds and windows with the default settings. */
    public static Escalation inMemory(Modulator modulator, Clock clock) {
        return create(
                modulator, EscalationHolds.inMemory(), IncidentWindows.inMemory(), EscalationSettings.DEFAULT, clock);
    }

    public Modulator modulator() {
        return modulator;
    }

    public EscalationSettings settings() {
        return settings;
    }

    /**
     * Puts the holds an incident calls for: on the subject's session always; on its user when the user
     * scope is on and the request named one; on its API key when the key scope is on and this incident
     * makes {@code keyIncidents} within {@code keyWindow}. Returns the holds placed.
     */
    public List<Hold> escalate(EscalationSubject subject, String auditId, IncidentKind kind) {
        Objects.requireNonNull(subject, "subject");
        Instant now = clock.instant();
        Instant until = now.plus(settings.hold());
        List<Hold> placed = new ArrayList<>(3);
        placed.add(new Hold(new HoldScope.Session(subject.session()), now, until, auditId, kind, subject.session()));
        if (settings.userScope() && subject.userId().isPresent()) {
            placed.add(new Hold(
                    new HoldScope.User(
                            subject.session().tenant(), subject.userId().get()),
                    now,
                    until,
                    auditId,
                    kind,
                    subject.session()));
        }
        if (settings.keyScope()
                && windows.recordAndCount(subject.keyId(), now, settings.keyWindow()) >= settings.keyIncidents()) {
            placed.add(new Hold(new HoldScope.Key(subject.keyId()), now, until, auditId, kind, subject.session()));
        }
        placed.forEach(holds::place);
        return List.copyOf(placed);
    }

    /** The holds that apply to {@code subject} now, the longest-lasting first. */
    public List<Hold> holdsOn(EscalationSubject subject) {
        Objects.requireNonNull(subject, "subject");
        List<Hold> active = new ArrayList<>(holds.active(subject.scopes(settings), clock.instant()));
        active.sort(Comparator.comparing(Hold::until).reversed());
        return List.copyOf(active);
    }

    /** The subject's parameters now: its session's signals, with strict as the floor while a hold applies. */
    public ModulationResult modulate(EscalationSubject subject, StyleDeltas deltas) {
        Objects.requireNonNull(deltas, "deltas");
        return modulator.modulate(subject.session(), deltas, floor(holdsOn(subject)));
    }

    /** The floor the longest of {@code active} holds puts under a modulation; empty when none applies. */
    public static Optional<StrictFloor> floor(List<Hold> active) {
        if (active.isEmpty()) {
            return Optional.empty();
        }
        Hold h = active.get(0);
        for (Hold other : active) {
            if (other.until().isAfter(h.until())) {
                h = other;
            }
        }
        return Optional.of(new StrictFloor(
                h.until(),
                "escalation hold (" + h.scope().wireName() + " scope) after "
                        + h.kind().wireName()));
    }

    /**
     * An admin's release of a session's hold: removes the hold on the session and the user and key holds
     * that incidents in this session placed. Holds placed from other sessions stay. Returns what was released.
     */
    public List<Hold> release(SessionKey session, Optional<String> userId, Optional<String> keyId) {
        Objects.requireNonNull(session, "session");
        Instant now = clock.instant();
        List<Hold> released = new ArrayList<>(3);
        holds.release(new HoldScope.Session(session), now).ifPresent(released::add);
        List<HoldScope> others = new ArrayList<>(2);
        userId.filter(u -> !u.isBlank()).ifPresent(u -> others.add(new HoldScope.User(session.tenant(), u)));
        keyId.filter(k -> !k.isBlank()).ifPresent(k -> others.add(new HoldScope.Key(k)));
        for (Hold h : holds.active(others, now)) {
            if (h.origin().equals(session)) {
                holds.release(h.scope(), now).ifPresent(released::add);
            }
        }
        return List.copyOf(released);
    }
}
