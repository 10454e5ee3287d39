package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonBuffersTest {
    @Test
    void aReturnedRecyclerIsHandedOutAgainAndAFullRowDropsTheRest() {
        JsonBuffers pool = new JsonBuffers();
        BufferRecycler first = pool.acquireAndLinkPooled();
        first.releaseToPool();
        assertThat(pool.pooledCount()).isEqualTo(1);
        assertThat(pool.acquirePooled()).isSameAs(first);
        assertThat(pool.pooledCount()).isZero();

        List<BufferRecycler> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(pool.acquireAndLinkPooled());
        }
        assertThat(Collections.newSetFromMap(new IdentityHashMap<>()).addAll(held))
                .isTrue();
        held.forEach(BufferRecycler::releaseToPool);
        assertThat(pool.pooledCount()).isEqualTo(16);
        assertThat(pool.clear()).isTrue();
        assertThat(pool.pooledCount()).isZero();
    }

    /** A recycler is never held by two users at once, however the acquisitions race. */
    @Test
    void noRecyclerIsHeldTwiceAtOnce() throws Exception {
        JsonBuffers pool = new JsonBuffers();
        Set<BufferRecycler> inUse = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicInteger clashes = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (var ex = Executors.newFixedThreadPool(8)) {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(ex.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20_000; i++) {
                        BufferRecycler r = pool.acquireAndLinkPooled();
                        if (!inUse.add(r)) {
                            clashes.incrementAndGet();
                        }
                        inUse.remove(r);
                        r.releaseToPool();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertThat(clashes).hasValue(0);
        assertThat(pool.pooledCount()).isBetween(1, 16);
    }

    @Test
    void aMapperOnThePoolReadsAndWrites() throws Exception {
        ObjectMapper m = new ObjectMapper(
                JsonFactory.builder().recyclerPool(new JsonBuffers()).build());
        for (int i = 0; i < 3; i++) {
            assertThat(m.writeValueAsString(m.readTree("{\"a\":[1,\"\\u00e9\"]}")))
                    .isEqualTo("{\"a\":[1,\"é\"]}");
        }
    }
}
