package ai.lukhas.pwm.cli;

import ai.lukhas.pwm.flags.FlagService;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixEntry;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.store.Database;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The DNA helix in the data directory, for every memory command: {@code --data-dir}, {@code --tenant}
 * (whose memory the command reads or writes, default {@code default}), {@code --key-file}
 * and the environment ({@code LUKHAS_DNA_KEY}, {@code LUKHAS_DNA_OLD_KEYS}, {@code LUKHAS_DNA_KEY_FILE});
 * flags such as {@code DNA_ENCRYPT_PERSONAL} come from {@link FlagService}. Without {@code --key-file}, {@code <data-dir>/dna.keys} is
 * used when it exists.
 */
final class DnaStoreOption {
    @Mixin
    DataDirOption dir;

    @Mixin
    TenantOption tenant;

    @Option(
            names = "--key-file",
            paramLabel = "FILE",
            description =
                    "DNA key file: one base64 AES-256 key per line, the first active (default: <data-dir>/dna.keys).")
    Path keyFile;

    /** The keys from the environment and the key file; a bad key or missing --key-file is bad input. */
    DnaKeyring keyring() {
        if (keyFile != null && !Files.isRegularFile(keyFile)) {
            throw CliException.badInput("--key-file: " + keyFile + " is not a file");
        }
        try {
            return DnaKeyring.load(
                    System.getenv(), Optional.ofNullable(keyFile).or(() -> Optional.of(defaultKeyFile())));
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
    }

    /** Flags for the memory commands: the one flag system (env LUKHAS_FLAG_*, lukhas_flags.yaml, defaults). */
    static Flags flags() {
        return FlagService.fromProcessEnvironment(Clock.systemUTC());
    }

    /** The tenant named by {@code --tenant}. */
    TenantId tenant() {
        return tenant.tenantId();
    }

    <T> T withHelix(Function<HelixMemory, T> work) {
        DnaKeyring keys = keyring();
        try (Database db = Database.sqlite(dir.dataDirectory().database())) {
            return work.apply(HelixMemory.sqlite(db, Clock.systemUTC(), flags(), keys));
        }
    }

    /** {@link #withHelix}, where what the helix refuses as an argument is bad input, in its own words. */
    <T> T fromHelix(Function<HelixMemory, T> work) {
        try {
            return withHelix(work);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(e.getMessage());
        }
    }

    Path defaultKeyFile() {
        return dir.dataDirectory().root().resolve("dna.keys");
    }

    static JsonNode parseJson(String text, String option) {
        try {
            JsonNode node = new ObjectMapper().readTree(text);
            if (node == null || node.isMissingNode()) {
                throw CliException.badInput(option + " must be JSON, but was empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw CliException.badInput(
                    option + " must be JSON, but '" + abbreviate(text) + "' is not: " + e.getOriginalMessage());
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static Map<String, Object> describe(HelixEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", e.key());
        m.put("version", e.version());
        m.put("value", e.value().toJson());
        m.put("sealed", e.value() instanceof DnaValue.Sealed);
        m.put("encrypted", !(e.value() instanceof DnaValue.Clear c) || c.encryptedAtRest());
        m.put("strength", e.strength());
        m.put("meta", e.meta());
        m.put("checksum", e.checksum());
        m.put("recorded_at", e.recordedAt().toString());
        return m;
    }

    static String compact(JsonNode value) {
        return value.toString();
    }
}
