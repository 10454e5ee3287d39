package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.pii.PiiScanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The redactor's clean-string and key memories (fixed arrays, two ways per set) only skip work: every
 * text and key is stored exactly as the masker alone would store it, whatever the order, repetition,
 * set collisions and threads; a string with a finding is never remembered; strings a bundle repeats are
 * scanned once.
 */
class RedactorCacheProperties {
    private static final PiiScanner PII = PiiScanner.standard();

    /** What the redactor stores for a text without any memory. */
    private static String expectedText(String s) {
        return s.length() < AuditRedactor.SHORTEST_FINDING
                ? CanonicalJson.wellFormed(s)
                : CanonicalJson.wellFormed(PII.mask(s));
    }

    /** Strings whose {@code hashCode} falls in the same set of a memory of {@code slots}. */
    private static List<String> sameSet(int slots, String prefix, int count) {
        List<String> out = new ArrayList<>();
        int want = -1;
        for (int i = 0; out.size() < count; i++) {
            String s = prefix + i;
            int h = s.hashCode();
            int set = ((h ^ (h >>> 16)) << 1) & (slots - 2);
            if (want < 0) {
                want = set;
            }
            if (set == want) {
                out.add(s);
            }
        }
        return out;
    }

    /** Clean and personal strings, repeated, fresh, colliding, as equal copies and as the same objects. */
    private static List<String> pool(Random r) {
        List<String> pool = new ArrayList<>(List.of(
                "passed",
                "standard",
                "user_input",
                "final_output",
                "request_allowlist",
                "not in the request's tool allowlist",
                "temperature: client asked 0.7, lowered to the modulated 0.6",
                "mail bob@example.com now",
                "call +1 415 555 2671",
                "sk-abcdefghijklmnopqrstuvwx",
                "card 4111 1111 1111 1111",
                "2026-12-04T20:06:29.421Z",
                "gpt-4o-mini-2024-07-18",
                "ab\uD800cd-lone-surrogate",
                "x".repeat(AuditRedactor.CLEAN_CACHE_MAX_LENGTH + 1),
                "a@b.io",
                "tiny"));
        pool.addAll(sameSet(AuditRedactor.CLEAN_SLOTS, "collide-", 4));
        pool.addAll(sameSet(AuditRedactor.CLEAN_SLOTS, "mail-", 3).stream()
                .map(s -> s + " x@y.org")
                .toList());
        for (int i = 0; i < 40; i++) {
            pool.add("s-" + new java.util.UUID(r.nextLong(), r.nextLong()));
        }
        return pool;
    }

    @Property(tries = 40)
    void textsAreStoredAsTheMaskerAloneStoresThem(@ForAll @LongRange long seed) {
        Random r = new Random(seed);
        AuditRedactor redactor = AuditRedactor.standard();
        CanonicalJson.Rewrite rw = redactor.rewrite();
        List<String> pool = pool(r);
        Map<String, String> expected = new HashMap<>();
        for (String s : pool) {
            expected.put(s, expectedText(s));
        }
        for (int i = 0; i < 3_000; i++) {
            String s = pool.get(r.nextInt(pool.size()));
            // an equal copy half of the time: the memory must not depend on identity
            String asked = r.nextBoolean() ? s : new String(s.toCharArray());
            assertThat(rw.text(asked)).as("text %s", asked).isEqualTo(expected.get(s));
        }
    }

    @Property(tries = 20)
    void keysAreStoredAsTheMaskerAndRulesAloneStoreThem(@ForAll @LongRange long seed) {
        Random r = new Random(seed);
        AuditRedactor redactor = AuditRedactor.standard();
        AuditRedactor fresh = AuditRedactor.standard();
        List<String> keys = new ArrayList<>(List.of(
                "from_default",
                "api_key",
                "password",
                "Authorization",
                "bob@example.com",
                "cap_applied",
                "x".repeat(AuditRedactor.KEY_CACHE_MAX_LENGTH + 1)));
        keys.addAll(sameSet(AuditRedactor.KEY_SLOTS, "k", 4));
        keys.addAll(sameSet(AuditRedactor.KEY_SLOTS, "secret_", 3));
        Map<String, CanonicalJson.StoredKey> expected = new HashMap<>();
        for (String k : keys) {
            // a fresh redactor per key: nothing remembered
            expected.put(k, AuditRedactor.standard().storedKey(k));
        }
        assertThat(fresh.storedKey("api_key").redactsValue()).isTrue();
        for (int i = 0; i < 2_000; i++) {
            String k = keys.get(r.nextInt(keys.size()));
            String asked = r.nextBoolean() ? k : new String(k.toCharArray());
            CanonicalJson.StoredKey got = redactor.storedKey(asked);
            assertThat(got).as("key %s", asked).isEqualTo(expected.get(k));
            assertThat(got.json()).isEqualTo(expected.get(k).json());
        }
    }

    @Test
    void threadsSharingOneRedactorStoreWhatTheMaskerStores() throws Exception {
        AuditRedactor redactor = AuditRedactor.standard();
        CanonicalJson.Rewrite rw = redactor.rewrite();
        List<String> pool = pool(new Random(7));
        Map<String, String> expected = new ConcurrentHashMap<>();
        for (String s : pool) {
            expected.put(s, expectedText(s));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(threads.submit(() -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 20_000; i++) {
                        String s = pool.get(r.nextInt(pool.size()));
                        assertThat(rw.text(s)).isEqualTo(expected.get(s));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A redactor whose masker counts its calls per string and masks "SECRET". */
    private static final class Counting {
        final Map<String, AtomicInteger> scans = new ConcurrentHashMap<>();
        final AuditRedactor redactor;

        Counting() {
            UnaryOperator<String> masker = s -> {
                scans.computeIfAbsent(s, x -> new AtomicInteger()).incrementAndGet();
                return s.replace("SECRET", "[X]");
            };
            redactor = new AuditRedactor(KeyRule.DEFAULTS, masker);
        }

        int scans(String s) {
            AtomicInteger n = scans.get(s);
            return n == null ? 0 : n.get();
        }
    }

    @Test
    void repeatedCleanStringsAreScannedOnceAndFindingsEveryTime() {
        Counting c = new Counting();
        CanonicalJson.Rewrite rw = c.redactor.rewrite();
        List<String> two = sameSet(AuditRedactor.CLEAN_SLOTS, "pair-", 2);
        for (int round = 0; round < 10; round++) {
            for (String s : two) {
                assertThat(rw.text(new String(s.toCharArray()))).isEqualTo(s);
            }
            assertThat(rw.text("has SECRET in it")).isEqualTo("has [X] in it");
        }
        // both ways of one set hold
        for (String s : two) {
            assertThat(c.scans(s)).as(s).isEqualTo(1);
        }
        // a string with a finding is never remembered
        assertThat(c.scans("has SECRET in it")).isEqualTo(10);
        // nor a clean string longer than the limit
        String longer = "y".repeat(AuditRedactor.CLEAN_CACHE_MAX_LENGTH + 1);
        rw.text(longer);
        rw.text(longer);
        assertThat(c.scans(longer)).isEqualTo(2);
    }

    @Test
    void aStringWithTheHashOfARememberedCleanOneIsStillScanned() {
        // ('@','a') and ('A','B') add the same to a String hash: twins of one hash and length
        String clean = "mail bobABexample.com";
        String email = "mail bob@aexample.com";
        assertThat(clean.hashCode()).isEqualTo(email.hashCode());
        AuditRedactor redactor = AuditRedactor.standard();
        assertThat(redactor.rewrite().text(clean)).isEqualTo(clean);
        assertThat(redactor.rewrite().text(email)).isEqualTo("mail [REDACTED:EMAIL]");
        assertThat(redactor.storedKey(clean).name()).isEqualTo(clean);
        assertThat(redactor.storedKey(email).name()).isEqualTo("mail [REDACTED:EMAIL]");
    }

    @Test
    void aThirdStringOfASetForgetsTheOlderOfTheTwo() {
        Counting c = new Counting();
        CanonicalJson.Rewrite rw = c.redactor.rewrite();
        List<String> three = sameSet(AuditRedactor.CLEAN_SLOTS, "trio-", 3);
        rw.text(three.get(0));
        rw.text(three.get(1));
        rw.text(three.get(2)); // forgets three[0], the older
        rw.text(three.get(1));
        rw.text(three.get(2));
        rw.text(three.get(0));
        assertThat(c.scans(three.get(0))).isEqualTo(2);
        assertThat(c.scans(three.get(1))).isEqualTo(1);
        assertThat(c.scans(three.get(2))).isEqualTo(1);
    }

    @Test
    void keysWithAFindingAreMaskedEveryTimeAndCleanKeysOnce() {
        Counting c = new Counting();
        for (int i = 0; i < 5; i++) {
            assertThat(c.redactor.storedKey("my_SECRET_field").name()).isEqualTo("my_[X]_field");
            assertThat(c.redactor
                            .storedKey(new String("temperature".toCharArray()))
                            .name())
                    .isEqualTo("temperature");
            assertThat(c.redactor.storedKey("api_key").redactsValue()).isTrue();
        }
        assertThat(c.scans("my_SECRET_field")).isEqualTo(5);
        assertThat(c.scans("temperature")).isEqualTo(1);
        assertThat(c.scans("api_key")).isEqualTo(1);
    }
}
