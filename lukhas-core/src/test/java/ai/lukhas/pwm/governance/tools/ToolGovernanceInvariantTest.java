package ai.lukhas.pwm.governance.tools;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Safety invariant 4: for arbitrary offered sets and arbitrary model tool calls (hallucinated names,
 * random or invalid JSON arguments), a call outside the offered set or with schema-invalid arguments
 * never reaches an executor, and a valid call to an offered tool does. Validity is known by how each
 * call is generated, not by asking the validator under test.
 */
class ToolGovernanceInvariantTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutionLimits GENEROUS = ExecutionLimits.DEFAULT.withTimeout(Duration.ofSeconds(30));

    private static final Map<String, RecordingExecutor> EXECUTORS = new LinkedHashMap<>();
    private static final ToolRegistry REGISTRY;
    private static final Map<Boolean, Map<Boolean, ToolGate>> GATES = new LinkedHashMap<>();

    static {
        ToolRegistry.Builder b = ToolRegistry.builder();
        for (CanonicalTool c : CanonicalTool.values()) {
            RecordingExecutor e = new RecordingExecutor(c.definition().name());
            EXECUTORS.put(c.definition().name(), e);
            b.executor(c, e, GENEROUS);
        }
        RecordingExecutor order = new RecordingExecutor("lookup_order");
        EXECUTORS.put("lookup_order", order);
        b.register(
                ToolDefinition.of(
                        "lookup_order",
                        "Look up an order.",
                        parse("{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\","
                                + "\"pattern\":\"^[A-Z]{2}[0-9]{4}$\"}},\"required\":[\"order_id\"],"
                                + "\"additionalProperties\":false}")),
                order,
                GENEROUS);
        b.clientSide(ToolDefinition.of(
                "pick_colour",
                "Ask the user's app to pick a colour.",
                parse("{\"type\":\"object\",\"properties\":{\"colour\":{\"enum\":[\"red\",\"green\",\"blue\"]}},"
                        + "\"required\":[\"colour\"],\"additionalProperties\":false}")));
        REGISTRY = b.build();
        for (boolean browser : List.of(false, true)) {
            for (boolean code : List.of(false, true)) {
                GATES.computeIfAbsent(browser, k -> new LinkedHashMap<>())
                        .put(
                                code,
                                ToolGate.create(
                                        REGISTRY,
                                        Flags.fixed(Map.of("BROWSER_TOOL", browser, "CODE_EXEC_TOOL", code))));
            }
        }
    }

    private static final List<String> FUNCTION_NAMES =
            List.of("retrieve_knowledge", "open_url", "schedule_task", "exec_code", "lookup_order", "pick_colour");
    private static final List<String> ALLOWLIST_NAMES =
            List.of("retrieval", "browser", "scheduler", "code_exec", "lookup_order", "pick_colour");

    @AfterContainer
    static void closeGates() {
        GATES.values().forEach(m -> m.values().forEach(ToolGate::close));
    }

    /** A model's call plus what the generator knows about it. */
    record LabelledCall(String name, String arguments, boolean argumentsValid) {}

    record Scenario(
            Optional<Set<String>> ceiling,
            Optional<Set<String>> requested,
            Set<String> modulated,
            boolean browserFlag,
            boolean codeFlag,
            List<LabelledCall> calls) {}

    @Property(tries = 400)
    void aCallOutsideTheOfferOrWithInvalidArgumentsNeverReachesAnExecutor(@ForAll("scenarios") Scenario s) {
        ToolGate gate = GATES.get(s.browserFlag()).get(s.codeFlag());
        ToolOffer offer = gate.offer(new ToolOfferRequest(s.ceiling(), s.requested(), s.modulated()));

        // the offer never exceeds any of the lists or the flags
        for (int i = 0; i < FUNCTION_NAMES.size(); i++) {
            String fn = FUNCTION_NAMES.get(i);
            String key = ALLOWLIST_NAMES.get(i);
            if (offer.offers(fn)) {
                assertThat(listed(s.modulated(), fn, key)).as(fn).isTrue();
                s.ceiling().ifPresent(c -> assertThat(listed(c, fn, key)).as(fn).isTrue());
                s.requested()
                        .ifPresent(r -> assertThat(listed(r, fn, key)).as(fn).isTrue());
                if (fn.equals("open_url")) {
                    assertThat(s.browserFlag()).isTrue();
                }
                if (fn.equals("exec_code")) {
                    assertThat(s.codeFlag()).isTrue();
                }
            }
        }

        for (LabelledCall c : s.calls()) {
            Map<String, Integer> before = snapshot();
            ToolRunResult result =
                    gate.run(offer, new ToolCall("call", c.name(), c.arguments()), ToolContext.of(TenantId.DEFAULT));
            Map<String, Integer> after = snapshot();

            boolean offered = offer.offers(c.name());
            boolean shouldPass = offered && c.argumentsValid();
            boolean serverSide = EXECUTORS.containsKey(c.name());
            List<String> ran = after.keySet().stream()
                    .filter(k -> !after.get(k).equals(before.get(k)))
                    .toList();

            if (shouldPass && serverSide) {
                assertThat(ran).as("%s %s", c.name(), c.arguments()).containsExactly(c.name());
                assertThat(result).isInstanceOf(ToolRunResult.Completed.class);
            } else {
                assertThat(ran).as("%s %s", c.name(), c.arguments()).isEmpty();
            }
            if (shouldPass && !serverSide) {
                assertThat(result).isInstanceOf(ToolRunResult.ClientSide.class);
            }
            if (!shouldPass) {
                assertThat(result).isInstanceOf(ToolRunResult.Blocked.class);
                ToolCallDecision.Blocked b = ((ToolRunResult.Blocked) result).decision();
                assertThat(b.kind())
                        .isEqualTo(
                                offered ? ToolCallDecision.Kind.INVALID_ARGUMENTS : ToolCallDecision.Kind.BLOCKED_TOOL);
                assertThat(b.toolMessage()).startsWith("Tool '").contains("' blocked by governance: ");
            }
        }
    }

    private static boolean listed(Set<String> list, String fn, String key) {
        return list.contains(fn) || list.contains(key);
    }

    private static Map<String, Integer> snapshot() {
        Map<String, Integer> m = new LinkedHashMap<>();
        EXECUTORS.forEach((k, v) -> m.put(k, v.calls.size()));
        return m;
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<String> entry = Arbitraries.oneOf(
                Arbitraries.of(ALLOWLIST_NAMES),
                Arbitraries.of(FUNCTION_NAMES),
                Arbitraries.of("teleport", "", "RETRIEVAL"));
        Arbitrary<Set<String>> list = entry.set().ofMaxSize(7);
        Arbitrary<Optional<Set<String>>> optionalList = list.optional(0.6);
        return Combinators.combine(
                        optionalList,
                        optionalList,
                        list,
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        call().list().ofMinSize(1).ofMaxSize(6))
                .as(Scenario::new);
    }

    private Arbitrary<LabelledCall> call() {
        Arbitrary<String> hallucinated = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of(
                        "browser",
                        "retrieval",
                        "code_exec",
                        "Open_URL",
                        "open_url ",
                        " exec_code",
                        "exec-code",
                        "retrieve_knowledge\u0000",
                        "shell",
                        "run_sql",
                        "pick_color",
                        "functions.open_url"));
        Arbitrary<String> name = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(FUNCTION_NAMES)), net.jqwik.api.Tuple.of(1, hallucinated));
        return name.flatMap(n -> {
            String argsOf = FUNCTION_NAMES.contains(n) ? n : null;
            if (argsOf == null) {
                // a hallucinated name gets arguments valid for some real tool: the name alone must stop it
                return Arbitraries.of(FUNCTION_NAMES)
                        .flatMap(real -> valid(real).map(a -> new LabelledCall(n, a, true)));
            }
            return Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(3, valid(argsOf).map(a -> new LabelledCall(n, a, true))),
                    net.jqwik.api.Tuple.of(4, invalid(argsOf).map(a -> new LabelledCall(n, a, false))));
        });
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(30);
    }

    /** Arguments valid for {@code tool} by construction. */
    private static Arbitrary<String> valid(String tool) {
        return switch (tool) {
            case "retrieve_knowledge" ->
                Combinators.combine(
                                text(), Arbitraries.integers().between(1, 20).optional())
                        .as((q, k) -> {
                            ObjectNode o = JSON.createObjectNode().put("query", q);
                            k.ifPresent(v -> o.put("k", v));
                            return o.toString();
                        });
            case "open_url" ->
                text().map(u -> JSON.createObjectNode().put("url", u).toString());
            case "schedule_task" ->
                Combinators.combine(text(), text()).as((w, n) -> JSON.createObjectNode()
                        .put("when", w)
                        .put("note", n)
                        .toString());
            case "exec_code" ->
                Combinators.combine(Arbitraries.of("python", "javascript", "bash"), text())
                        .as((l, src) -> JSON.createObjectNode()
                                .put("language", l)
                                .put("source", src)
                                .toString());
            case "lookup_order" ->
                Combinators.combine(
                                Arbitraries.strings().withCharRange('A', 'Z').ofLength(2),
                                Arbitraries.strings().numeric().ofLength(4))
                        .as((a, d) ->
                                JSON.createObjectNode().put("order_id", a + d).toString());
            case "pick_colour" ->
                Arbitraries.of("red", "green", "blue")
                        .map(c -> JSON.createObjectNode().put("colour", c).toString());
            default -> throw new IllegalArgumentException(tool);
        };
    }

    /** Arguments invalid for {@code tool} by construction. */
    private static Arbitrary<String> invalid(String tool) {
        List<Arbitrary<String>> ways = new ArrayList<>();
        // not a JSON object at all: no '{' can appear, so these can never parse to an object
        ways.add(Arbitraries.strings()
                .excludeChars('{')
                .ofMinLength(1)
                .ofMaxLength(40)
                .filter(s -> !s.isBlank()));
        ways.add(Arbitraries.of("[]", "null", "42", "\"text\"", "true", "{", "{\"a\":", "{}}", "{} x", "{'a':1}"));
        // a JSON object missing what the schema requires
        ways.add(Arbitraries.of("{}", "", "   ", "{\"unexpected\":1}"));
        // a valid object plus an extra property
        ways.add(valid(tool).map(v -> v.substring(0, v.length() - 1) + ",\"extra\":true}"));
        // a valid object with a duplicated key: strict parsing refuses to pick one
        ways.add(valid(tool).map(v -> {
            String firstField = v.substring(1, v.indexOf(':'));
            return "{" + firstField + ":\"dup\"," + v.substring(1);
        }));
        // a valid object followed by trailing content
        ways.add(valid(tool).map(v -> v + " {}"));
        // tool-specific schema violations
        ways.add(
                switch (tool) {
                    case "retrieve_knowledge" ->
                        Arbitraries.of(
                                "{\"query\":\"\"}",
                                "{\"query\":7}",
                                "{\"query\":\"x\",\"k\":0}",
                                "{\"query\":\"x\",\"k\":21}",
                                "{\"query\":\"x\",\"k\":2.5}",
                                "{\"query\":\"x\",\"k\":\"3\"}",
                                "{\"query\":null}");
                    case "open_url" ->
                        Arbitraries.of("{\"url\":\"\"}", "{\"url\":[\"http://x\"]}", "{\"href\":\"http://x\"}");
                    case "schedule_task" ->
                        Arbitraries.of("{\"when\":\"in 1 day\"}", "{\"note\":\"x\"}", "{\"when\":1,\"note\":\"x\"}");
                    case "exec_code" ->
                        Arbitraries.of(
                                "{\"language\":\"ruby\",\"source\":\"x\"}",
                                "{\"language\":\"python\"}",
                                "{\"language\":\"Python\",\"source\":\"x\"}",
                                "{\"source\":\"x\"}");
                    case "lookup_order" ->
                        Arbitraries.of(
                                "{\"order_id\":\"ab1234\"}", "{\"order_id\":\"AB12345\"}", "{\"order_id\":1234}");
                    case "pick_colour" ->
                        Arbitraries.of("{\"colour\":\"purple\"}", "{\"colour\":\"RED\"}", "{\"color\":\"red\"}");
                    default -> throw new IllegalArgumentException(tool);
                });
        return Arbitraries.oneOf(ways);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
