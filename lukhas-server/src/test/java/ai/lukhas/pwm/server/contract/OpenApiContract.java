package ai.lukhas.pwm.server.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.DisallowUnknownKeywordFactory;
import com.networknt.schema.keyword.Keyword;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's OpenAPI document ({@code openapi.yaml}) as a test oracle: which routes it describes,
 * and whether a response (status, content type, JSON body, required headers, and each event of a
 * server-sent event stream) is one it documents.
 * Schemas are validated with the networknt validator in the JSON Schema 2020-12 dialect; local
 * {@code #/components/...} references resolve against the document.
 *
 * <pre>{@code
 * OpenApiContract contract = OpenApiContract.load();
 * HttpResponse<String> r = http.send(get("/healthz"), BodyHandlers.ofString());
 * contract.validateResponse("GET", r);  // AssertionError naming every violation
 * }</pre>
 */
public final class OpenApiContract {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAM = Pattern.compile("\\{[^/{}]+}");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The extension on a text/event-stream media type that names the schema of each event's data. */
    private static final String EVENT_SCHEMA = "x-lukhas-event-schema";
    /**
     * {@code none} on a text/event-stream media type: the stream has no final {@code data: [DONE]}
     * (the Responses API ends with its own terminal event).
     */
    private static final String EVENT_STREAM_END = "x-lukhas-event-stream-end";

    private final JsonNode document;
    private final List<Template> templates;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        List<Template> t = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(p -> t.add(Template.of(p)));
        // A literal segment beats a parameter: /v1/audit/verify before /v1/audit/{id}.
        t.sort(Comparator.comparingInt(Template::params).thenComparing(Template::path));
        this.templates = List.copyOf(t);
        // The document's top-level OpenAPI fields are not schema keywords: they are declared inert.
        // Any other unknown keyword fails compilation, which catches typos and YAML slips (an
        // unquoted comma in a flow mapping turns half a description into a keyword).
        List<Keyword> openApiFields = new ArrayList<>();
        document.fieldNames().forEachRemaining(f -> openApiFields.add(new NonValidationKeyword(f)));
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keywords(openApiFields)
                .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
                .build();
        this.registry =
                SchemaRegistry.withDefaultDialect(dialect, b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));
    }

    /** The document the server serves: {@code openapi.yaml} from the classpath. */
    public static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is not on the test classpath");
            }
            return of(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A contract over any OpenAPI 3.1 document (JSON tree). */
    public static OpenApiContract of(JsonNode document) {
        if (!document.path("openapi").asText().startsWith("3.1")) {
            throw new IllegalArgumentException(
                    "expected an OpenAPI 3.1 document, but 'openapi' was " + document.path("openapi"));
        }
        return new OpenApiContract(document);
    }

    public JsonNode document() {
        return document;
    }

    /** This document's routes, e.g. {@code "GET /v1/sessions/{id}"}. */
    public SortedSet<String> routes() {
        return routesOf(document);
    }

    /** Every operation of {@code document} as {@code "METHOD /path/{param}"}, sorted. */
    public static SortedSet<String> routesOf(JsonNode document) {
        SortedSet<String> routes = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths =
                document.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    routes.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return routes;
    }

    /** The documented path template a concrete path (query allowed) matches, e.g. {@code /v1/audit/{id}}. */
    public Optional<String> templateFor(String path) {
        String bare = stripQuery(path);
        return templates.stream()
                .filter(t -> t.matches(bare))
                .map(Template::path)
                .findFirst();
    }

    /**
     * Throws an {@link AssertionError} listing every way this response departs from the document;
     * returns normally when it conforms.
     */
    public void validateResponse(String method, String path, int status, String contentType, String body) {
        fail(method, path, status, violations(method, path, status, contentType, body));
    }

    /** Like {@link #validateResponse(String, String, int, String, String)}, plus the documented required headers. */
    public void validateResponse(String method, HttpResponse<String> response) {
        fail(method, response.uri().getRawPath(), response.statusCode(), violations(method, response));
    }

    /** Every way this response (status, content type, body, required headers) departs from the document. */
    public List<String> violations(String method, HttpResponse<String> response) {
        String path = response.uri().getRawPath();
        List<String> all = new ArrayList<>(violations(
                method,
                path,
                response.statusCode(),
                response.headers().firstValue("content-type").orElse(""),
                response.body()));
        all.addAll(headerViolations(method, path, response));
        return all;
    }

    /** Every way this response departs from the document (empty when it conforms). */
    public List<String> violations(String method, String path, int status, String contentType, String body) {
        Optional<Located> response = response(method, path, status);
        if (response.isEmpty()) {
            return List.of(undocumented(method, path, status));
        }
        JsonNode content = response.get().node().path("content");
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (content.isMissingNode() || content.isEmpty()) {
            return body.isEmpty()
                    ? List.of()
                    : List.of("the document describes no body for " + status + ", but one came (" + media + ")");
        }
        if (!content.has(media)) {
            List<String> documented = new ArrayList<>();
            content.fieldNames().forEachRemaining(documented::add);
            return List.of("content type '" + contentType + "' is not documented for " + status + " (documented: "
                    + documented + ")");
        }
        String mediaPointer = response.get().pointer() + "/content/" + escape(media);
        if (media.equals("text/event-stream") && document.at(mediaPointer).has(EVENT_SCHEMA)) {
            boolean done =
                    !document.at(mediaPointer).path(EVENT_STREAM_END).asText("").equals("none");
            return eventViolations(body, mediaPointer + "/" + EVENT_SCHEMA, done);
        }
        if (!(media.equals("application/json") || media.endsWith("+json"))) {
            return List.of();
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return List.of("the body is declared " + media + " but is not JSON: " + e.getOriginalMessage());
        }
        if (instance == null || instance.isMissingNode()) {
            return List.of("the body is declared " + media + " but is empty");
        }
        String pointer = response.get().pointer() + "/content/" + escape(media) + "/schema";
        return schema(pointer).validate(instance).stream()
                .map(e -> "body " + e.getInstanceLocation() + ": " + e.getMessage())
                .toList();
    }

    /**
     * A server-sent event stream: every {@code data:} event but the final {@code [DONE]} must be one
     * JSON object valid against the event schema, and the stream must end with {@code [DONE]} when
     * {@code done} (else it must have none).
     */
    private List<String> eventViolations(String body, String schemaPointer, boolean done) {
        List<String> out = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (!data.isEmpty()) {
                events.add(data.toString());
            }
        }
        if (done && (events.isEmpty() || !events.getLast().equals("[DONE]"))) {
            out.add("the event stream does not end with 'data: [DONE]'");
        }
        if (!done && events.contains("[DONE]")) {
            out.add("the event stream has a 'data: [DONE]' its document says it does not send");
        }
        if (events.isEmpty()) {
            out.add("the event stream has no events");
        }
        for (int i = 0; i < events.size(); i++) {
            String data = events.get(i);
            if (data.equals("[DONE]")) {
                if (i != events.size() - 1) {
                    out.add("event " + i + ": [DONE] before the end of the stream");
                }
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(data);
            } catch (JsonProcessingException e) {
                out.add("event " + i + " is not JSON: " + e.getOriginalMessage());
                continue;
            }
            int n = i;
            schema(schemaPointer)
                    .validate(event)
                    .forEach(e -> out.add("event " + n + " " + e.getInstanceLocation() + ": " + e.getMessage()));
        }
        return out;
    }

    private List<String> headerViolations(String method, String path, HttpResponse<String> response) {
        Optional<Located> located = response(method, path, response.statusCode());
        if (located.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> headers =
                located.get().node().path("headers").properties().iterator();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> h = headers.next();
            Located header = resolve(located.get().pointer() + "/headers/" + escape(h.getKey()));
            Optional<String> value = response.headers().firstValue(h.getKey());
            if (value.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    out.add("required header " + h.getKey() + " is missing");
                }
                continue;
            }
            JsonNode schemaNode = resolve(header.pointer() + "/schema").node();
            JsonNode instance = JsonNodeFactory.instance.textNode(value.get());
            if ("integer".equals(schemaNode.path("type").asText())) {
                try {
                    instance = JsonNodeFactory.instance.numberNode(Long.parseLong(value.get()));
                } catch (NumberFormatException e) {
                    out.add("header " + h.getKey() + " must be an integer, but was '" + value.get() + "'");
                    continue;
                }
            }
            schema(header.pointer() + "/schema").validate(instance).stream()
                    .map(e -> "header " + h.getKey() + " '" + value.get() + "': " + e.getMessage())
                    .forEach(out::add);
        }
        return out;
    }

    private Optional<Located> response(String method, String path, int status) {
        Optional<String> template = templateFor(path);
        if (template.isEmpty()) {
            return Optional.empty();
        }
        String op = "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT);
        if (document.at(op).isMissingNode()) {
            return Optional.empty();
        }
        JsonNode responses = document.at(op + "/responses");
        for (String key : List.of(Integer.toString(status), (status / 100) + "XX", "default")) {
            if (responses.has(key)) {
                return Optional.of(resolve(op + "/responses/" + escape(key)));
            }
        }
        return Optional.empty();
    }

    private String undocumented(String method, String path, int status) {
        Optional<String> template = templateFor(path);
        if (template.isEmpty()) {
            return "no path in the document matches " + stripQuery(path);
        }
        String op = "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT);
        if (document.at(op).isMissingNode()) {
            return method + " " + template.get() + " is not in the document";
        }
        List<String> documented = new ArrayList<>();
        document.at(op + "/responses").fieldNames().forEachRemaining(documented::add);
        return "status " + status + " is not documented for " + method + " " + template.get() + " (documented: "
                + documented + ")";
    }

    /** Follows {@code $ref}s from the node at {@code pointer} to the node they name. */
    private Located resolve(String pointer) {
        String at = pointer;
        for (int hops = 0; hops < 16; hops++) {
            JsonNode node = document.at(at);
            if (node.isMissingNode()) {
                throw new IllegalStateException("the document has nothing at " + at);
            }
            JsonNode ref = node.get("$ref");
            if (ref == null || !node.isObject() || node.has("type")) {
                return new Located(at, node);
            }
            String target = ref.asText();
            if (!target.startsWith("#/")) {
                throw new IllegalStateException("only local references are supported, but " + at + " has " + target);
            }
            at = target.substring(1);
        }
        throw new IllegalStateException("reference cycle from " + pointer);
    }

    /**
     * The compiled schema at {@code pointer}: the document itself is the schema resource, so local
     * {@code #/components/schemas/...} references resolve; its top-level OpenAPI fields are not JSON
     * Schema keywords and are ignored.
     */
    Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> {
            if (document.at(p).isMissingNode()) {
                throw new IllegalStateException("the document has no schema at " + p);
            }
            ObjectNode root = document.deepCopy();
            root.put("$ref", "#" + p);
            Schema schema = registry.getSchema(root);
            schema.initializeValidators(); // compile referenced schemas now, so bad keywords fail here
            return schema;
        });
    }

    private static void fail(String method, String path, int status, List<String> violations) {
        if (!violations.isEmpty()) {
            throw new AssertionError(method + " " + path + " -> " + status + " departs from openapi.yaml:\n  - "
                    + String.join("\n  - ", violations));
        }
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private record Located(String pointer, JsonNode node) {}

    private record Template(String path, Pattern regex, int params) {
        static Template of(String path) {
            Matcher m = PARAM.matcher(path);
            StringBuilder regex = new StringBuilder();
            int last = 0;
            int params = 0;
            while (m.find()) {
                regex.append(Pattern.quote(path.substring(last, m.start()))).append("[^/]+");
                last = m.end();
                params++;
            }
            regex.append(Pattern.quote(path.substring(last)));
            return new Template(path, Pattern.compile(regex.toString()), params);
        }

        boolean matches(String concrete) {
            return regex.matcher(concrete).matches();
        }
    }
}
