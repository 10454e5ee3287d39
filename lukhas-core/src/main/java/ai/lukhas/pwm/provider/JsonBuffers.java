package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Jackson's parser and generator buffers shared by the request path's mappers (the gateway's request
 * bodies and answers, the upstream wire): every request runs on a virtual thread that lives for one
 * request, so Jackson's default per-thread pool would allocate fresh buffers each time.
 *
 * <p>A fixed row of slots instead of {@code JsonRecyclerPools.sharedConcurrentDequePool()}: taking and
 * returning a recycler is one compare-and-set on a slot (no deque node made per return, no head and tail
 * to update). A parse or a write holds its recycler only while it runs, so a few slots serve a whole
 * gateway; when every slot is taken a fresh recycler is made, and one returned to a full row is dropped.
 *
 * <pre>{@code JsonFactory.builder().recyclerPool(JsonBuffers.pool()).build()}</pre>
 */
public final class JsonBuffers implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;
    private static final int SLOTS = 16;
    private static final JsonBuffers SHARED = new JsonBuffers();

    private final transient AtomicReferenceArray<BufferRecycler> slots = new AtomicReferenceArray<>(SLOTS);

    JsonBuffers() {}

    /** The one pool of the process (tests make their own). */
    public static RecyclerPool<BufferRecycler> pool() {
        return SHARED;
    }

    @Override
    public BufferRecycler acquirePooled() {
        for (int i = 0; i < SLOTS; i++) {
            BufferRecycler r = slots.getPlain(i);
            if (r != null && slots.compareAndSet(i, r, null)) {
                return r;
            }
        }
        return new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        for (int i = 0; i < SLOTS; i++) {
            if (slots.getPlain(i) == null && slots.compareAndSet(i, null, recycler)) {
                return;
            }
        }
    }

    @Override
    public int pooledCount() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean clear() {
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, null);
        }
        return true;
    }

    /** Deserialised (a factory is serialisable) as the shared pool. */
    private Object readResolve() {
        return SHARED;
    }
}
