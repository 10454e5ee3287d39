package ai.lukhas.pwm.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over the previous line's hash (32 raw bytes) followed by this line's canonical bytes without hash. */
final class ChainHash {
    /** The prev_hash of the very first record: 32 zero bytes. */
    static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest digest;

    ChainHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
    }

    String hash(String prevHashHex, byte[]... parts) {
        digest.reset();
        digest.update(HEX.parseHex(prevHashHex));
        for (byte[] p : parts) {
            digest.update(p);
        }
        return HEX.formatHex(digest.digest());
    }

    /**
     * The hash of a record held as the runs of a {@link RecordCodec.Prepared} (the first {@code length} of {@code bytes} cut at
     * {@code cuts}) with the prev_hash and seq fields spliced between them, read in place.
     */
    String hash(String prevHashHex, byte[] bytes, int length, int[] cuts, byte[] prevField, byte[] seqField) {
        digest.reset();
        digest.update(HEX.parseHex(prevHashHex));
        digest.update(bytes, 0, cuts[1]);
        digest.update(prevField);
        digest.update(bytes, cuts[1], cuts[2] - cuts[1]);
        digest.update(seqField);
        digest.update(bytes, cuts[2], length - cuts[2]);
        return HEX.formatHex(digest.digest());
    }

    static boolean isHash(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
