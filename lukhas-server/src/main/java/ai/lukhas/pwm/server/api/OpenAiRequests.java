package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.governance.tools.ToolSchemas;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.OpenAiJson;
import ai.lukhas.pwm.provider.ToolChoice;
import ai.lukhas.pwm.provider.WireFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request checks every OpenAI-compatible route shares (chat completions, responses): limits,
 * client tools (names, schemas, the tenant's ceiling), {@code tool_choice}, {@code stop}, and the
 * fields that reach the upstream unchanged. Problems are recorded on the {@link Json.Reader}, so one
 * answer lists them all and each names its field.
 *
 * <pre>{@code
 * List<FunctionDefinition> tools = OpenAiRequests.clientTools(r, body.path("tools"), isGatewayTool);
 * Optional<ToolChoice> choice = OpenAiRequests.toolChoice(r, "tool_choice", body.get("tool_choice"), tools, isGatewayTool);
 * }</pre>
 */
final class OpenAiRequests {
    private static final Set<String> SERVICE_TIERS = Set.of("auto", "default", "flex", "scale", "priority");
    private static final Set<String> VERBOSITIES = Set.of("low", "medium", "high");

    /** The most messages one request may carry (openapi.yaml: maxItems). */
    static final int MAX_MESSAGES = 1024;
    /** The most tools one request may define (OpenAI's limit). */
    static final int MAX_TOOLS = 128;
    /** The most stop sequences (OpenAI's limit). */
    static final int MAX_STOP = 4;
    /** In a tenant's {@code tools}: every function the application sends may be offered. */
    static final String CLIENT_TOOLS = "client_tools";

    private static final Pattern METADATA_KEY = Pattern.compile(".{1,64}", Pattern.DOTALL);
    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TOKEN_ID = Pattern.compile("\\d{1,9}");

    private OpenAiRequests() {}

    /** The model: absent, or 1-256 characters and not blank. */
    static Optional<String> model(Json.Reader r) {
        Optional<String> model = r.text("model", false, 256);
        if (model.isPresent() && model.get().isBlank()) {
            r.invalid("model", "must name a model (1-256 characters), but was blank");
            return Optional.empty();
        }
        return model;
    }

    /** Whether the array at {@code field} is within {@code max} items; records the problem when not. */
    static boolean withinLimit(Json.Reader r, String field, JsonNode array, int max) {
        if (array != null && array.isArray() && array.size() > max) {
            r.invalid(field, "must have at most " + max + " items, but had " + array.size());
            return false;
        }
        return true;
    }

    /**
     * The client's function tools: at most {@value #MAX_TOOLS}, names distinct and not a gateway
     * tool's, every schema one the gateway can check (see {@link ToolSchemas}).
     */
    static List<FunctionDefinition> clientTools(Json.Reader r, JsonNode tools, GatewayToolNames gateway) {
        if (!withinLimit(r, "tools", tools, MAX_TOOLS)) {
            return List.of();
        }
        List<FunctionDefinition> parsed;
        try {
            parsed = OpenAiJson.parseTools(tools);
        } catch (WireFormatException e) {
            r.malformed(e.field(), e.problem());
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<FunctionDefinition> out = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            FunctionDefinition t = parsed.get(i);
            String at = "tools[" + i + "].function";
            if (gateway.contains(t.name())) {
                r.invalid(
                        at + ".name",
                        "'" + t.name() + "' is the name of a gateway tool; name your function"
                                + " differently (gateway tools are offered with lukhas.tool_allowlist)");
            } else if (!seen.add(t.name())) {
                r.invalid(at + ".name", "'" + t.name() + "' is defined twice; tool names must be distinct");
            } else {
                Optional<String> problem = ToolSchemas.problem(t.parameters());
                if (problem.isPresent()) {
                    String p = problem.get();
                    r.invalid(at + ".parameters", p.startsWith(".") ? "(at " + p.substring(1) + ")" : p);
                } else {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * {@code tool_choice}: {@code none}, {@code auto}, {@code required} or
     * {@code {"type":"function","function":{"name":...}}} naming one of the request's tools or a
     * gateway tool.
     */
    static Optional<ToolChoice> toolChoice(
            Json.Reader r, String field, JsonNode v, List<FunctionDefinition> tools, GatewayToolNames gateway) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isTextual()) {
            return switch (v.textValue()) {
                case "none" -> Optional.of(ToolChoice.NONE);
                case "auto" -> Optional.of(ToolChoice.AUTO);
                case "required" -> Optional.of(ToolChoice.REQUIRED);
                default -> {
                    r.invalid(
                            field,
                            "must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\""
                                    + ":{\"name\":...}}, but was '" + Json.abbreviate(v.textValue()) + "'");
                    yield Optional.empty();
                }
            };
        }
        if (!v.isObject()) {
            r.malformed(field, "must be a string or an object, but was " + Json.describe(v));
            return Optional.empty();
        }
        if (!"function".equals(v.path("type").asText(""))) {
            r.invalid(field + ".type", "only 'function' is supported, but was " + Json.describe(v.get("type")));
            return Optional.empty();
        }
        JsonNode name = v.path("function").path("name");
        if (!name.isTextual() || name.textValue().isBlank()) {
            r.malformed(field + ".function.name", "must name the function to call");
            return Optional.empty();
        }
        String n = name.textValue();
        if (tools.stream().noneMatch(t -> t.name().equals(n)) && !gateway.contains(n)) {
            r.invalid(
                    field + ".function.name",
                    "'" + Json.abbreviate(n) + "' is not one of the request's tools" + " nor a gateway tool");
            return Optional.empty();
        }
        return Optional.of(new ToolChoice.Function(n));
    }

    /** {@code stop}: one string or up to {@value #MAX_STOP}, none empty. */
    static List<String> stop(Json.Reader r, JsonNode v) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.add(v.textValue());
        } else if (v.isArray()) {
            if (!withinLimit(r, "stop", v, MAX_STOP)) {
                return List.of();
            }
            for (JsonNode s : v) {
                if (!s.isTextual()) {
                    r.malformed("stop", "must hold only strings, but held " + Json.describe(s));
                    return List.of();
                }
                out.add(s.textValue());
            }
        } else {
            r.malformed("stop", "must be a string or an array of strings, but was " + Json.describe(v));
            return List.of();
        }
        for (String s : out) {
            if (s.isEmpty() || s.length() > 256) {
                r.invalid("stop", "each stop sequence must be 1-256 characters");
                return List.of();
            }
        }
        return List.copyOf(new LinkedHashSet<>(out));
    }

    /** {@code reasoning_effort} as a level in [0, 1]: minimal and low 0, medium 0.5, high 1. */
    static Optional<Double> reasoningEffort(Json.Reader r, String field, JsonNode v) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        String level = v.isTextual() ? v.textValue().toLowerCase(Locale.ROOT) : "";
        return switch (level) {
            case "none", "minimal", "low" -> Optional.of(0.0);
            case "medium" -> Optional.of(0.5);
            case "high" -> Optional.of(1.0);
            default -> {
                r.invalid(field, "must be one of none, minimal, low, medium, high, but was " + Json.describe(v));
                yield Optional.empty();
            }
        };
    }

    /**
     * The chat fields that reach the upstream unchanged, each checked against OpenAI's definition
     * (type, range, enum) so a bad value is a 400 here and not an upstream failure.
     */
    static void passThrough(Json.Reader r, ObjectNode body, Map<String, JsonNode> out) {
        for (String f : List.of("presence_penalty", "frequency_penalty")) {
            if (r.number(f, false, -2, 2).isPresent()) {
                out.put(f, body.get(f));
            }
        }
        if (r.integer("seed", false, Long.MIN_VALUE, Long.MAX_VALUE).isPresent()) {
            out.put("seed", body.get("seed"));
        }
        for (String f : List.of("store", "parallel_tool_calls")) {
            if (r.bool(f).isPresent()) {
                out.put(f, body.get(f));
            }
        }
        for (String f : List.of("prompt_cache_key", "safety_identifier")) {
            if (r.text(f, false, 256).isPresent()) {
                out.put(f, body.get(f));
            }
        }
        oneOf(r, body, "service_tier", SERVICE_TIERS, out);
        oneOf(r, body, "verbosity", VERBOSITIES, out);
        r.object("metadata", false).ifPresent(m -> {
            if (metadata(r, m)) {
                out.put("metadata", m);
            }
        });
        r.object("logit_bias", false).ifPresent(m -> {
            if (logitBias(r, m)) {
                out.put("logit_bias", m);
            }
        });
        r.object("response_format", false).ifPresent(f -> {
            if (responseFormat(r, f)) {
                out.put("response_format", f);
            }
        });
        r.object("prediction", false).ifPresent(p -> {
            JsonNode content = p.path("content");
            boolean textParts = content.isArray() && content.size() > 0;
            for (JsonNode part : content) {
                textParts &= part.path("type").asText("").equals("text")
                        && part.path("text").isTextual();
            }
            if (!p.path("type").asText("").equals("content") || !(content.isTextual() || textParts)) {
                r.invalid("prediction", "must be {\"type\":\"content\",\"content\": a string or text parts}");
            } else {
                out.put("prediction", p);
            }
        });
        JsonNode modalities = body.get("modalities");
        if (modalities != null && !modalities.isNull()) {
            if (!modalities.isArray()
                    || modalities.size() != 1
                    || !"text".equals(modalities.get(0).asText(""))) {
                r.invalid(
                        "modalities",
                        "only [\"text\"] is supported: the gateway moderates text, so it does not" + " return audio");
            } else {
                out.put("modalities", modalities);
            }
        }
        refuse(r, body, "audio", "audio output is not supported: the gateway moderates text only");
        refuse(
                r,
                body,
                "web_search_options",
                "web search is not supported; the gateway's own tools are offered" + " with lukhas.tool_allowlist");
        refuse(r, body, "functions", "is deprecated by OpenAI and not supported; send tools");
        refuse(r, body, "function_call", "is deprecated by OpenAI and not supported; send tool_choice");
        if (r.bool("logprobs").orElse(false)) {
            r.invalid(
                    "logprobs",
                    "is not supported: the gateway moderates the output and does not return token"
                            + " log probabilities; omit it or send false");
        }
        if (r.integer("top_logprobs", false, 0, 20).orElse(0) > 0) {
            r.invalid("top_logprobs", "is not supported (log probabilities are not returned); omit it or send 0");
        }
    }

    private static void oneOf(
            Json.Reader r, ObjectNode body, String field, Set<String> values, Map<String, JsonNode> out) {
        r.text(field, false, 32).ifPresent(v -> {
            if (values.contains(v)) {
                out.put(field, body.get(field));
            } else {
                r.invalid(field, "must be one of " + values.stream().sorted().toList() + ", but was '" + v + "'");
            }
        });
    }

    private static void refuse(Json.Reader r, ObjectNode body, String field, String why) {
        if (body.has(field) && !body.get(field).isNull()) {
            r.invalid(field, why);
        }
    }

    private static boolean metadata(Json.Reader r, ObjectNode m) {
        if (m.size() > 16) {
            r.invalid("metadata", "must have at most 16 keys, but had " + m.size());
            return false;
        }
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            if (!METADATA_KEY.matcher(e.getKey()).matches()) {
                r.invalid("metadata", "keys must be 1-64 characters");
                return false;
            }
            if (!e.getValue().isTextual() || e.getValue().textValue().length() > 512) {
                r.invalid("metadata." + e.getKey(), "must be a string of at most 512 characters");
                return false;
            }
        }
        return true;
    }

    private static boolean logitBias(Json.Reader r, ObjectNode m) {
        if (m.size() > 1024) {
            r.invalid("logit_bias", "must have at most 1024 entries, but had " + m.size());
            return false;
        }
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            JsonNode v = e.getValue();
            if (!TOKEN_ID.matcher(e.getKey()).matches()) {
                r.invalid(
                        "logit_bias",
                        "keys must be token ids (digits), but one was '" + Json.abbreviate(e.getKey()) + "'");
                return false;
            }
            if (!v.isNumber() || v.doubleValue() < -100 || v.doubleValue() > 100) {
                r.invalid("logit_bias." + e.getKey(), "must be a number in [-100, 100], but was " + Json.describe(v));
                return false;
            }
        }
        return true;
    }

    private static boolean responseFormat(Json.Reader r, ObjectNode f) {
        String type = f.path("type").asText("");
        switch (type) {
            case "text", "json_object" -> {
                return true;
            }
            case "json_schema" -> {
                JsonNode js = f.path("json_schema");
                if (!js.isObject()
                        || !js.path("name").isTextual()
                        || !SCHEMA_NAME.matcher(js.path("name").textValue()).matches()) {
                    r.invalid(
                            "response_format.json_schema",
                            "must be an object with a name of 1-64 letters, digits," + " '_' or '-'");
                    return false;
                }
                if (js.has("schema")) {
                    Optional<String> problem = ToolSchemas.problem(js.get("schema"));
                    if (problem.isPresent()) {
                        String p = problem.get();
                        r.invalid(
                                "response_format.json_schema.schema",
                                p.startsWith(".") ? "(at " + p.substring(1) + ")" : p);
                        return false;
                    }
                }
                return true;
            }
            default -> {
                r.invalid(
                        "response_format.type",
                        "must be one of text, json_object, json_schema, but was " + Json.describe(f.get("type")));
                return false;
            }
        }
    }

    // ---- what the answer says was applied -----------------------------------------------------------

    /** The gateway's own time for a governed answer, in milliseconds (the upstream waits excluded). */
    static final String OVERHEAD_HEADER = "x-lukhas-overhead-ms";
    /** The parameters sent to the model after modulation and the client's tightening. */
    static final String PARAMS_HEADER = "x-lukhas-params";

    /** The clock's time in nanoseconds (a route's start, for {@link #overheadMs}). */
    static long nanos(java.time.Clock clock) {
        java.time.Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** Milliseconds since {@code start} minus the upstream's share, to the microsecond. */
    static String overheadMs(java.time.Clock clock, long start, java.time.Duration upstream) {
        long own = Math.max(0, nanos(clock) - start - upstream.toNanos());
        return java.math.BigDecimal.valueOf(own / 1_000L, 3)
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * How many of the client's stop sequences were left out because the policy's took their places
     * (at most 4 reach the model; the policy's win): the client's last ones. Absent when none was.
     */
    static final String STOP_DROPPED_HEADER = "x-lukhas-stop-dropped";

    /** {@code x-lukhas-params: temperature=0.7, top_p=0.9, max_tokens=512, reasoning_effort=0.5}. */
    static String paramsHeader(ai.lukhas.pwm.modulation.ModulatedParams p) {
        return "temperature=" + p.temperature() + ", top_p=" + p.topP() + ", max_tokens=" + p.maxOutputTokens()
                + ", reasoning_effort=" + p.reasoningEffort();
    }

    /** {@link #PARAMS_HEADER} and, when stop sequences were dropped, {@link #STOP_DROPPED_HEADER}. */
    static void appliedHeaders(
            ai.lukhas.pwm.server.http.Exchange ex,
            ai.lukhas.pwm.modulation.ModulatedParams p,
            List<String> droppedStops) {
        ex.header(PARAMS_HEADER, paramsHeader(p));
        if (!droppedStops.isEmpty()) {
            ex.header(STOP_DROPPED_HEADER, Integer.toString(droppedStops.size()));
        }
    }

    // ---- tools the request may be offered ----------------------------------------------------------

    /** The entries of a tenant's ceiling that name client tools: {@value #CLIENT_TOOLS}, names or {@code *} patterns. */
    static boolean admits(List<String> ceiling, String clientTool, GatewayToolNames gateway) {
        for (String entry : ceiling) {
            if (entry.equals(CLIENT_TOOLS) || (!gateway.contains(entry) && glob(entry, clientTool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean glob(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.matches(re.toString(), name);
    }

    /**
     * The tenant's ceiling for this request: its gateway-tool entries plus every client tool it
     * admits; a client tool it does not admit is a 400 naming the tenant's {@code tools}.
     */
    static List<String> ceiling(
            Json.Reader r,
            String tenant,
            List<String> configured,
            List<FunctionDefinition> clientTools,
            GatewayToolNames gateway) {
        List<String> out = new ArrayList<>();
        for (String entry : configured) {
            if (gateway.contains(entry)) {
                out.add(entry);
            }
        }
        for (int i = 0; i < clientTools.size(); i++) {
            String name = clientTools.get(i).name();
            if (admits(configured, name, gateway)) {
                out.add(name);
            } else {
                r.invalid(
                        "tools[" + i + "].function.name",
                        "'" + name + "' is excluded by the tool ceiling of tenant '"
                                + tenant + "' (tenants." + tenant + ".tools: " + configured
                                + "); the operator admits client"
                                + " functions with '" + CLIENT_TOOLS + "' or a name pattern such as 'crm_*'");
            }
        }
        return List.copyOf(out);
    }

    /**
     * The gateway tools this request opts in to: the request's {@code lukhas.tool_allowlist} when
     * given, else the tenant's {@code default_tools} (none unless the operator set some). Every
     * entry must name a gateway tool within the tenant's ceiling, or one of the request's own tools.
     */
    static List<String> gatewayOptIn(
            Json.Reader r,
            String tenant,
            Optional<List<String>> requested,
            List<String> tenantDefaults,
            List<String> ceiling,
            List<FunctionDefinition> clientTools,
            GatewayToolNames gateway) {
        if (requested.isEmpty()) {
            return tenantDefaults;
        }
        List<String> out = new ArrayList<>();
        List<String> names = requested.get();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            boolean clientTool = clientTools.stream().anyMatch(t -> t.name().equals(n));
            if (clientTool) {
                continue;
            }
            if (!gateway.contains(n)) {
                r.invalid(
                        "lukhas.tool_allowlist[" + i + "]",
                        "'" + Json.abbreviate(n) + "' names no gateway tool and" + " no tool of this request");
            } else if (!gateway.inCeiling(ceiling, n)) {
                r.invalid(
                        "lukhas.tool_allowlist[" + i + "]",
                        "'" + n + "' is excluded by the tool ceiling of tenant '" + tenant + "' (tenants." + tenant
                                + ".tools: " + ceiling + ")");
            } else {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }
}
