package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.pii.PiiScanner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of {@link PiiScanner#mask} on text the gateway sees on every request: ~1 KB of ordinary prose
 * (nothing to find), ~1 KB with personal data and secrets, and a ~10 KB fetched page with numbers.
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s PiiScannerBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PiiScannerBenchmark {
    private final PiiScanner pii = PiiScanner.standard();
    private String prose;
    private String sensitive;
    private String page;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        String sentence = "The quarterly report covers revenue, churn and the roadmap for the next release. ";
        prose = sentence.repeat(12);
        sensitive = sentence.repeat(6)
                + "Contact jane.doe@example.com or +44 20 7946 0958, card 4111 1111 1111 1111, "
                + "key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx1234, order 2026-11-22 #88123 for 3 items. "
                + sentence.repeat(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append("<tr><td>Item ")
                    .append(i)
                    .append("</td><td>")
                    .append(1000 + i * 37)
                    .append(" units</td><td>2026-0")
                    .append(1 + i % 9)
                    .append("-1")
                    .append(i % 10)
                    .append("</td><td>ref ")
                    .append(700000 + i * 13)
                    .append("</td></tr> ");
        }
        page = sb.toString();
    }

    @Benchmark
    public String prose1k() {
        return pii.mask(prose);
    }

    @Benchmark
    public String sensitive1k() {
        return pii.mask(sensitive);
    }

    @Benchmark
    public String page10k() {
        return pii.mask(page);
    }
}
