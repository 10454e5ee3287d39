package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Turns values into their stored form and back: personal values are encrypted with AES-256-GCM under
 * the keyring's active key, with the tenant, key, version and a domain tag as associated data so a
 * ciphertext cannot be moved to another tenant, key or version unnoticed. The default tenant keeps the
 * associated data of values written before tenancy ({@code lukhas-dna}, key, version, key id), so they
 * still decrypt; every other tenant's carries {@code lukhas-dna-tenant} and the tenant first.
 */
final class ValueCodec {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Flags flags;
    private final DnaKeyring keyring;
    private final SecureRandom random = new SecureRandom();

    ValueCodec(Flags flags, DnaKeyring keyring) {
        this.flags = flags;
        this.keyring = keyring;
    }

    static boolean isPersonal(JsonNode value) {
        JsonNode marker = value.get("_personal");
        return value.isObject() && marker != null && marker.isBoolean() && marker.booleanValue();
    }

    boolean encrypts(JsonNode value) {
        return isPersonal(value) && flags.isEnabled(HelixMemory.ENCRYPT_PERSONAL_FLAG, true);
    }

    /** Throws the error {@link #encode} would, before anything is written. */
    void checkCanEncode(String key, JsonNode value) {
        if (encrypts(value) && keyring.activeKeyId().isEmpty()) {
            throw noKey(key);
        }
    }

    private static IllegalStateException noKey(String key) {
        return new IllegalStateException("value of '" + key + "' is marked _personal and "
                + HelixMemory.ENCRYPT_PERSONAL_FLAG + " is on, but no DNA key is loaded (set "
                + DnaKeyring.KEY_ENV + " to base64 of 32 bytes, or provide a key file)");
    }

    StoredValue encode(TenantId tenant, String key, long version, JsonNode value) {
        String json = text(value);
        if (!encrypts(value)) {
            return new StoredValue.Plain(json);
        }
        String keyId = keyring.activeKeyId().orElseThrow(() -> noKey(key));
        SecretKey secret = keyring.key(keyId).orElseThrow();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, secret, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(tenant, key, version, keyId));
            byte[] ct = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
            return new StoredValue.Encrypted(keyId, iv, ct);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is required of every JVM: " + e, e);
        }
    }

    DnaValue decode(TenantId tenant, String key, long version, StoredValue stored) {
        return switch (stored) {
            case StoredValue.Plain p -> new DnaValue.Clear(parse(p.json()), false);
            case StoredValue.Encrypted e -> decrypt(tenant, key, version, e);
        };
    }

    private DnaValue decrypt(TenantId tenant, String key, long version, StoredValue.Encrypted e) {
        Optional<SecretKey> secret = keyring.key(e.keyId());
        if (secret.isEmpty()) {
            return new DnaValue.Sealed(e.keyId(), "key not loaded");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secret.get(), new GCMParameterSpec(TAG_BITS, e.iv()));
            cipher.updateAAD(aad(tenant, key, version, e.keyId()));
            byte[] plain = cipher.doFinal(e.ciphertext());
            return new DnaValue.Clear(JSON.readTree(plain), true);
        } catch (AEADBadTagException bad) {
            return new DnaValue.Sealed(e.keyId(), "ciphertext does not authenticate");
        } catch (GeneralSecurityException | java.io.IOException broken) {
            return new DnaValue.Sealed(
                    e.keyId(), "cannot decrypt: " + broken.getClass().getSimpleName());
        }
    }

    private static byte[] aad(TenantId tenant, String key, long version, String keyId) {
        // keys and key ids hold no control characters, so the NUL-separated parts cannot be confused
        String scope = tenant.equals(TenantId.DEFAULT) ? "lukhas-dna" : "lukhas-dna-tenant\u0000" + tenant.value();
        return (scope + "\u0000" + key + "\u0000" + version + "\u0000" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    static String text(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "stored JSON does not parse (corrupt store?): " + e.getOriginalMessage(), e);
        }
    }

    static String sha256(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
