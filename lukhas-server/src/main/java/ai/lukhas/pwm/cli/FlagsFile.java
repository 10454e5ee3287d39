package ai.lukhas.pwm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The flags file ({@code lukhas_flags.yaml}: a mapping of flag name to value) as {@code flags set|clear}
 * change it without a server: read, change one entry, written back whole (comments are not kept) through
 * a temporary file and a rename, so a server re-reading it never sees half a file.
 */
final class FlagsFile {
    private static final YAMLMapper YAML = new YAMLMapper();

    private FlagsFile() {}

    /** The entries in file order; a missing or empty file has none. */
    static Map<String, String> read(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new CliException(
                    1,
                    file + " is not a valid flags file ("
                            + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return entries;
        }
        if (!tree.isObject()) {
            throw new CliException(1, file + " must be a mapping of flag names to values, e.g. 'BROWSER_TOOL: true'");
        }
        tree.properties().forEach(e -> entries.put(e.getKey(), e.getValue().asText()));
        return entries;
    }

    static void write(Path file, Map<String, String> entries) {
        ObjectNode doc = YAML.createObjectNode();
        entries.forEach((name, value) -> {
            if (value.equals("true") || value.equals("false")) {
                doc.put(name, Boolean.parseBoolean(value));
            } else {
                doc.put(name, value);
            }
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".lukhas_flags", ".tmp");
            Files.writeString(
                    tmp,
                    entries.isEmpty() ? "{}\n" : YAML.writeValueAsString(doc).replaceFirst("^---\n", ""));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(1, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
