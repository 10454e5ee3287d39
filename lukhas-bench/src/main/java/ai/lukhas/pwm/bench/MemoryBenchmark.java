package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.Consensus;
import ai.lukhas.pwm.memory.colony.ConsensusMethod;
import ai.lukhas.pwm.memory.colony.ConsensusResult;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.memory.dna.SearchHit;
import ai.lukhas.pwm.memory.dna.WriteReceipt;
import ai.lukhas.pwm.memory.dna.WriteRequest;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Colony consensus and DNA helix costs: deciding 7 opinions, searching 10,000 SQLite entries (FTS5,
 * bm25), and a 500-key {@code writeAll} batch (one fsync'd transaction, as the backfill does).
 *
 * <p>Run: {@code bin/bench -f 1 -wi 3 -i 5 -w 2s -r 2s MemoryBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoryBenchmark {
    private List<AgentOpinion> opinions;
    private Path dir;
    private Database db;
    private HelixMemory helix;
    private long batchVersion;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        opinions = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            JsonNode value = JsonNodeFactory.instance.objectNode().put("tone", i < 5 ? "brief" : "chatty");
            opinions.add(new AgentOpinion("agent-" + i, value, 0.5 + i * 0.05, "bench"));
        }
        dir = Files.createTempDirectory("lukhas-memory-bench");
        db = Database.sqlite(dir.resolve("lukhas.db"));
        helix = HelixMemory.sqlite(db, Clock.systemUTC(), Flags.fixed(Map.of()), DnaKeyring.none());
        List<WriteRequest> seed = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ObjectNode v = JsonNodeFactory.instance.objectNode();
            v.put("note", "item number " + i + (i % 10 == 0 ? " espresso" : " tea"));
            seed.add(new WriteRequest("seed." + i, v, 1, 0.5, JsonNodeFactory.instance.objectNode()));
        }
        for (int from = 0; from < seed.size(); from += 500) {
            helix.writeAll(TenantId.DEFAULT, seed.subList(from, from + 500));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        db.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public ConsensusResult decideMajority7() {
        return Consensus.decide("user.tone", 1, opinions, new ConsensusMethod.Majority());
    }

    @Benchmark
    public ConsensusResult decideByzantine7() {
        return Consensus.decide("user.tone", 1, opinions, new ConsensusMethod.Byzantine());
    }

    @Benchmark
    public List<SearchHit> sqliteSearchTop5Of10k() {
        return helix.search(TenantId.DEFAULT, "espresso item 77", 5);
    }

    @Benchmark
    public List<WriteReceipt> sqliteWriteAll500() {
        long version = ++batchVersion;
        List<WriteRequest> batch = new ArrayList<>(500);
        for (int i = 0; i < 500; i++) {
            ObjectNode v =
                    JsonNodeFactory.instance.objectNode().put("n", version).put("i", i);
            batch.add(new WriteRequest("batch." + i, v, version, 0.5, JsonNodeFactory.instance.objectNode()));
        }
        return helix.writeAll(TenantId.DEFAULT, batch);
    }
}
