package ai.lukhas.pwm.memory.dna;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys the helix encrypts personal values with: one active key (new writes) and any
 * number of retired keys that stay readable, so keys can rotate without re-encrypting history. Each
 * key is known by its id, the first 16 hex digits of the SHA-256 of the key, stored with every ciphertext.
 *
 * <p>{@link #load} reads {@code LUKHAS_DNA_KEY} (base64 of 32 bytes, the active key),
 * {@code LUKHAS_DNA_OLD_KEYS} (comma-separated, retired) and a key file ({@code LUKHAS_DNA_KEY_FILE},
 * else the given default path if it exists): one base64 key per line, {@code #} comments, the first
 * line active unless {@code LUKHAS_DNA_KEY} is set.
 *
 * <pre>{@code
 * DnaKeyring keys = DnaKeyring.load(System.getenv(), Optional.of(dataDir.root().resolve("dna.keys")));
 * keys.activeKeyId(); // Optional[3f2a...]
 * }</pre>
 */
public final class DnaKeyring {
    public static final String KEY_ENV = "LUKHAS_DNA_KEY";
    public static final String OLD_KEYS_ENV = "LUKHAS_DNA_OLD_KEYS";
    public static final String KEY_FILE_ENV = "LUKHAS_DNA_KEY_FILE";

    private final Optional<String> activeId;
    private final Map<String, SecretKey> keys;

    private DnaKeyring(Optional<String> activeId, Map<String, SecretKey> keys) {
        this.activeId = activeId;
        this.keys = Map.copyOf(keys);
    }

    /** No keys: personal values cannot be written encrypted and encrypted ones read as sealed. */
    public static DnaKeyring none() {
        return new DnaKeyring(Optional.empty(), Map.of());
    }

    /** The first key is active, the rest are retired but readable. Each must be 32 bytes. */
    public static DnaKeyring of(List<byte[]> rawKeys) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        Optional<String> active = Optional.empty();
        for (int i = 0; i < rawKeys.size(); i++) {
            byte[] raw = rawKeys.get(i);
            if (raw.length != 32) {
                throw new IllegalArgumentException(
                        "DNA key #" + (i + 1) + " must be 32 bytes (AES-256), but was " + raw.length + " bytes");
            }
            String id = keyId(raw);
            keys.putIfAbsent(id, new SecretKeySpec(raw.clone(), "AES"));
            if (active.isEmpty()) {
                active = Optional.of(id);
            }
        }
        return new DnaKeyring(active, keys);
    }

    /**
     * Loads keys from the given environment and key file (see the class comment). Nothing set → {@link #none()}.
     *
     * @throws IllegalArgumentException naming the variable or file line when a key is not base64 of 32 bytes
     */
    public static DnaKeyring load(Map<String, String> env, Optional<Path> defaultKeyFile) {
        List<byte[]> raw = new ArrayList<>();
        String active = env.get(KEY_ENV);
        if (active != null && !active.isBlank()) {
            raw.add(decode(active, KEY_ENV));
        }
        String old = env.get(OLD_KEYS_ENV);
        if (old != null && !old.isBlank()) {
            for (String part : old.split(",")) {
                if (!part.isBlank()) {
                    raw.add(decode(part, OLD_KEYS_ENV));
                }
            }
        }
        Optional<Path> file = Optional.ofNullable(env.get(KEY_FILE_ENV))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .or(() -> defaultKeyFile.filter(Files::exists));
        if (file.isPresent()) {
            Path path = file.get();
            List<String> lines;
            try {
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read DNA key file " + path + ": " + e.getMessage(), e);
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    raw.add(decode(line, path + " line " + (i + 1)));
                }
            }
        }
        return of(raw);
    }

    private static byte[] decode(String base64, String where) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " must be base64 of 32 bytes, but is not valid base64", e);
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(
                    where + " must be base64 of 32 bytes (AES-256), but decodes to " + raw.length + " bytes");
        }
        return raw;
    }

    /** The id under which a raw key is stored next to its ciphertexts. */
    public static String keyId(byte[] rawKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawKey);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The id of the key new personal values are encrypted with, if any. */
    public Optional<String> activeKeyId() {
        return activeId;
    }

    /** Ids of every readable key. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    @Override
    public String toString() {
        return "DnaKeyring[active=" + activeId.orElse("none") + ", readable=" + keys.keySet() + "]";
    }
}
