package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.flags.FlagRegistry;
import ai.lukhas.pwm.flags.FlagService;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.flags.OpenFeatureFlags;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.time.Clock;
import java.util.Map;
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
 * Cost of reading one flag on the request path: a fixed map (baseline), our {@link FlagService}
 * (cached env + file, 5 s refresh), and the same through an OpenFeature client.
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s FlagsBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlagsBenchmark {
    private Flags fixed;
    private FlagService service;
    private OpenFeatureAPI api;
    private Client client;

    @Setup
    public void setUp() {
        fixed = Flags.fixed(Map.of("BROWSER_TOOL", true));
        service = FlagService.create(
                FlagRegistry.standard(),
                Optional.empty(),
                () -> Map.of("LUKHAS_FLAG_BROWSER_TOOL", "on"),
                Clock.systemUTC());
        api = OpenFeatureAPI.createIsolated();
        api.setProviderAndWait(service.openFeatureProvider());
        client = api.getClient();
    }

    @TearDown
    public void tearDown() {
        api.shutdown();
    }

    @Benchmark
    public boolean fixedMap() {
        return fixed.isEnabled("BROWSER_TOOL", false);
    }

    @Benchmark
    public boolean flagService() {
        return service.isEnabled("BROWSER_TOOL", false);
    }

    @Benchmark
    public boolean openFeatureClient() {
        return client.getBooleanValue("BROWSER_TOOL", false);
    }

    @Benchmark
    public boolean openFeatureAdapter() {
        return OpenFeatureFlags.over(client).isEnabled("BROWSER_TOOL", false);
    }
}
