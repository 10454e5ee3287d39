package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.incident.Escalation;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.Guardian;
import ai.lukhas.pwm.governance.incident.IncidentLog;
import ai.lukhas.pwm.governance.incident.IncidentReport;
import ai.lukhas.pwm.governance.incident.IncidentStore;
import ai.lukhas.pwm.governance.incident.Tightening;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.StyleDeltas;
import ai.lukhas.pwm.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Violation → strict latency (safety invariant 5, budget < 1 ms): one {@link Guardian#onIncident} call places
 * the session's (and user's) escalation hold, records the incident (PII-masked detail, id, clock, counters,
 * store append) and re-modulates. Side by side: {@code modulateOnly}, the plain modulation every request pays
 * anyway (with its hold lookup), and {@code violationToStrictSqlite}, the same with the durable SQLite store ({@code synchronous=FULL},
 * one fsync'd transaction per incident), to show what durability costs. Sessions rotate over 1024 ids that
 * already carry ordinary signals, and every result is checked to be strict.
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s AutoTightening}
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AutoTighteningBenchmark {
    private static final int SESSIONS = 1024;

    @State(Scope.Thread)
    public static class InMemory {
        Modulator modulator;
        Guardian guardian;
        EscalationSubject[] sessions;
        IncidentReport[] reports;
        int next;

        @Setup(Level.Iteration)
        public void setUp() {
            modulator = Modulator.create(ModulationPolicy.loadDefault(), Clock.systemUTC(), Flags.fixed(Map.of()));
            guardian = Guardian.create(
                    IncidentLog.create(store(), Clock.systemUTC()), Escalation.inMemory(modulator, Clock.systemUTC()));
            sessions = new EscalationSubject[SESSIONS];
            reports = new IncidentReport[SESSIONS];
            for (int i = 0; i < SESSIONS; i++) {
                sessions[i] = new EscalationSubject(
                        SessionKey.of("bench", "session-" + i), Optional.of("user-" + i), "key-bench");
                modulator.record(sessions[i].session(), SignalInput.of("trust", 0.9, "client"));
                modulator.record(sessions[i].session(), SignalInput.of("novelty", 0.6, "client"));
                modulator.record(sessions[i].session(), SignalInput.of("stress", 0.3, "client"));
                reports[i] = IncidentReport.blockedTool(
                        "aud_" + i, "session-" + i, "exec_code", "tool 'exec_code' was not offered for this request");
            }
        }

        IncidentStore store() {
            return IncidentStore.inMemory();
        }
    }

    @State(Scope.Thread)
    public static class Sqlite extends InMemory {
        Path dir;
        Database db;

        @Override
        IncidentStore store() {
            try {
                dir = Files.createTempDirectory("lukhas-bench-incidents");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            db = Database.sqlite(dir.resolve("lukhas.db"));
            return IncidentStore.sqlite(db);
        }

        @TearDown(Level.Iteration)
        public void close() {
            db.close();
            BenchFiles.deleteTree(dir);
        }
    }

    @Benchmark
    public ModulationResult modulateOnly(InMemory s) {
        int i = s.next++ & (SESSIONS - 1);
        return s.guardian.escalation().modulate(s.sessions[i], StyleDeltas.NONE);
    }

    @Benchmark
    public Tightening violationToStrict(InMemory s) {
        return tighten(s);
    }

    @Benchmark
    public Tightening violationToStrictSqlite(Sqlite s) {
        return tighten(s);
    }

    private static Tightening tighten(InMemory s) {
        int i = s.next++ & (SESSIONS - 1);
        Tightening t = s.guardian.onIncident(s.sessions[i], s.reports[i], StyleDeltas.NONE);
        if (t.modulation().params().safetyMode() != SafetyMode.STRICT) {
            throw new AssertionError(
                    "not strict after an incident: " + t.modulation().params());
        }
        return t;
    }
}
