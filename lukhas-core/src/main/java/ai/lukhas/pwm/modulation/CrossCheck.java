package ai.lukhas.pwm.modulation;

import ai.lukhas.pwm.expr.Expression;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Load-time check that an ordinary signal's map which reads a safety signal by name cannot loosen the
 * result as that safety signal rises (invariant 1 for custom policies). Sampled: x of the mapping
 * signal at 0.05 .. 1, the safety level at 0 .. 1 in steps of 0.005, other signals at 0, 0.5 and 1.
 *
 * <ul>
 *   <li>numeric maps: the value must never move against the tightening direction as the safety level
 *       rises, and must not switch between a value and no proposal (that changes the blend weights);
 *   <li>safety_mode / tool_allowlist maps: a proposal may be withdrawn or loosened only where the safety
 *       signal's own cap is at least as tight as what was proposed at a lower level.
 * </ul>
 */
final class CrossCheck {
    interface Failure {
        PolicyException at(int signal, Param param, String detail);
    }

    private static final int X_STEPS = 20;
    private static final int R_STEPS = 200;

    private final int n;
    private final String[] names;
    private final boolean[] safety;
    private final boolean[] down;
    private final Expression[][] numericMaps;
    private final Expression[] modeMaps;
    private final SafetyMode[][] modeChoices;
    private final Expression[] toolMaps;
    private final long[][] toolChoices;

    CrossCheck(
            String[] names,
            boolean[] safety,
            boolean[] down,
            Expression[][] numericMaps,
            Expression[] modeMaps,
            SafetyMode[][] modeChoices,
            Expression[] toolMaps,
            long[][] toolChoices) {
        this.n = names.length;
        this.names = names;
        this.safety = safety;
        this.down = down;
        this.numericMaps = numericMaps;
        this.modeMaps = modeMaps;
        this.modeChoices = modeChoices;
        this.toolMaps = toolMaps;
        this.toolChoices = toolChoices;
    }

    void run(Failure failure) {
        for (int i = 0; i < n; i++) {
            if (safety[i]) {
                continue;
            }
            for (int s = 0; s < n; s++) {
                if (!safety[s]) {
                    continue;
                }
                for (int q = 0; q < Param.NUMERIC; q++) {
                    Expression e = numericMaps[i][q];
                    if (e != null && e.references(s)) {
                        numeric(i, s, q, e, failure);
                    }
                }
                if (modeMaps[i] != null && modeMaps[i].references(s)) {
                    mode(i, s, failure);
                }
                if (toolMaps[i] != null && toolMaps[i].references(s)) {
                    tools(i, s, failure);
                }
            }
        }
    }

    /** One walk of the safety signal from 0 up to 1 at a fixed x and level of the other signals. */
    private interface Walk {
        /** The next step: the safety signal at {@code r}, the environment {@code env} (read, not kept). */
        void step(double x, double r, double others, double[] env);
    }

    /**
     * Walks safety signal {@code s} from 0 up to 1 in {@link #R_STEPS} steps, for every x of signal
     * {@code i} (0.05 .. 1) and the other signals at 0, 0.5 and 1, with a fresh {@link Walk} each time.
     */
    private void sweep(int i, int s, Supplier<Walk> walks) {
        double[] env = new double[n];
        for (double others : new double[] {0, 0.5, 1}) {
            for (int xs = 1; xs <= X_STEPS; xs++) {
                double x = (double) xs / X_STEPS;
                Arrays.fill(env, others);
                env[i] = x;
                Walk walk = walks.get();
                for (int k = 0; k <= R_STEPS; k++) {
                    double r = (double) k / R_STEPS;
                    env[s] = r;
                    walk.step(x, r, others, env);
                }
            }
        }
    }

    private void numeric(int i, int s, int q, Expression e, Failure failure) {
        sweep(i, s, () -> new Walk() {
            private boolean started;
            private double prev;
            private boolean prevFinite;

            @Override
            public void step(double x, double r, double others, double[] env) {
                double v = e.evalNumber(x, env);
                boolean finite = Double.isFinite(v);
                if (started && finite != prevFinite) {
                    throw failure.at(
                            i,
                            Param.ALL[q],
                            "must not switch between a value and no proposal as " + names[s] + " rises (it does at "
                                    + at(i, x, s, r, others) + ")");
                }
                if (started && finite && (down[q] ? v > prev : v < prev)) {
                    throw failure.at(
                            i,
                            Param.ALL[q],
                            "must not loosen (" + (down[q] ? "rise" : "fall") + ") as " + names[s]
                                    + " rises, but gives "
                                    + PolicyLoader.fmt(prev) + " then " + PolicyLoader.fmt(v) + " at "
                                    + at(i, x, s, r, others));
                }
                started = true;
                prev = v;
                prevFinite = finite;
            }
        });
    }

    private void mode(int i, int s, Failure failure) {
        int none = SafetyMode.values().length;
        sweep(i, s, () -> new Walk() {
            private int strictestSoFar = none;

            @Override
            public void step(double x, double r, double others, double[] env) {
                int c = modeMaps[i].evalChoice(x, env);
                int rank = c < 0 ? none : modeChoices[i][c].ordinal();
                if (rank > strictestSoFar) {
                    int capRank = none;
                    if (r > 0 && modeMaps[s] != null) {
                        int cc = modeMaps[s].evalChoice(r, env);
                        capRank = cc < 0 ? none : modeChoices[s][cc].ordinal();
                    }
                    if (capRank > strictestSoFar) {
                        throw failure.at(
                                i,
                                Param.SAFETY_MODE,
                                "withdraws or loosens its proposal "
                                        + SafetyMode.values()[strictestSoFar].wireName()
                                        + " as " + names[s] + " rises, where " + names[s]
                                        + "'s own cap is looser (at "
                                        + at(i, x, s, r, others) + ")");
                    }
                }
                strictestSoFar = Math.min(strictestSoFar, rank);
            }
        });
    }

    private void tools(int i, int s, Failure failure) {
        sweep(i, s, () -> new Walk() {
            private long fewestSoFar = -1L;

            @Override
            public void step(double x, double r, double others, double[] env) {
                int c = toolMaps[i].evalChoice(x, env);
                long mask = c < 0 ? -1L : toolChoices[i][c];
                if ((mask & ~fewestSoFar) != 0) {
                    long cap = -1L;
                    if (r > 0 && toolMaps[s] != null) {
                        int cc = toolMaps[s].evalChoice(r, env);
                        cap = cc < 0 ? -1L : toolChoices[s][cc];
                    }
                    if ((mask & cap & ~fewestSoFar) != 0) {
                        throw failure.at(
                                i,
                                Param.TOOL_ALLOWLIST,
                                "adds tools back as " + names[s] + " rises, beyond what " + names[s] + "'s own cap"
                                        + " removes (at " + at(i, x, s, r, others) + ")");
                    }
                }
                fewestSoFar &= mask;
            }
        });
    }

    private String at(int i, double x, int s, double r, double others) {
        return "x=" + PolicyLoader.fmt(x) + ", " + names[s] + "=" + PolicyLoader.fmt(r) + ", other signals at "
                + PolicyLoader.fmt(others);
    }
}
