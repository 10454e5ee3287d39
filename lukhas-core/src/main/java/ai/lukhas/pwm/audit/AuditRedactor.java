package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.pii.PiiScanner;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Removes secrets and personal data from a bundle before anything is written: the value of every key
 * that matches a {@link KeyRule} becomes {@code "[REDACTED]"}, and every other string (and every key)
 * is passed through the PII/secret masker, recursively through objects and arrays. Thread-safe.
 *
 * <pre>{@code
 * AuditRedactor r = AuditRedactor.standard();
 * r.redact(json); // {"api_key":"[REDACTED]","note":"mail [REDACTED:EMAIL]"}
 * }</pre>
 */
public final class AuditRedactor {
    /** What a redacted key's value becomes. */
    public static final String REDACTED = "[REDACTED]";

    private final List<KeyRule> keyRules;
    private final UnaryOperator<String> masker;

    /**
     * Text shorter than the shortest thing the PII scanner can find ("a@b.io", 6 characters; every
     * other kind is longer) is not scanned: most keys and many values are short words.
     */
    static final int SHORTEST_FINDING = 6;

    /** Slots of the clean-string memory (a power of two; 16 KB of references with compressed oops). */
    static final int CLEAN_SLOTS = 4096;

    /** Longest string remembered as clean. */
    static final int CLEAN_CACHE_MAX_LENGTH = 256;

    /**
     * Strings the scanner found nothing in. Bundles repeat most of their strings (tool names, stages,
     * verdicts, models), so remembering them skips most scans; a string with a finding is never kept,
     * so the memory holds no secret. Two-way set-associative by hash, the two ways of a set side by side
     * in one cache line, the newer first: a fixed 16 KB array, where the {@code ConcurrentHashMap} it
     * replaces spread its 8,192 entries, which each request's unique strings (session ids, timestamps)
     * filled and cleared, over the heap (a look-up there is a table slot and a node; here one slot; in
     * saturation profiles the two cost about the same, see docs/benchmarks.md). Most strings a bundle repeats are the same
     * objects from request to request (literals, enum wire names), found by identity without reading
     * the remembered string. Shared by threads without locks: a slot only ever holds a string the
     * scanner found clean, and a reference is read or written whole, so a race can only lose a
     * remembered string (the next look-up scans it again), never make a look-up answer wrongly.
     */
    private final String[] clean = new String[CLEAN_SLOTS];

    /** Longest key whose verdict is remembered. */
    static final int KEY_CACHE_MAX_LENGTH = 64;

    /** Slots of the key memory (a power of two). */
    static final int KEY_SLOTS = 1024;

    /**
     * How keys are stored (masked, well-formed) and whether their values are redacted, set-associative
     * as {@link #clean}. Bundles use the same few dozen keys over and over; masking, normalising and
     * testing every rule for each was a fifth of the redaction cost. Only short keys the PII masker left
     * unchanged are kept (so a kept key's stored name is the key itself); the values under them are
     * never cached.
     */
    private final CanonicalJson.StoredKey[] keys = new CanonicalJson.StoredKey[KEY_SLOTS];

    AuditRedactor(List<KeyRule> keyRules, UnaryOperator<String> masker) {
        this.keyRules = List.copyOf(keyRules);
        Objects.requireNonNull(masker, "masker");
        this.masker = s -> {
            if (s.length() < SHORTEST_FINDING) {
                return CanonicalJson.wellFormed(s);
            }
            int set = cleanSet(s);
            if (knownClean(s, set)) {
                return s;
            }
            String masked = CanonicalJson.wellFormed(masker.apply(s));
            if (masked.equals(s) && s.length() <= CLEAN_CACHE_MAX_LENGTH) {
                // the newer first; the older way's string is forgotten
                clean[set + 1] = clean[set];
                clean[set] = s;
            }
            return masked;
        };
    }

    /** The first of the two slots {@code s} may be remembered in (an even index). */
    private static int cleanSet(String s) {
        int h = s.hashCode();
        return ((h ^ (h >>> 16)) << 1) & (CLEAN_SLOTS - 2);
    }

    private boolean knownClean(String s, int set) {
        String a = clean[set];
        String b = clean[set + 1];
        if (a == s || b == s) {
            return true;
        }
        int h = s.hashCode();
        return (a != null && a.hashCode() == h && a.equals(s)) || (b != null && b.hashCode() == h && b.equals(s));
    }

    /** Key rules {@link KeyRule#DEFAULTS}, values masked by {@link PiiScanner#standard()}. */
    public static AuditRedactor standard() {
        return withKeyRules(KeyRule.DEFAULTS);
    }

    /**
     * Values masked by {@link PiiScanner#standard()}, keys redacted by exactly {@code rules} (extend
     * {@link KeyRule#DEFAULTS} rather than replace it unless you mean to).
     */
    public static AuditRedactor withKeyRules(List<KeyRule> rules) {
        PiiScanner pii = PiiScanner.standard();
        return new AuditRedactor(rules, pii::mask);
    }

    /** The key rules this redactor applies. */
    public List<KeyRule> keyRules() {
        return keyRules;
    }

    /**
     * A redacted copy of any JSON value (object keys in canonical order); the argument is not changed.
     * The same code path writes stored records, so what this returns is what a record would hold.
     */
    public JsonNode redact(JsonNode node) {
        try (TokenBuffer out = new TokenBuffer(CanonicalJson.MAPPER, false)) {
            CanonicalJson.write(out, node, rewrite);
            try (JsonParser p = out.asParser()) {
                return CanonicalJson.MAPPER.readTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("redacting an in-memory JSON value", e);
        }
    }

    /**
     * How stored values are written. The bundle's top-level field names are its own, not subject to
     * rules, and the fields the log generates (audit_id, ts, latency_ms, outcome) are never masked, so
     * ids and timestamps stay usable: {@link RecordCodec} writes those with {@link CanonicalJson.Rewrite#NONE}.
     */
    CanonicalJson.Rewrite rewrite() {
        return rewrite;
    }

    /** Key rules on keys, the PII masker on keys, strings and long integers; stored text is well-formed. */
    private final CanonicalJson.Rewrite rewrite = new CanonicalJson.Rewrite() {
        @Override
        public CanonicalJson.StoredKey key(String key) {
            return storedKey(key);
        }

        @Override
        public String text(String text) {
            return masker.apply(text);
        }

        @Override
        public boolean masksIntegers() {
            return true;
        }

        @Override
        public CanonicalJson.Shapes shapes() {
            return shapes;
        }
    };

    private final CanonicalJson.Shapes shapes = new CanonicalJson.Shapes();

    CanonicalJson.StoredKey storedKey(String key) {
        int h = key.hashCode();
        int set = ((h ^ (h >>> 16)) << 1) & (KEY_SLOTS - 2);
        CanonicalJson.StoredKey a = keys[set];
        if (a != null
                && (a.name() == key || (a.name().hashCode() == h && a.name().equals(key)))) {
            return a;
        }
        CanonicalJson.StoredKey b = keys[set + 1];
        if (b != null
                && (b.name() == key || (b.name().hashCode() == h && b.name().equals(key)))) {
            return b;
        }
        String stored = masker.apply(key);
        CanonicalJson.StoredKey k = new CanonicalJson.StoredKey(stored, matchesRule(key));
        // A key the masker changed held personal data: its verdict is not remembered.
        if (stored.equals(key) && key.length() <= KEY_CACHE_MAX_LENGTH) {
            keys[set + 1] = a;
            keys[set] = k;
        }
        return k;
    }

    private boolean matchesRule(String key) {
        String normalized = KeyRule.normalize(key);
        for (KeyRule rule : keyRules) {
            if (rule.matchesNormalized(normalized)) {
                return true;
            }
        }
        return false;
    }
}
