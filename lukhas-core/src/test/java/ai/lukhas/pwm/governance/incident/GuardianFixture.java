package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.testing.MutableClock;
import java.time.Instant;
import java.util.Map;

/**
 * What a guardian test stands on, on one clock: the default policy's modulator, an in-memory
 * incident log and escalation, the guardian over them, and local moderation.
 */
abstract class GuardianFixture {
    final MutableClock clock;
    final Modulator modulator;
    final IncidentLog incidents;
    final Escalation escalation;
    final Guardian guardian;
    final Moderator moderator = Moderator.create(ModerationProvider.local());

    GuardianFixture(Instant start) {
        this.clock = new MutableClock(start);
        this.modulator = Modulator.create(ModulationPolicy.loadDefault(), clock, Flags.fixed(Map.of()));
        this.incidents = IncidentLog.create(IncidentStore.inMemory(), clock);
        this.escalation = Escalation.inMemory(modulator, clock);
        this.guardian = Guardian.create(incidents, escalation);
    }
}
