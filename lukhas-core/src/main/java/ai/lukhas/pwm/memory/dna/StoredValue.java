package ai.lukhas.pwm.memory.dna;

import java.util.Base64;
import java.util.Objects;

/** A value in the form the stores keep it: JSON text, or an AES-256-GCM ciphertext with its key id. */
sealed interface StoredValue {
    /** The text the checksum is computed over. */
    String checksumInput();

    record Plain(String json) implements StoredValue {
        public Plain {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public String checksumInput() {
            return "json:" + SameValueJson.of(ValueCodec.parse(json));
        }
    }

    record Encrypted(String keyId, byte[] iv, byte[] ciphertext) implements StoredValue {
        public Encrypted {
            Objects.requireNonNull(keyId, "keyId");
            iv = iv.clone();
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] iv() {
            return iv.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public String checksumInput() {
            Base64.Encoder b64 = Base64.getEncoder();
            return "aes-256-gcm:" + keyId + ":" + b64.encodeToString(iv) + ":" + b64.encodeToString(ciphertext);
        }
    }
}
