package ai.lukhas.pwm.memory.dna;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A value as read from the helix: either readable ({@link Clear}) or {@link Sealed}, when it is stored
 * encrypted and this process does not hold the key (or the ciphertext does not authenticate). A sealed
 * value is never shown as garbage and never makes a read fail.
 *
 * <pre>{@code
 * switch (entry.value()) {
 *     case DnaValue.Clear c -> use(c.json());
 *     case DnaValue.Sealed s -> log.info("sealed with key {}", s.keyId());
 * }
 * }</pre>
 */
public sealed interface DnaValue {
    /** The JSON shown to users: the value itself, or {@code {"_sealed": true, "key_id": ..., "reason": ...}}. */
    JsonNode toJson();

    /**
     * A readable value.
     *
     * @param json the value (a private copy)
     * @param encryptedAtRest true when it is stored encrypted and was decrypted for this read
     */
    record Clear(JsonNode json, boolean encryptedAtRest) implements DnaValue {
        public Clear {
            Objects.requireNonNull(json, "json");
            json = json.deepCopy();
        }

        @Override
        public JsonNode json() {
            return json.deepCopy();
        }

        @Override
        public JsonNode toJson() {
            return json();
        }
    }

    /**
     * An encrypted value this process cannot read.
     *
     * @param keyId the id of the key it was encrypted with
     * @param reason why it cannot be read, e.g. {@code "key not loaded"}
     */
    record Sealed(String keyId, String reason) implements DnaValue {
        public Sealed {
            Checks.nonNull("keyId, reason", keyId, reason);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode marker = JsonNodeFactory.instance.objectNode();
            marker.put("_sealed", true);
            marker.put("key_id", keyId);
            marker.put("reason", reason);
            return marker;
        }
    }
}
