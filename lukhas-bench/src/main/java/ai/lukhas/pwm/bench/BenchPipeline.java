package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.governance.incident.Escalation;
import ai.lukhas.pwm.governance.incident.Guardian;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentStore;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.provider.LlmProvider;
import java.time.Clock;

/** The governed pipeline as the benchmarks and the stream-release count drive it. */
public final class BenchPipeline {
    private BenchPipeline() {}

    /**
     * Every stage over {@code provider}: local moderation, incidents and escalation in memory (as in a
     * single-node gateway), the given gate and audit log.
     *
     * <pre>{@code
     * GovernedPipeline p = BenchPipeline.over(LlmProvider.offline(), modulator, gate, log, Clock.systemUTC());
     * }</pre>
     */
    public static GovernedPipeline over(
            LlmProvider provider, Modulator modulator, ToolGate gate, AuditLog log, Clock clock) {
        return GovernedPipeline.builder()
                .provider(provider)
                .modulator(modulator)
                .tools(gate)
                .moderator(Moderator.create(ModerationProvider.local()))
                .guardian(Guardian.create(
                        IncidentLog.create(IncidentStore.inMemory(), clock), Escalation.inMemory(modulator, clock)))
                .audit(log)
                .clock(clock)
                .build();
    }
}
