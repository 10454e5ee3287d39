package ai.lukhas.pwm.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads {@link LukhasConfig}: the built-in defaults, then {@code lukhas.yaml} (see {@link ConfigFile} for
 * which file) merged over them, then
 * one environment variable per scalar key ({@code server.port} ← {@code LUKHAS_SERVER_PORT}), plus
 * the conventional {@code OPENAI_API_KEY}. Every failure is a {@link ConfigException} naming the key,
 * where the value came from (the file's line and column, or the variable) and what was expected
 * against what was given.
 */
public final class ConfigLoader {
    /** Reads YAML into a tree only; the tree is bound to the records by {@link RecordBinder}. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {}

    /**
     * Loads the configuration.
     *
     * @param file {@code lukhas.yaml}, or empty for defaults and environment only
     * @param env the environment (pass {@code System.getenv()}; tests pass a map)
     */
    public static LukhasConfig load(Optional<Path> file, Map<String, String> env) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        ObjectNode tree = defaults();
        List<String> scalarPaths = new ArrayList<>();
        collectScalarPaths(tree, "", scalarPaths);
        Map<String, String> sources = new HashMap<>();
        String fileName = file.map(Path::toString).orElse("defaults");
        if (file.isPresent()) {
            JsonNode user = readFile(file.get());
            if (!user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) {
                    throw new ConfigException(
                            fileName + ": must be a YAML mapping of sections (server:, upstream:, ...)");
                }
                merge(tree, (ObjectNode) user, "", sources, fileName);
            }
        }
        for (String path : scalarPaths) {
            String name = envName(path);
            String value = env.get(name);
            if (value != null) {
                set(tree, path, value);
                sources.put(path, "environment variable " + name);
            }
        }
        String openAiKey = env.get("OPENAI_API_KEY");
        if (openAiKey != null && !sources.containsKey("upstream.api_key")) {
            set(tree, "upstream.api_key", openAiKey);
            sources.put("upstream.api_key", "environment variable OPENAI_API_KEY");
            if (tree.path("upstream").path("url").asText().isBlank()) {
                set(tree, "upstream.url", "https://api.openai.com/v1");
                sources.put("upstream.url", "default for OPENAI_API_KEY");
            }
        }
        try {
            return RecordBinder.bind(tree, LukhasConfig.class);
        } catch (RecordBinder.BindException e) {
            String path = e.failure().path();
            String where = where(path, sources, fileName, file);
            throw new ConfigException(
                    switch (e.failure()) {
                        case RecordBinder.Failure.UnknownKey u ->
                            where + "unknown key '" + path + "' (known here: " + String.join(", ", u.known()) + ")";
                        case RecordBinder.Failure.WrongType w ->
                            where + path + ": expected " + expected(w.expected())
                                    + (w.detail().isEmpty() ? "" : " " + w.detail()) + ", but was " + given(w.given());
                        case RecordBinder.Failure.Refused r ->
                            where + (path.isEmpty() ? "" : path + ": ") + r.message();
                    });
        }
    }

    /**
     * Where a bad value came from, as a message prefix: {@code "lukhas.yaml line 2, column 9: "} for
     * the file (the line of the key), {@code "environment variable LUKHAS_SERVER_PORT: "}, or {@code
     * "the defaults: "}.
     */
    private static String where(String path, Map<String, String> sources, String fileName, Optional<Path> file) {
        String source = sourceOf(path, sources, fileName);
        if (file.isPresent() && source.equals(fileName)) {
            return fileName + location(file.get(), path).orElse("") + ": ";
        }
        return source + ": ";
    }

    /** {@code " line L, column C"} of the deepest key of {@code path} that the file sets. */
    private static Optional<String> location(Path file, String path) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        String target = "/" + path.replace("[", ".").replace("]", "").replace('.', '/');
        try (JsonParser p = YAML.getFactory().createParser(text)) {
            String best = "";
            Optional<String> found = Optional.empty();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String at = p.getParsingContext().pathAsPointer().toString();
                if (at.length() > best.length() && (target.equals(at) || target.startsWith(at + "/"))) {
                    best = at;
                    JsonLocation loc = p.currentTokenLocation();
                    found = Optional.of(" line " + loc.getLineNr() + ", column " + loc.getColumnNr());
                }
            }
            return found;
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What a key of this Java type takes, in the words of the configuration file. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a different kind of value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a single text value";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, e.g. [a, b]";
        }
        return "a mapping of keys (key: value lines indented under it)";
    }

    /** A value as the user wrote it: {@code 'eighty'}, {@code 12}, {@code a list}, {@code a mapping}. */
    static String given(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.asText();
    }

    /** The environment variable that overrides a key: {@code audit.dir} → {@code LUKHAS_AUDIT_DIR}. */
    public static String envName(String path) {
        return "LUKHAS_" + path.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
            if (in == null) {
                throw new IllegalStateException("defaults.yaml is missing from the server jar");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in defaults.yaml", e);
        }
    }

    private static JsonNode readFile(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file (pass an existing file with --config or LUKHAS_CONFIG)");
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigException(file + ": not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static void merge(
            ObjectNode into, ObjectNode from, String prefix, Map<String, String> sources, String file) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
                merge(target, source, path, sources, file);
            } else {
                into.set(e.getKey(), e.getValue());
                sources.put(path, file);
            }
        }
    }

    private static void collectScalarPaths(JsonNode node, String prefix, List<String> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().getNodeType() == JsonNodeType.OBJECT) {
                collectScalarPaths(e.getValue(), path, out);
            } else if (e.getValue().isValueNode()) {
                out.add(path);
            }
        }
    }

    private static void set(ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }

    private static String sourceOf(String path, Map<String, String> sources, String file) {
        for (String p = path; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
            String s = sources.get(p);
            if (s != null) {
                return s;
            }
        }
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (e.getKey().startsWith(path + ".")) {
                return e.getValue();
            }
        }
        return "defaults".equals(file) ? "the defaults" : file;
    }
}
