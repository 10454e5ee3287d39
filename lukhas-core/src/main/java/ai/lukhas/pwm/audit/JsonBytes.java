package ai.lukhas.pwm.audit;

import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON tokens written as UTF-8 straight into a growing byte array: the bytes Jackson's UTF-8 generator
 * writes for {@link CanonicalJson#MAPPER} (no whitespace; {@code "} {@code \} and control characters
 * escaped, the five with a short form as {@code \b \t \n \f \r}, the others as <code>&#92;u00XX</code> in upper
 * case; characters outside the BMP as the escapes of their two surrogates (upper case hex); everything
 * else, U+007F included, as its UTF-8 bytes; doubles as
 * {@link Double#toString}), without the generator's buffer pool, context objects and the copies of
 * flushing it into a stream. {@code JsonBytesProperties} compares it with the generator.
 *
 * <p>Nesting deeper than the generator's default limit is refused, as the generator refuses it.
 */
final class JsonBytes implements CanonicalJson.Out {
    static final int MAX_DEPTH = StreamWriteConstraints.defaults().getMaxNestingDepth();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] ZERO = {'0', '.', '0'};

    /** For each ASCII character: 0 written as is, -1 as <code>&#92;u00XX</code>, otherwise the letter after {@code \}. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf;
    private int len;
    private int depth;
    private boolean needComma;

    JsonBytes(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Bytes written so far. */
    int size() {
        return len;
    }

    /** The array written into (valid up to {@link #size}); it is not copied. */
    byte[] array() {
        return buf;
    }

    /** A copy of the bytes written. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /**
     * A key as written in an object: quoted, escaped, and followed by {@code :}. What {@link #key}
     * writes (after a comma when one is due), so a key stored many times is encoded once.
     */
    static byte[] encodedKey(String name) {
        JsonBytes b = new JsonBytes(name.length() + 8);
        b.quoted(name);
        b.put((byte) ':');
        return b.toByteArray();
    }

    @Override
    public void startObject() throws IOException {
        open((byte) '{');
    }

    @Override
    public void endObject() {
        close((byte) '}');
    }

    @Override
    public void startArray() throws IOException {
        open((byte) '[');
    }

    @Override
    public void endArray() {
        close((byte) ']');
    }

    @Override
    public void key(CanonicalJson.StoredKey key) {
        rawKey(key.json());
    }

    /** A key already encoded by {@link #encodedKey}. */
    void rawKey(byte[] encoded) {
        rawKey(encoded, 0, encoded.length);
    }

    /** A key already encoded by {@link #encodedKey}, at {@code encoded[off, off + n)}. */
    void rawKey(byte[] encoded, int off, int n) {
        ensure(n + 1);
        byte[] b = buf;
        int at = len;
        if (needComma) {
            b[at++] = ',';
        }
        System.arraycopy(encoded, off, b, at, n);
        len = at + n;
        needComma = false;
    }

    /** How many arrays and objects are open. */
    int depth() {
        return depth;
    }

    /**
     * A whole value written before by this class (an object, its nesting at most two deeper than
     * here): after a comma when one is due, as {@link #startObject} to {@link #endObject} would.
     */
    void rawValue(byte[] json) {
        value();
        put(json, 0, json.length);
    }

    @Override
    public void string(String s) {
        value();
        quoted(s);
    }

    @Override
    public void number(long v) {
        value();
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        // Long.toString's digits, written in place instead of through a String.
        ensure(20);
        byte[] b = buf;
        int at = len;
        if (v < 0) {
            b[at++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int end = at + digits;
        for (int i = end - 1; i >= at; i--) {
            b[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len = end;
    }

    @Override
    public void number(BigInteger v) {
        value();
        ascii(v.toString());
    }

    @Override
    public void number(double v) {
        value();
        if (Double.doubleToRawLongBits(v) == 0L) {
            put(ZERO, 0, ZERO.length); // Double.toString(0.0), the most common value of a bundle
        } else {
            ascii(Double.toString(v));
        }
    }

    @Override
    public void bool(boolean v) {
        value();
        byte[] b = v ? TRUE : FALSE;
        put(b, 0, b.length);
    }

    @Override
    public void nul() {
        value();
        put(NULL, 0, NULL.length);
    }

    private void open(byte c) throws IOException {
        if (++depth > MAX_DEPTH) {
            throw new StreamConstraintsException("Document nesting depth (" + depth + ") exceeds the maximum allowed ("
                    + MAX_DEPTH + ", from `StreamWriteConstraints.getMaxNestingDepth()`)");
        }
        value();
        put(c);
        needComma = false;
    }

    private void close(byte c) {
        depth--;
        put(c);
        needComma = true;
    }

    /** Before a value: the comma that separates it from the previous one in an array. */
    private void value() {
        if (needComma) {
            put((byte) ',');
        }
        needComma = true;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = buf;
        int at = len;
        for (int i = 0; i < n; i++) {
            b[at++] = (byte) s.charAt(i); // digits, signs, '.', 'E': ASCII only
        }
        len = at;
    }

    private void quoted(String s) {
        int n = s.length();
        ensure(n + 2);
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        int i = 0;
        // The common case, printable ASCII that needs no escape, without bounds checks per byte.
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPES[c] != 0) {
                break;
            }
            b[at++] = (byte) c;
            i++;
        }
        len = at;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPES[c];
                if (e == 0) {
                    put((byte) c);
                } else if (e > 0) {
                    ensure(2);
                    buf[len++] = '\\';
                    buf[len++] = e;
                } else {
                    ensure(6);
                    buf[len++] = '\\';
                    buf[len++] = 'u';
                    buf[len++] = '0';
                    buf[len++] = '0';
                    buf[len++] = HEX[c >> 4];
                    buf[len++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                ensure(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else {
                // As the generator: each half of a pair (outside the BMP) as its own escape.
                ensure(6);
                buf[len++] = '\\';
                buf[len++] = 'u';
                buf[len++] = HEX[c >> 12];
                buf[len++] = HEX[(c >> 8) & 0xF];
                buf[len++] = HEX[(c >> 4) & 0xF];
                buf[len++] = HEX[c & 0xF];
            }
        }
        put((byte) '"');
    }

    private void put(byte c) {
        ensure(1);
        buf[len++] = c;
    }

    private void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (buf.length - len < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
