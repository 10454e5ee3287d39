package ai.lukhas.pwm.memory.dna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnaKeyringTest {
    static final byte[] A = HelixMemoryContract.bytes(1);
    static final byte[] B = HelixMemoryContract.bytes(2);
    static final byte[] C = HelixMemoryContract.bytes(3);

    @TempDir
    Path dir;

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void nothingConfiguredMeansNoKeys() {
        DnaKeyring keys = DnaKeyring.load(Map.of(), Optional.of(dir.resolve("absent.keys")));
        assertThat(keys.activeKeyId()).isEmpty();
        assertThat(keys.keyIds()).isEmpty();
    }

    @Test
    void environmentKeyIsActiveAndOldKeysAndFileKeysStayReadable() throws Exception {
        Path file = Files.writeString(dir.resolve("dna.keys"), "# rotated 2026-02\n" + b64(C) + "\n\n");
        DnaKeyring keys = DnaKeyring.load(
                Map.of(DnaKeyring.KEY_ENV, b64(A), DnaKeyring.OLD_KEYS_ENV, b64(B) + ", "), Optional.of(file));

        assertThat(keys.activeKeyId()).contains(DnaKeyring.keyId(A));
        assertThat(keys.keyIds())
                .containsExactlyInAnyOrder(DnaKeyring.keyId(A), DnaKeyring.keyId(B), DnaKeyring.keyId(C));
    }

    @Test
    void withoutTheEnvironmentKeyTheFirstLineOfTheKeyFileIsActive() throws Exception {
        Path file = Files.writeString(dir.resolve("k"), b64(B) + "\n" + b64(A) + "\n");
        DnaKeyring keys = DnaKeyring.load(Map.of(DnaKeyring.KEY_FILE_ENV, file.toString()), Optional.empty());
        assertThat(keys.activeKeyId()).contains(DnaKeyring.keyId(B));
        assertThat(keys.keyIds()).hasSize(2);
    }

    @Test
    void badKeysAreNamedWithoutEchoingThem() throws Exception {
        assertThatThrownBy(() -> DnaKeyring.load(Map.of(DnaKeyring.KEY_ENV, b64(new byte[16])), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LUKHAS_DNA_KEY must be base64 of 32 bytes (AES-256), but decodes to 16 bytes");
        assertThatThrownBy(() -> DnaKeyring.load(Map.of(DnaKeyring.KEY_ENV, "not base64!"), Optional.empty()))
                .hasMessageContaining("LUKHAS_DNA_KEY must be base64 of 32 bytes, but is not valid base64");
        Path file = Files.writeString(dir.resolve("bad.keys"), b64(A) + "\nxyz\n");
        assertThatThrownBy(() -> DnaKeyring.load(Map.of(), Optional.of(file)))
                .hasMessageContaining("bad.keys line 2 must be base64 of 32 bytes");
        assertThatThrownBy(() -> DnaKeyring.of(List.of(new byte[31])))
                .hasMessageContaining("must be 32 bytes (AES-256), but was 31 bytes");
    }

    @Test
    void keyIdsAreStableAndDistinguishKeys() {
        assertThat(DnaKeyring.keyId(A)).hasSize(16).isEqualTo(DnaKeyring.keyId(A.clone()));
        assertThat(DnaKeyring.keyId(A)).isNotEqualTo(DnaKeyring.keyId(B));
        assertThat(DnaKeyring.of(List.of(A)).toString()).doesNotContain(b64(A));
    }
}
