package ai.lukhas.pwm.memory.dna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.StoreException;
import ai.lukhas.pwm.store.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHelixTest extends HelixMemoryContract {
    @TempDir
    Path dir;

    private Database db;

    @Override
    HelixMemory open(Flags flags, DnaKeyring keyring) {
        if (db == null) {
            db = Database.sqlite(dir.resolve("lukhas.db"));
        }
        return HelixMemory.sqlite(db, clock, flags, keyring);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void ciphertextOnDiskDoesNotContainThePlaintextAndCarriesTheKeyId() {
        helix.write(T, "p", json("{\"_personal\":true,\"email\":\"ada@example.org\"}"), 1, 0.5);

        Object[] stored = db.transaction(c -> {
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT value_json, enc_key_id, enc_ct FROM dna_entry WHERE key = 'p'")) {
                rs.next();
                return new Object[] {rs.getString(1), rs.getString(2), rs.getBytes(3)};
            }
        });
        assertThat(stored[0]).isNull();
        assertThat(stored[1]).isEqualTo(DnaKeyring.keyId(KEY_A));
        assertThat(new String((byte[]) stored[2], StandardCharsets.ISO_8859_1)).doesNotContain("ada@example.org");
    }

    @Test
    void historyRowsCannotBeUpdatedOrDeletedInPlace() {
        helix.write(T, "k", json("1"), 1, 0.5);

        assertThatThrownBy(() ->
                        db.transaction(c -> c.createStatement().executeUpdate("UPDATE dna_entry SET value_json = '2'")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.transaction(c -> c.createStatement().executeUpdate("DELETE FROM dna_entry")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("append-only");
    }

    @Test
    void entriesSurviveReopeningTheDatabaseFile() {
        helix.write(T, "k", json("{\"note\":\"kept\"}"), 4, 0.5);
        db.close();
        db = Database.sqlite(dir.resolve("lukhas.db"));

        HelixMemory reopened = HelixMemory.sqlite(db, clock, Flags.fixed(java.util.Map.of()), DnaKeyring.none());

        assertThat(reopened.read(T, "k").orElseThrow().version()).isEqualTo(4);
        assertThat(reopened.search(T, "kept", 3)).hasSize(1);
    }

    @Test
    void aCiphertextMovedToAnotherTenantDoesNotAuthenticate() {
        helix.write(TenantId.of("t2"), "p", json("{\"_personal\":true,\"ssn\":\"078-05-1120\"}"), 1, 0.5);
        // someone with write access to the file copies t2's row into t1 under the same key and version
        db.transaction(c -> c.createStatement()
                .executeUpdate("INSERT INTO dna_entry (tenant, key, version, value_json, enc_key_id, enc_iv, enc_ct,"
                        + " strength, meta_json, checksum, recorded_at_us) SELECT 't1', key, version, value_json,"
                        + " enc_key_id, enc_iv, enc_ct, strength, meta_json, checksum, recorded_at_us FROM dna_entry"
                        + " WHERE tenant = 't2'"));

        assertThat(helix.read(TenantId.of("t1"), "p").orElseThrow().value())
                .isEqualTo(new DnaValue.Sealed(DnaKeyring.keyId(KEY_A), "ciphertext does not authenticate"));
    }
}
