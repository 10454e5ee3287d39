package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.moderation.PendingPhrases;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the local moderation provider (lexicon rules, PII and secret detectors) per call: a typical user
 * prompt (~200 characters), a 1 KB prompt full of near-miss words, a final answer (~1,000) and a fetched page as a tool output (~10,000, with
 * prompt-injection rules).
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s ModerationBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModerationBenchmark {
    private static final String SENTENCE = "The quarterly report shows revenue growth of 12 percent in the northern"
            + " region, driven by new customers and a better retention rate than last year. ";

    Moderator moderator;
    String prompt;
    String prompt1k;
    String answer;
    String page;

    @Setup
    public void setUp() {
        moderator = Moderator.create(ModerationProvider.local());
        prompt = "Can you summarise the attached notes for tomorrow's meeting and list three open questions?"
                + " Keep it short, please, and mention the budget.";
        prompt1k = ("I am preparing the quarterly review for the operations team. Please read the notes below and"
                        + " tell me which process keeps getting killed by the scheduler, why the deploy job was shot"
                        + " down twice, and how to execute the migration without attacking the database with too many"
                        + " connections. ")
                .repeat(4)
                .substring(0, 1024);
        answer = SENTENCE.repeat(7);
        page = ("<p>" + SENTENCE + "</p>\n").repeat(60);
    }

    @Benchmark
    public ModerationOutcome userInput() {
        return moderator.userInput(prompt, ModerationPreset.STANDARD);
    }

    /** A 1,024-character user prompt with technical "kill/shoot/execute/attack" words (near-miss vocabulary). */
    @Benchmark
    public ModerationOutcome userInput1k() {
        return moderator.userInput(prompt1k, ModerationPreset.STANDARD);
    }

    @Benchmark
    public ModerationOutcome finalOutput() {
        return moderator.finalOutput(answer, ModerationPreset.STANDARD);
    }

    /**
     * The phrase half of the stream release rule ({@code PendingPhrases}) over the ~1 KB answer fed in
     * 6-character chunks, as a stream releases it (issue 19): the cost the new rule adds per streamed KB.
     */
    @Benchmark
    public int streamRelease1k() {
        PendingPhrases p = moderator.pendingPhrases(64).orElseThrow();
        StringBuilder sofar = new StringBuilder(answer.length());
        int r = 0;
        for (int i = 0; i < answer.length(); i += 6) {
            sofar.append(answer, i, Math.min(answer.length(), i + 6));
            r = p.releasable(sofar);
        }
        return r;
    }

    @Benchmark
    public ModerationOutcome toolOutputPage() {
        return moderator.toolOutput("open_url", page, ModerationPreset.HIGH);
    }
}
