package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.FeedbackStore;
import ai.lukhas.pwm.feedback.FeedbackSubmission;
import ai.lukhas.pwm.feedback.LutSettings;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;

/**
 * Generated modulation policies for the pipeline properties of invariants 1 and 2: the caps of
 * alignment_risk (temperature, top_p, max tokens, mode, tools), the default mode, which ordinary
 * signal proposes strict, ttls and cooldowns vary; the rest is fixed text. Strict can therefore come
 * from the default, from an ordinary signal, from the risk cap or only from an escalation hold, and
 * a feedback rule that loosens strict "before the caps" is visible whenever the caps do not restore it.
 */
record GeneratedPolicy(
        double defaultTemperature,
        String defaultMode,
        double capTemperatureA,
        double capTemperatureB,
        double capTopP,
        int capMaxTokens,
        String riskMode,
        List<String> riskTools,
        String stressMode,
        long riskTtlMs,
        long riskCooldownMs,
        long ordinaryTtlMs,
        long ordinaryCooldownMs) {

    static final Map<String, String> TOOL_NAMES = Map.of(
            "retrieval", "retrieve_knowledge",
            "browser", "open_url",
            "scheduler", "schedule_task",
            "code_exec", "exec_code");

    /** The policy's signals, alignment_risk twice as likely, for generated client signals. */
    static final List<String> SIGNALS = List.of("alignment_risk", "alignment_risk", "novelty", "trust", "stress");

    /** The temperature cap of alignment_risk at level {@code x} (> 0), after the policy's bounds. */
    double temperatureCap(double x) {
        return clamp(Math.max(0.0, capTemperatureA - capTemperatureB * x), 0.0, 1.0);
    }

    /** The temperature cap of a held session (every safety signal at 1.0). */
    double temperatureCap() {
        return temperatureCap(1.0);
    }

    double topPCap() {
        return clamp(capTopP, 0.1, 1.0);
    }

    int maxTokensCap() {
        return (int) clamp(capMaxTokens, 256, 2048);
    }

    ModulationPolicy parse() {
        return ModulationPolicy.parse(yaml(), "generated.yaml");
    }

    String yaml() {
        String tools = riskTools.stream().map(t -> "'" + t + "'").collect(Collectors.joining(","));
        return """
                version: 1
                signals:
                  - {name: alignment_risk, weight: 1.0, cooldown_ms: %d, ttl_ms: %d, safety: true}
                  - {name: novelty, weight: 0.6, cooldown_ms: %d, ttl_ms: %d}
                  - {name: trust, weight: 0.4, cooldown_ms: %d, ttl_ms: %d}
                  - {name: stress, weight: 0.9, cooldown_ms: %d, ttl_ms: %d}
                defaults: {temperature: %s, top_p: 0.9, max_output_tokens: 1500, reasoning_effort: 0.5,
                           retrieval_k: 6, planner_beam: 2, memory_write: 0.4, safety_mode: %s,
                           tool_allowlist: [retrieval, browser, scheduler, code_exec]}
                bounds:
                  temperature: {range: [0.0, 1.0], tighten: down}
                  top_p: {range: [0.1, 1.0], tighten: down}
                  max_output_tokens: {range: [256, 2048], tighten: down}
                  reasoning_effort: {range: [0.0, 1.0], tighten: up}
                  retrieval_k: {range: [2, 10], tighten: down}
                  planner_beam: {range: [1, 6], tighten: down}
                  memory_write: {range: [0.1, 1.0], tighten: down}
                  safety_mode: {values: [strict, balanced, creative], tighten: strict}
                  tool_allowlist: {values: [retrieval, browser, scheduler, code_exec], tighten: fewer}
                maps:
                  alignment_risk:
                    temperature: "max(0.0, %s - %s*x)"
                    top_p: "%s"
                    max_output_tokens: "%d"
                    safety_mode: "%s"
                    tool_allowlist: "[%s]"
                  novelty:
                    temperature: "min(1.0, 0.6 + 0.6*x)"
                    top_p: "min(1.0, 0.7 + 0.3*x)"
                    max_output_tokens: "round(1200 + 800*x)"
                    safety_mode: "creative"
                  trust:
                    temperature: "min(1.0, 0.5 + 0.4*x)"
                    safety_mode: "balanced if x>0.6 else current"
                  stress:
                    temperature: "max(0.1, 0.7 - 0.6*x)"
                    safety_mode: "%s if x>0.5 else current"
                prompt_styles:
                  strict: {preamble: s, moderation_preset: high, stop_sequences: []}
                  balanced: {preamble: b, moderation_preset: standard, stop_sequences: []}
                  creative: {preamble: c, moderation_preset: standard, stop_sequences: []}
                """.formatted(
                        riskCooldownMs,
                        riskTtlMs,
                        ordinaryCooldownMs,
                        ordinaryTtlMs,
                        ordinaryCooldownMs,
                        ordinaryTtlMs,
                        ordinaryCooldownMs,
                        ordinaryTtlMs,
                        defaultTemperature,
                        defaultMode,
                        capTemperatureA,
                        capTemperatureB,
                        capTopP,
                        capMaxTokens,
                        riskMode,
                        tools,
                        stressMode);
    }

    /** {@link #policies()} for a parameter: {@code @ForAll(supplier = GeneratedPolicy.Policies.class)}. */
    static final class Policies implements ArbitrarySupplier<GeneratedPolicy> {
        @Override
        public Arbitrary<GeneratedPolicy> get() {
            return policies();
        }
    }

    static Arbitrary<GeneratedPolicy> policies() {
        Arbitrary<List<String>> tools = Arbitraries.subsetOf("retrieval", "browser", "scheduler", "code_exec")
                .map(s -> s.stream().sorted().toList());
        return Combinators.combine(
                        Combinators.combine(
                                        Arbitraries.of(0.3, 0.6, 0.9),
                                        Arbitraries.of("strict", "balanced", "creative"),
                                        Arbitraries.of(0.2, 0.5, 1.0, 1.5),
                                        Arbitraries.of(0.0, 0.3, 0.85),
                                        Arbitraries.of(0.05, 0.3, 0.9, 1.0),
                                        Arbitraries.of(100, 300, 900, 3000))
                                .as((dt, dm, a, b, p, m) -> new Object[] {dt, dm, a, b, p, m}),
                        Arbitraries.of("strict", "balanced", "current", "creative"),
                        tools,
                        Arbitraries.of("strict", "balanced", "creative"),
                        Arbitraries.of(1_000L, 60_000L, 600_000L, 3_600_000L),
                        Arbitraries.of(0L, 500L, 120_000L),
                        Arbitraries.of(1_000L, 60_000L, 3_600_000L),
                        Arbitraries.of(0L, 300L, 5_000L))
                .as((o, mode, t, stress, rTtl, rCool, oTtl, oCool) -> new GeneratedPolicy(
                        (double) o[0],
                        (String) o[1],
                        (double) o[2],
                        (double) o[3],
                        (double) o[4],
                        (int) o[5],
                        mode,
                        t,
                        stress,
                        rTtl,
                        rCool,
                        oTtl,
                        oCool));
    }

    /** Client signals of the generated policy: any level, including 0, 1 and out-of-range ones, some with a ttl. */
    static Arbitrary<List<SignalInput>> signals() {
        Arbitrary<SignalInput> signal = Combinators.combine(
                        Arbitraries.of(SIGNALS),
                        Arbitraries.oneOf(
                                Arbitraries.of(0.0, 0.0, 1.0, 0.1, 0.5),
                                Arbitraries.doubles().between(-0.5, 1.5)),
                        Arbitraries.longs()
                                .between(1, 86_400_000L)
                                .map(Duration::ofMillis)
                                .optional(0.4))
                .as((name, level, ttl) -> new SignalInput(name, level, ttl, "client"));
        return signal.list().ofMaxSize(4).uniqueElements(SignalInput::name);
    }

    /** Feedback ratings of one user, newest last; empty: no feedback at all. */
    static Arbitrary<List<Integer>> ratings() {
        return Arbitraries.integers().between(1, 5).list().ofMaxSize(12);
    }

    /** What a property does in its fresh directory, with a feedback database there. */
    interface InDirectory {
        void run(java.nio.file.Path dir, Database db) throws java.io.IOException;
    }

    /** Runs {@code body} in a fresh temporary directory with a feedback database, deleting both afterwards. */
    static void inFreshDirectory(String prefix, InDirectory body) throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(prefix);
        try (Database db = Database.sqlite(dir.resolve("feedback.db"))) {
            body.run(dir, db);
        } finally {
            PipelineFixture.deleteTree(dir);
        }
    }

    /**
     * A pipeline over this policy in {@code dir} with the offline provider and local moderation, in
     * which user {@code u-1} has given the feedback {@code ratings} (stored in {@code db}).
     */
    PipelineFixture fixture(java.nio.file.Path dir, Database db, List<Integer> ratings) {
        return new PipelineFixture(
                dir,
                parse(),
                c -> ai.lukhas.pwm.provider.LlmProvider.offline(),
                ai.lukhas.pwm.governance.moderation.ModerationProvider.local(),
                ai.lukhas.pwm.audit.Durability.OS,
                feedback(db, "u-1", ratings));
    }

    /**
     * A pipeline builder step that adds a feedback service over {@code db} in which {@code user} of
     * the fixture's tenant has rated with {@code ratings} (every rated action exists: the target
     * check is tested with the server); nothing when there are no ratings.
     */
    private static java.util.function.BiFunction<MutableClock, GovernedPipeline.Builder, GovernedPipeline.Builder>
            feedback(Database db, String user, List<Integer> ratings) {
        return (clock, b) -> {
            if (ratings.isEmpty()) {
                return b;
            }
            FeedbackService service = FeedbackService.create(
                    FeedbackStore.sqlite(db), (tenant, id) -> true, PiiScanner.standard(), LutSettings.DEFAULT, clock);
            TenantId tenant = TenantId.of(PipelineFixture.CALLER.tenant());
            for (int i = 0; i < ratings.size(); i++) {
                service.submit(
                        tenant,
                        FeedbackSubmission.of("act-" + i, ratings.get(i)).byUser(user));
            }
            return b.feedback(service);
        };
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
