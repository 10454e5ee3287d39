package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns a redacted bundle into its stored line. The expensive part (canonical serialisation) runs in
 * the caller's thread; the single writer thread only splices in seq, prev_hash and hash at the places
 * where sorted key order puts them, and hashes. The result is byte-for-byte what {@link CanonicalJson}
 * writes for the whole record, which {@link AuditVerifier} checks.
 */
final class RecordCodec {
    private RecordCodec() {}

    /**
     * A bundle serialised up to the chain fields: the first {@code length} bytes of {@code bytes} in
     * four runs, the chain fields go between them.
     */
    record Prepared(
            String auditId,
            long tsMillis,
            String session,
            String outcome,
            String tenant,
            byte[] bytes,
            int length,
            int[] cuts) {}

    /** First buffer size for a record when there is no size hint (a small bundle fits). */
    static final int INITIAL_BYTES = 2048;

    /** Largest first buffer; a bigger record grows its buffer as it is written. */
    private static final int MAX_INITIAL_BYTES = 64 * 1024;

    private static final byte[] AUDIT_ID = JsonBytes.encodedKey(AuditBundle.Fields.AUDIT_ID);
    private static final byte[] INCIDENTS = JsonBytes.encodedKey(AuditBundle.Fields.INCIDENTS);
    private static final byte[] LATENCY_MS = JsonBytes.encodedKey(AuditBundle.Fields.LATENCY_MS);
    private static final byte[] MODEL = JsonBytes.encodedKey(AuditBundle.Fields.MODEL);
    private static final byte[] MODERATION = JsonBytes.encodedKey(AuditBundle.Fields.MODERATION);
    private static final byte[] MODULATION = JsonBytes.encodedKey(AuditBundle.Fields.MODULATION);
    private static final byte[] OUTCOME = JsonBytes.encodedKey(AuditBundle.Fields.OUTCOME);
    private static final byte[] PROVIDER = JsonBytes.encodedKey(AuditBundle.Fields.PROVIDER);
    private static final byte[] REQUEST = JsonBytes.encodedKey(AuditBundle.Fields.REQUEST);
    private static final byte[] SESSION = JsonBytes.encodedKey(AuditBundle.Fields.SESSION);
    private static final byte[] SIGNALS = JsonBytes.encodedKey(AuditBundle.Fields.SIGNALS);
    private static final byte[] TENANT = JsonBytes.encodedKey(AuditBundle.Fields.TENANT);
    private static final byte[] TOOL_CALLS = JsonBytes.encodedKey(AuditBundle.Fields.TOOL_CALLS);
    private static final byte[] TOOLS_OFFERED = JsonBytes.encodedKey(AuditBundle.Fields.TOOLS_OFFERED);
    private static final byte[] TS = JsonBytes.encodedKey(AuditBundle.Fields.TS);
    private static final byte[] USAGE = JsonBytes.encodedKey(AuditBundle.Fields.USAGE);
    private static final byte[] USER = JsonBytes.encodedKey(AuditBundle.Fields.USER);

    /**
     * Redacts and serialises a bundle in one pass. The top-level keys are the bundle's own, so they are
     * written straight from the record in their canonical (sorted) order, with the chain fields' places
     * cut between them; {@code RecordCodecProperties} checks the result against {@link CanonicalJson}.
     */
    static Prepared prepare(AuditBundle b, AuditRedactor redactor) {
        return prepare(b, redactor.rewrite(), INITIAL_BYTES);
    }

    /**
     * As {@link #prepare(AuditBundle, AuditRedactor)} with the given rewrite (NONE for the log's own
     * records), the buffer sized from {@code sizeHint} (the size of a recent record: a log's records are
     * alike in size, so the buffer rarely grows, and the prepared record keeps it without a trimmed copy).
     */
    static Prepared prepare(AuditBundle b, CanonicalJson.Rewrite rw, int sizeHint) {
        CanonicalJson.Rewrite none = CanonicalJson.Rewrite.NONE;
        JsonBytes out = new JsonBytes(Math.min(MAX_INITIAL_BYTES, sizeHint + (sizeHint >> 3)));
        int[] cuts = new int[3]; // where hash, prev_hash and seq go, in key order
        String session = rw.text(b.session());
        String tenant = rw.text(b.tenant());
        try {
            CanonicalJson.Writer w = new CanonicalJson.Writer(out, rw);
            out.startObject();
            text(out, AUDIT_ID, b.auditId(), none);
            cuts[0] = out.size(); // hash
            tree(out, INCIDENTS, b.incidents(), w);
            out.rawKey(LATENCY_MS);
            out.number(b.latencyMs());
            text(out, MODEL, b.model(), rw);
            tree(out, MODERATION, b.moderation(), w);
            tree(out, MODULATION, b.modulation(), w);
            text(out, OUTCOME, b.outcome(), none);
            cuts[1] = out.size(); // prev_hash
            text(out, PROVIDER, b.provider(), rw);
            tree(out, REQUEST, b.request(), w);
            cuts[2] = out.size(); // seq
            stored(out, SESSION, session);
            tree(out, SIGNALS, b.signals(), w);
            stored(out, TENANT, tenant);
            tree(out, TOOL_CALLS, b.toolCalls(), w);
            tree(out, TOOLS_OFFERED, b.toolsOffered(), w);
            text(out, TS, b.ts().toString(), none);
            tree(out, USAGE, b.usage(), w);
            text(out, USER, b.user(), rw);
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Prepared(
                b.auditId(), b.ts().toEpochMilli(), session, b.outcome(), tenant, out.array(), out.size(), cuts);
    }

    private static void text(JsonBytes out, byte[] field, String value, CanonicalJson.Rewrite rw) {
        stored(out, field, rw.text(value));
    }

    /** A top-level text field already rewritten (session and tenant also go to the id index). */
    private static void stored(JsonBytes out, byte[] field, String value) {
        out.rawKey(field);
        out.string(value);
    }

    private static void tree(JsonBytes out, byte[] field, JsonNode value, CanonicalJson.Writer w) throws IOException {
        out.rawKey(field);
        w.write(value);
    }

    private static final byte[] HASH_OPEN = ascii(",\"hash\":\"");
    private static final byte[] PREV_OPEN = ascii(",\"prev_hash\":\"");
    private static final byte[] SEQ_OPEN = ascii(",\"seq\":");

    /** Bytes {@link #encodeInto} appends for this record at this seq, newline included. */
    static int encodedLength(Prepared p, long seq) {
        return p.length()
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
        String hash = chain.hash(prevHash, b, p.length(), c, prevField, seqField);
        out.put(b, 0, c[0]);
        out.put(HASH_OPEN);
        out.put(hash.getBytes(StandardCharsets.US_ASCII));
        out.put((byte) '"');
        out.put(b, c[0], c[1] - c[0]);
        out.put(prevField);
        out.put(b, c[1], c[2] - c[1]);
        out.put(seqField);
        out.put(b, c[2], p.length() - c[2]);
        out.put((byte) '\n');
        return hash;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
