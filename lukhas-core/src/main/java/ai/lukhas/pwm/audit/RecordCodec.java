package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
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

    /** A bundle serialised up to the chain fields: four byte runs, the chain fields go between them. */
    record Prepared(
            String auditId, long tsMillis, String session, String outcome, String tenant, byte[] bytes, int[] cuts) {}

    /**
     * First buffer size for a record: a small bundle fits, a pipeline bundle (3-5 KB) grows it once
     * or twice. It was 4 KB, which made the buffer most of the bytes allocated per append.
     */
    private static final int INITIAL_BYTES = 2048;

    /**
     * Redacts and serialises a bundle in one pass. The top-level keys are the bundle's own, so they are
     * written straight from the record in their canonical (sorted) order, with the chain fields' places
     * cut between them; {@code RecordCodecProperties} checks the result against {@link CanonicalJson}.
     */
    static Prepared prepare(AuditBundle b, AuditRedactor redactor) {
        return prepare(b, redactor.rewrite());
    }

    /** As {@link #prepare(AuditBundle, AuditRedactor)} with the given rewrite (NONE for the log's own records). */
    static Prepared prepare(AuditBundle b, CanonicalJson.Rewrite rw) {
        CanonicalJson.Rewrite none = CanonicalJson.Rewrite.NONE;
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
        int[] cuts = new int[3]; // where hash, prev_hash and seq go, in key order
        try (JsonGenerator g = CanonicalJson.MAPPER.getFactory().createGenerator(out)) {
            CanonicalJson.Writer w = new CanonicalJson.Writer(g, rw);
            g.writeStartObject();
            text(g, AuditBundle.Fields.AUDIT_ID, b.auditId(), none);
            cuts[0] = cut(g, out); // hash
            tree(g, AuditBundle.Fields.INCIDENTS, b.incidents(), w);
            g.writeFieldName(AuditBundle.Fields.LATENCY_MS);
            g.writeNumber(b.latencyMs());
            text(g, AuditBundle.Fields.MODEL, b.model(), rw);
            tree(g, AuditBundle.Fields.MODERATION, b.moderation(), w);
            tree(g, AuditBundle.Fields.MODULATION, b.modulation(), w);
            text(g, AuditBundle.Fields.OUTCOME, b.outcome(), none);
            cuts[1] = cut(g, out); // prev_hash
            text(g, AuditBundle.Fields.PROVIDER, b.provider(), rw);
            tree(g, AuditBundle.Fields.REQUEST, b.request(), w);
            cuts[2] = cut(g, out); // seq
            text(g, AuditBundle.Fields.SESSION, b.session(), rw);
            tree(g, AuditBundle.Fields.SIGNALS, b.signals(), w);
            text(g, AuditBundle.Fields.TENANT, b.tenant(), rw);
            tree(g, AuditBundle.Fields.TOOL_CALLS, b.toolCalls(), w);
            tree(g, AuditBundle.Fields.TOOLS_OFFERED, b.toolsOffered(), w);
            text(g, AuditBundle.Fields.TS, b.ts().toString(), none);
            tree(g, AuditBundle.Fields.USAGE, b.usage(), w);
            text(g, AuditBundle.Fields.USER, b.user(), rw);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Prepared(
                b.auditId(),
                b.ts().toEpochMilli(),
                rw.text(b.session()),
                b.outcome(),
                rw.text(b.tenant()),
                out.toByteArray(),
                cuts);
    }

    private static void text(JsonGenerator g, String field, String value, CanonicalJson.Rewrite rw) throws IOException {
        g.writeFieldName(field);
        g.writeString(rw.text(value));
    }

    private static void tree(JsonGenerator g, String field, JsonNode value, CanonicalJson.Writer w) throws IOException {
        g.writeFieldName(field);
        w.write(value);
    }

    private static int cut(JsonGenerator g, ByteArrayOutputStream out) throws IOException {
        g.flush();
        return out.size();
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
