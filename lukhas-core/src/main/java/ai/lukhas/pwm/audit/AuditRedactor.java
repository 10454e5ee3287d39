package ai.lukhas.pwm.audit;

import ai.lukhas.pwm.pii.PiiScanner;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Clean strings remembered at most; past it the memory starts over. */
    static final int CLEAN_CACHE_SIZE = 8192;

    /** Longest string remembered as clean. */
    static final int CLEAN_CACHE_MAX_LENGTH = 256;

    /**
     * Strings the scanner found nothing in. Bundles repeat most of their strings (tool names, stages,
     * verdicts, models), so remembering them skips most scans; a string with a finding is never kept,
     * so the cache holds no secret.
     */
    private final ConcurrentHashMap<String, Boolean> clean = new ConcurrentHashMap<>();

    /** Longest key whose verdict is remembered. */
    static final int KEY_CACHE_MAX_LENGTH = 64;

    /**
     * Key to how it is stored (masked, well-formed) and whether its value is redacted. Bundles use the
     * same few dozen keys over and over; masking, normalising and testing every rule for each was a
     * fifth of the redaction cost. Only short keys the PII masker left unchanged are kept; the values
     * under them are never cached.
     */
    private final ConcurrentHashMap<String, CanonicalJson.StoredKey> keys = new ConcurrentHashMap<>();

    AuditRedactor(List<KeyRule> keyRules, UnaryOperator<String> masker) {
        this.keyRules = List.copyOf(keyRules);
        Objects.requireNonNull(masker, "masker");
        this.masker = s -> {
            if (s.length() < SHORTEST_FINDING) {
                return CanonicalJson.wellFormed(s);
            }
            if (clean.containsKey(s)) {
                return s;
            }
            String masked = CanonicalJson.wellFormed(masker.apply(s));
            if (masked.equals(s) && s.length() <= CLEAN_CACHE_MAX_LENGTH) {
                if (clean.size() >= CLEAN_CACHE_SIZE) {
                    clean.clear();
                }
                clean.put(s, Boolean.TRUE);
            }
            return masked;
        };
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
    };

    CanonicalJson.StoredKey storedKey(String key) {
        CanonicalJson.StoredKey known = keys.get(key);
        if (known != null) {
            return known;
        }
        String stored = masker.apply(key);
        CanonicalJson.StoredKey k = new CanonicalJson.StoredKey(stored, matchesRule(key));
        // A key the masker changed held personal data: its verdict is not remembered.
        if (stored.equals(key) && key.length() <= KEY_CACHE_MAX_LENGTH) {
            if (keys.size() >= CLEAN_CACHE_SIZE) {
                keys.clear();
            }
            keys.put(key, k);
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
