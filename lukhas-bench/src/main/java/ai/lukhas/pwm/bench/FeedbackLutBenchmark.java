package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.feedback.FeedbackService;
import ai.lukhas.pwm.feedback.FeedbackStore;
import ai.lukhas.pwm.feedback.FeedbackSubmission;
import ai.lukhas.pwm.feedback.LutSettings;
import ai.lukhas.pwm.feedback.LutValues;
import ai.lukhas.pwm.feedback.StyleLut;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of the style LUT: the formula alone over 200 ratings, and a full {@code lut(user)} read from
 * the SQLite store holding 200 cards of that user (query + version check).
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s FeedbackLutBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FeedbackLutBenchmark {
    private Path dir;
    private Database db;
    private FeedbackService feedback;
    private List<Integer> ratings;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("lukhas-lut-bench");
        db = Database.sqlite(dir.resolve("lukhas.db"));
        feedback = FeedbackService.create(
                FeedbackStore.sqlite(db),
                (tenant, id) -> true, // every benchmark card rates an existing action
                PiiScanner.standard(),
                LutSettings.DEFAULT,
                Clock.systemUTC());
        ratings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int rating = 1 + (i * 7) % 5;
            ratings.add(rating);
            feedback.submit(
                    TenantId.DEFAULT,
                    FeedbackSubmission.of("audit-" + i, rating).byUser("alice"));
        }
    }

    @TearDown
    public void tearDown() {
        db.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public LutValues formula200() {
        return LutValues.fromRatingsNewestFirst(ratings);
    }

    @Benchmark
    public StyleLut lutFromSqlite200() {
        return feedback.lut(TenantId.DEFAULT, Optional.of("alice"));
    }
}
