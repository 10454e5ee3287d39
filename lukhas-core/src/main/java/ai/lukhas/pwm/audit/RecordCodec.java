package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns a redacted bundle into its stored line. The expensive part (canonical serialisation) runs in
 * the caller's thread; the single writer thread only splices in seq, prev_hash and hash at the places
 * where sorted key order puts them, and hashes. The result is byte-for-byte what {@link CanonicalJson}
 * writes for the whole record, which {@link AuditVerifier} checks.
 */
final class RecordCodec {
    /** The chain fields in key order; each sits between the bundle's own fields. */
    private static final String[] CHAIN_KEYS = {
        AuditBundle.Fields.HASH, AuditBundle.Fields.PREV_HASH, AuditBundle.Fields.SEQ
    };

    private RecordCodec() {}

    /** A bundle serialised up to the chain fields: four byte runs, the chain fields go between them. */
    record Prepared(String auditId, long tsMillis, String session, String outcome, byte[] bytes, int[] cuts) {}

    /**
     * First buffer size for a record: a small bundle fits, a pipeline bundle (3-5 KB) grows it once
     * or twice. It was 4 KB, which made the buffer most of the bytes allocated per append.
     */
    private static final int INITIAL_BYTES = 2048;

    /** Redacts and serialises a bundle in one pass (see {@link AuditRedactor#forField}). */
    static Prepared prepare(AuditBundle bundle, AuditRedactor redactor) {
        ObjectNode raw = bundle.toJson();
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(raw.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = raw.properties().iterator(); it.hasNext(); ) {
            fields.add(it.next());
        }
        fields.sort(Map.Entry.comparingByKey());
        if (fields.isEmpty() || !fields.get(0).getKey().equals(AuditBundle.Fields.AUDIT_ID)) {
            throw new IllegalArgumentException("audit_id is required as the first key of a stored bundle");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
        int[] cuts = new int[CHAIN_KEYS.length];
        int next = 0;
        try (JsonGenerator g = CanonicalJson.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> f : fields) {
                String key = f.getKey();
                while (next < CHAIN_KEYS.length && CHAIN_KEYS[next].compareTo(key) < 0) {
                    g.flush();
                    cuts[next++] = out.size();
                }
                if (next < CHAIN_KEYS.length && CHAIN_KEYS[next].equals(key)) {
                    throw new IllegalArgumentException("a bundle must not carry the chain field \"" + key + "\"");
                }
                g.writeFieldName(key);
                CanonicalJson.write(g, f.getValue(), redactor.forField(key));
            }
            while (next < CHAIN_KEYS.length) {
                g.flush();
                cuts[next++] = out.size();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Prepared(
                bundle.auditId(),
                bundle.ts().toEpochMilli(),
                redactor.forField(AuditBundle.Fields.SESSION).text(bundle.session()),
                bundle.outcome(),
                out.toByteArray(),
                cuts);
    }

    private static final byte[] HASH_OPEN = ascii(",\"hash\":\"");
    private static final byte[] PREV_OPEN = ascii(",\"prev_hash\":\"");
    private static final byte[] SEQ_OPEN = ascii(",\"seq\":");

    /** Bytes {@link #encodeInto} appends for this record at this seq, newline included. */
    static int encodedLength(Prepared p, long seq) {
        return p.bytes().length
                + HASH_OPEN.length
                + 65
                + PREV_OPEN.length
                + 65
                + SEQ_OPEN.length
                + Long.toString(seq).length()
                + 1;
    }

    /**
     * Appends the stored line (ending in '\n') to {@code out} and returns its hash. The writer thread
     * is the one serial stage of the log, so this hashes the byte runs in place and writes them once,
     * without assembling intermediate arrays. {@code out} must have {@link #encodedLength} bytes free.
     */
    static String encodeInto(Prepared p, long seq, String prevHash, ChainHash chain, ByteBuffer out) {
        byte[] b = p.bytes();
        int[] c = p.cuts();
        byte[] prevField = new byte[PREV_OPEN.length + 65];
        System.arraycopy(PREV_OPEN, 0, prevField, 0, PREV_OPEN.length);
        System.arraycopy(prevHash.getBytes(StandardCharsets.US_ASCII), 0, prevField, PREV_OPEN.length, 64);
        prevField[prevField.length - 1] = '"';
        byte[] seqField = ascii(",\"seq\":" + seq);
        String hash = chain.hash(prevHash, b, c, prevField, seqField);
        out.put(b, 0, c[0]);
        out.put(HASH_OPEN);
        out.put(hash.getBytes(StandardCharsets.US_ASCII));
        out.put((byte) '"');
        out.put(b, c[0], c[1] - c[0]);
        out.put(prevField);
        out.put(b, c[1], c[2] - c[1]);
        out.put(seqField);
        out.put(b, c[2], b.length - c[2]);
        out.put((byte) '\n');
        return hash;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
