import ai.lukhas.pwm.provider.JsonBuffers;
import com.fasterxml.jackson.core.util.*;
import java.lang.management.ManagementFactory;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class Contended {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        var mx = ManagementFactory.getThreadMXBean();
        for (String w : new String[] {"deque", "slots", "deque", "slots", "deque", "slots"}) {
            RecyclerPool<BufferRecycler> p = w.equals("deque") ? JsonRecyclerPools.sharedConcurrentDequePool() : JsonBuffers.pool();
            AtomicLong cpu = new AtomicLong();
            CyclicBarrier b = new CyclicBarrier(2);
            Thread[] ts = new Thread[2];
            for (int t = 0; t < 2; t++) {
                ts[t] = new Thread(() -> {
                    try { b.await(); } catch (Exception e) { throw new IllegalStateException("the two threads did not start together", e); }
                    long c0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) { var r = p.acquireAndLinkPooled(); r.allocByteBuffer(0); r.releaseToPool(); }
                    cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                });
                ts[t].start();
            }
            for (Thread t : ts) t.join();
            System.out.printf("%s contended (2 threads): %.1f ns CPU per acquire+release%n", w, cpu.get() / (2.0 * n));
        }
    }
}
