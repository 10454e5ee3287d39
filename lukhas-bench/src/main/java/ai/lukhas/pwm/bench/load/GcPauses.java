package ai.lukhas.pwm.bench.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Stop-the-world collections of this JVM (which runs the gateway, the mock upstream and the clients)
 * and their total time; the difference of two snapshots says what a phase spent in GC pauses.
 *
 * <pre>{@code GcPauses before = GcPauses.now(); ...; GcPauses spent = GcPauses.now().minus(before);}</pre>
 */
record GcPauses(long collections, double millis) {
    GcPauses {
        if (collections < 0 || millis < 0) {
            throw new IllegalArgumentException(
                    "collections and millis must be >= 0, but were " + collections + " and " + millis);
        }
    }

    static GcPauses now() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // G1 and ZGC report their concurrent cycles as a collector too; those are not pauses.
            if (gc.getName().contains("Concurrent") || gc.getCollectionCount() < 0) {
                continue;
            }
            count += gc.getCollectionCount();
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new GcPauses(count, ms);
    }

    GcPauses minus(GcPauses before) {
        return new GcPauses(Math.max(0, collections - before.collections), Math.max(0, millis - before.millis));
    }
}
