package ai.lukhas.pwm.memory.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The original system's memory: a JSONL file, one {@link LegacyRecord} per line, appended to; the
 * highest version per key wins (a later line wins a tie). Thread-safe within one process.
 *
 * <pre>{@code
 * LegacyStore legacy = LegacyStore.open(Path.of("memory.jsonl"));
 * legacy.append(record);
 * legacy.read("user.42.tone");
 * }</pre>
 */
public final class LegacyStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final TreeMap<String, LegacyRecord> latest;

    private LegacyStore(Path file, TreeMap<String, LegacyRecord> latest) {
        this.file = file;
        this.latest = latest;
    }

    /** The latest records of a legacy file, and the SHA-256 of its bytes. */
    public record Snapshot(SortedMap<String, LegacyRecord> latest, String sha256) {
        public Snapshot {
            latest = Collections.unmodifiableSortedMap(new TreeMap<>(latest));
        }
    }

    /**
     * Opens {@code file} (created on first append if absent) and loads its latest records.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed record
     */
    public static LegacyStore open(Path file) {
        Objects.requireNonNull(file, "file");
        TreeMap<String, LegacyRecord> latest =
                Files.exists(file) ? new TreeMap<>(read(file).latest()) : new TreeMap<>();
        return new LegacyStore(file, latest);
    }

    /**
     * Reads every line of {@code file}, keeping the highest version per key.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed record
     */
    public static Snapshot read(Path file) {
        TreeMap<String, LegacyRecord> latest = new TreeMap<>();
        MessageDigest sha = sha256();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                if (line.isBlank()) {
                    continue;
                }
                LegacyRecord r = parse(line, file + " line " + number);
                LegacyRecord seen = latest.get(r.key());
                if (seen == null || r.version() >= seen.version()) {
                    latest.put(r.key(), r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read legacy memory file " + file + ": " + e.getMessage(), e);
        }
        return new Snapshot(latest, HexFormat.of().formatHex(sha.digest()));
    }

    static LegacyRecord parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(
                    where + ": expected a JSON object {key, value, version, strength, meta}");
        }
        JsonNode key = node.get("key");
        JsonNode value = node.get("value");
        JsonNode version = node.get("version");
        JsonNode strength = node.get("strength");
        JsonNode meta = node.get("meta");
        if (key == null || !key.isTextual() || key.textValue().isBlank()) {
            throw new IllegalArgumentException(where + ": 'key' must be a non-blank string, but was " + key);
        }
        if (value == null) {
            throw new IllegalArgumentException(where + ": 'value' is missing");
        }
        if (version == null || !version.canConvertToExactIntegral() || version.asLong() < 0) {
            throw new IllegalArgumentException(where + ": 'version' must be an integer >= 0, but was " + version);
        }
        if (strength != null && !strength.isNull() && !strength.isNumber()) {
            throw new IllegalArgumentException(where + ": 'strength' must be a number, but was " + strength);
        }
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw new IllegalArgumentException(where + ": 'meta' must be an object, but was " + meta);
        }
        return new LegacyRecord(
                key.textValue(),
                value,
                version.asLong(),
                strength == null || strength.isNull() ? 1.0 : strength.doubleValue(),
                meta == null || meta.isNull() ? JsonNodeFactory.instance.objectNode() : meta);
    }

    /** Appends {@code record} as a line (flushed to disk before returning). */
    public synchronized void append(LegacyRecord record) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("key", record.key());
        line.set("value", record.value());
        line.put("version", record.version());
        line.put("strength", record.strength());
        line.set("meta", record.meta());
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer out = Files.newBufferedWriter(
                    file,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC)) {
                out.write(JSON.writeValueAsString(line));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to legacy memory file " + file + ": " + e.getMessage(), e);
        }
        LegacyRecord seen = latest.get(record.key());
        if (seen == null || record.version() >= seen.version()) {
            latest.put(record.key(), record);
        }
    }

    /** The latest record of {@code key}. */
    public synchronized Optional<LegacyRecord> read(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
