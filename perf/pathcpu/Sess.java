import java.lang.management.ManagementFactory;
import java.time.*;
import java.util.*;

public class Sess {
    record Key(String tenant, String session) {}
    record Activity(long incidents, Instant last, Optional<String> userId, String keyId) {}
    static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static LinkedHashMap<Key, Activity> map() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            protected boolean removeEldestEntry(Map.Entry<Key, Activity> e) { return size() > 100_000; }
        };
    }
    public static void main(String[] a) {
        Clock clock = Clock.systemUTC();
        int n = 300_000;
        for (int round = 0; round < 4; round++) {
            for (String w : new String[] {"get+put", "compute"}) {
                LinkedHashMap<Key, Activity> m = map();
                Key[] keys = new Key[n * 2];
                for (int i = 0; i < keys.length; i++) keys[i] = new Key("default", "s-" + UUID.randomUUID());
                for (int i = 0; i < n; i++) m.put(keys[i], new Activity(0, clock.instant(), Optional.empty(), "k"));
                long c0 = MX.getCurrentThreadCpuTime(), a0 = MX.getCurrentThreadAllocatedBytes();
                for (int i = n; i < 2 * n; i++) {
                    Key k = keys[i];
                    if (w.equals("get+put")) {
                        Activity before = m.get(k);
                        long total = (before == null ? 0 : before.incidents()) + 0;
                        m.put(k, new Activity(total, clock.instant(), Optional.empty(), "k"));
                    } else {
                        m.compute(k, (kk, before) -> new Activity((before == null ? 0 : before.incidents()) + 0, clock.instant(), Optional.empty(), "k"));
                    }
                }
                long c1 = MX.getCurrentThreadCpuTime(), a1 = MX.getCurrentThreadAllocatedBytes();
                System.out.printf("round %d %-8s %.1f ns/op %d B/op (map at 100,000, a new session each time)%n", round, w, (c1 - c0) / (double) n, (a1 - a0) / n);
            }
        }
    }
}
