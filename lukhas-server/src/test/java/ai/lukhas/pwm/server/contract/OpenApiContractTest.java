package ai.lukhas.pwm.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.server.http.OpenAiErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The document itself: complete for issue 9, internally consistent, and a checker that catches departures. */
class OpenApiContractTest {
    /** Issue 9, items 2, 3 and 5, as written there, plus the audit proof route of issue 16. */
    static final Set<String> ISSUE_9_ROUTES = Set.of(
            "POST /v1/chat/completions",
            "GET /v1/models",
            "POST /v1/responses", // issue 17: the Responses API
            "GET /v1/responses/{id}",
            "DELETE /v1/responses/{id}",
            "GET /v1/responses/{id}/input_items",
            "POST /v1/modulation/preview",
            "POST /v1/sessions/{id}/signals",
            "GET /v1/sessions/{id}",
            "GET /v1/tools",
            "GET /v1/audit/{id}",
            "GET /v1/audit/{id}/proof",
            "GET /v1/audit",
            "GET /v1/audit/verify",
            "GET /v1/incidents",
            "GET /v1/incidents.csv",
            "POST /v1/feedback/cards",
            "GET /v1/feedback/lut",
            "GET /v1/flags",
            "PUT /v1/flags/{name}",
            "POST /v1/colony/consensus",
            "GET /v1/dna/{key}",
            "PUT /v1/dna/{key}",
            "GET /v1/dna/{key}/history",
            "GET /v1/scheduler/tasks",
            "GET /healthz",
            "GET /readyz",
            "GET /metrics",
            "GET /openapi.json",
            "GET /docs");

    /** Issue 21: the management routes the admin dashboard's pages read and act through. */
    static final Set<String> ISSUE_21_ROUTES = Set.of(
            "GET /v1/admin/overview",
            "GET /v1/sessions",
            "GET /v1/modulation/policy",
            "GET /v1/feedback/lut/history",
            "GET /v1/dna",
            "GET /v1/colony/decisions",
            "GET /v1/keys",
            "POST /v1/keys",
            "DELETE /v1/keys/{id}",
            "GET /v1/tenants");

    private final OpenApiContract contract = OpenApiContract.load();

    /** The answer breaks the contract in exactly one way, described with {@code text}. */
    private void assertOneViolation(
            String text, String method, String path, int status, String contentType, String body) {
        assertThat(contract.violations(method, path, status, contentType, body))
                .singleElement()
                .satisfies(v -> assertThat(v).contains(text));
    }

    private final JsonNode doc = contract.document();

    @Test
    void describesExactlyTheRoutesOfIssue9PlusTheSwaggerUiFilesAndTheHoldRelease() {
        Set<String> expected = new TreeSet<>(ISSUE_9_ROUTES);
        expected.add("GET /docs/{asset}");
        expected.add("GET /admin"); // issue 21: the admin dashboard's static files
        expected.add("GET /admin/{asset}");
        expected.add("DELETE /v1/sessions/{id}/hold"); // issue 15: an admin ends an escalation hold
        expected.add("DELETE /v1/flags/{name}"); // issue 20: an admin removes a run-time override
        expected.add("GET /v1/models/{model}"); // issue 17: the OpenAI SDKs' models.retrieve
        expected.add("POST /v1/embeddings"); // issue 17 item 4
        expected.addAll(ISSUE_21_ROUTES); // the admin dashboard's data
        assertThat(contract.routes()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        // no jsonSchemaDialect: the OpenAPI 3.1 default (the OAS base dialect, a 2020-12 superset) is meant, and
        // Swagger UI shows a red warning for any other value
        assertThat(doc.has("jsonSchemaDialect")).isFalse();
        assertThat(doc.path("info").path("license").path("identifier").asText()).isEqualTo("Apache-2.0");
    }

    @Test
    void routesOfReadsMethodsAndTemplatesAndIgnoresNonOperationKeys() throws Exception {
        JsonNode small = new ObjectMapper().readTree("""
                {"openapi":"3.1.0","paths":{"/a/{x}":{"parameters":[],"get":{},"put":{}},"/b":{"summary":"s","post":{}}}}""");
        assertThat(OpenApiContract.routesOf(small)).containsExactly("GET /a/{x}", "POST /b", "PUT /a/{x}");
    }

    @Test
    void everyResponseCarriesTheApiVersionHeaderAndEveryErrorIsAProblemOrAnOpenAiErrorOnOpenAiRoutes() {
        List<String> problems = new ArrayList<>();
        forEachOperation(
                (route, op) -> op.path("responses").properties().iterator().forEachRemaining(r -> {
                    JsonNode response = deref(r.getValue());
                    String where = route + " " + r.getKey();
                    if (!response.path("headers").has("x-lukhas-api-version")) {
                        problems.add(where + ": no x-lukhas-api-version header");
                    }
                    int status = Integer.parseInt(r.getKey());
                    if (status >= 400) {
                        JsonNode content = response.path("content");
                        List<String> types = new ArrayList<>();
                        content.fieldNames().forEachRemaining(types::add);
                        // issue 17: the OpenAI SDKs read only {"error": {...}} bodies
                        boolean openAi = OpenAiErrors.isOpenAiRoute(route.substring(route.indexOf(' ') + 1));
                        String type = openAi ? "application/json" : "application/problem+json";
                        String schema = openAi ? "#/components/schemas/OpenAiError" : "#/components/schemas/Problem";
                        if (!types.equals(List.of(type))
                                || !content.path(type)
                                        .path("schema")
                                        .path("$ref")
                                        .asText()
                                        .equals(schema)) {
                            problems.add(where + ": not " + type + " with the " + schema + " schema, but " + types);
                        }
                    }
                }));
        assertThat(problems).isEmpty();
    }

    @Test
    void problemSchemaHasTheShapeOfTheServersProblemRecord() {
        JsonNode problem = doc.at("/components/schemas/Problem");
        List<String> recordFields = new ArrayList<>();
        for (var c : ai.lukhas.pwm.server.http.Problem.class.getRecordComponents()) {
            recordFields.add(c.getName());
        }
        List<String> schemaFields = new ArrayList<>();
        problem.path("properties").fieldNames().forEachRemaining(schemaFields::add);
        assertThat(schemaFields).containsExactlyInAnyOrderElementsOf(recordFields);
        assertThat(problem.at("/properties/errors/items/properties").has("field"))
                .isTrue();
        assertThat(problem.at("/properties/errors/items/properties").has("message"))
                .isTrue();
        assertThat(problem.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void everyRequestBodyRejectsUnknownFieldsAndNeedsAuthUnlessOperational() {
        Set<String> open = Set.of(
                "GET /healthz",
                "GET /readyz",
                "GET /metrics",
                "GET /openapi.json",
                "GET /docs",
                "GET /docs/{asset}",
                "GET /admin",
                "GET /admin/{asset}");
        List<String> problems = new ArrayList<>();
        forEachOperation((route, op) -> {
            JsonNode body = op.at("/requestBody/content/application~1json/schema");
            if (!body.isMissingNode()
                    && deref(body).path("additionalProperties").asBoolean(true)) {
                problems.add(route + ": request body allows unknown fields");
            }
            boolean anonymous = op.has("security") && op.path("security").isEmpty();
            if (anonymous != open.contains(route)) {
                problems.add(route + (anonymous ? ": needs no key" : ": needs a key"));
            }
            if (!anonymous && !op.at("/responses/401").isObject()) {
                problems.add(route + ": needs a key but documents no 401");
            }
            if (!anonymous && !op.at("/responses/429").isObject()) {
                problems.add(route + ": is rate limited but documents no 429");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    }

    /**
     * The request screen runs before every route (RequestScreen): keyless local mode refuses foreign
     * Host/Origin with 403 anywhere, a throttled address gets 429 anywhere, and a non-JSON body gets 415.
     */
    @Test
    void everyOperationDocumentsTheRefusalsOfTheRequestScreen() {
        List<String> problems = new ArrayList<>();
        forEachOperation((route, op) -> {
            if (!op.at("/responses/403").isObject()) {
                problems.add(route + ": documents no 403 (keyless Host/Origin refusal)");
            }
            if (!op.at("/responses/429").isObject()) {
                problems.add(route + ": documents no 429 (failed-authentication throttle)");
            }
            if (op.has("requestBody")) {
                op.path("requestBody").path("content").fieldNames().forEachRemaining(type -> {
                    if (!type.equals("application/json") && !type.endsWith("+json")) {
                        problems.add(route + ": takes " + type + ", but every body must be JSON");
                    }
                });
                if (!op.at("/responses/415").isObject()) {
                    problems.add(route + ": takes a body but documents no 415");
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyExampleInTheDocumentConformsToItsSchema() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        walk(doc, "", (pointer, node) -> {
            if (!node.has("schema")) {
                return;
            }
            List<JsonNode> examples = new ArrayList<>();
            if (node.has("example")) {
                examples.add(node.get("example"));
            }
            node.path("examples").forEach(e -> examples.add(e.path("value")));
            for (JsonNode e : examples) {
                if (node.at("/schema/type").asText().equals("string") && e.isTextual()) {
                    continue;
                }
                checked[0]++;
                contract.schema(pointer + "/schema").validate(e).forEach(err -> problems.add(pointer + ": " + err));
            }
        });
        assertThat(problems).isEmpty();
        assertThat(checked[0]).as("examples checked").isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyComponentSchemaCompilesAndEveryReferenceResolves() {
        List<String> dangling = new ArrayList<>();
        walk(doc, "", (pointer, node) -> {
            if (node.has("$ref")
                    && doc.at(node.get("$ref").asText().substring(1)).isMissingNode()) {
                dangling.add(pointer + " -> " + node.get("$ref").asText());
            }
        });
        assertThat(dangling).isEmpty();
        List<String> schemas = new ArrayList<>();
        doc.at("/components/schemas")
                .fieldNames()
                .forEachRemaining(name -> schemas.add("/components/schemas/" + OpenApiContract.escape(name)));
        walk(doc.path("paths"), "/paths", (pointer, node) -> {
            if (node.has("schema") && node.get("schema").isObject()) {
                schemas.add(pointer + "/schema");
            }
        });
        assertThat(schemas).hasSizeGreaterThan(100);
        List<String> broken = new ArrayList<>();
        for (String pointer : schemas) {
            try {
                contract.schema(pointer).validate(new ObjectMapper().nullNode());
            } catch (RuntimeException e) {
                broken.add(pointer + ": " + e.getMessage());
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void anUnknownSchemaKeywordIsRejectedSoYamlSlipsCannotHide() throws Exception {
        // "{type: number, description: sent, when clamped}" in YAML makes "when clamped" a keyword.
        JsonNode slip = new ObjectMapper()
                .readTree("{\"openapi\":\"3.1.0\",\"paths\":{},\"components\":{\"schemas\":{"
                        + "\"A\":{\"type\":\"number\",\"description\":\"sent\",\"when clamped\":null}}}}");
        OpenApiContract c = OpenApiContract.of(slip);
        assertThatThrownBy(() -> c.schema("/components/schemas/A")).hasMessageContaining("when clamped");
    }

    @Test
    void acceptsAConformingProblemAndAConformingHealthBody() {
        String problem =
                "{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404,\"detail\":\"no record\",\"instance\":\"/v1/audit/x\"}";
        assertThat(contract.violations("GET", "/v1/audit/x", 404, "application/problem+json", problem))
                .isEmpty();
        assertThat(contract.violations(
                        "GET",
                        "/healthz",
                        200,
                        "application/json;charset=utf-8",
                        "{\"status\":\"ok\",\"version\":\"0.1.0\"}"))
                .isEmpty();
    }

    @Test
    void reportsABodyThatBreaksItsSchemaNamingTheField() {
        String problemWithoutDetail =
                "{\"type\":\"about:blank\",\"title\":\"Bad\",\"status\":400,\"instance\":\"/v1/tools\",\"extra\":1}";
        List<String> v = contract.violations("GET", "/v1/tools", 400, "application/problem+json", problemWithoutDetail);
        assertThat(v).anySatisfy(s -> assertThat(s).contains("detail"));
        assertThat(v).anySatisfy(s -> assertThat(s).contains("extra"));
        assertThatThrownBy(() -> contract.validateResponse(
                        "GET", "/v1/tools", 400, "application/problem+json", problemWithoutDetail))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /v1/tools -> 400");
    }

    @Test
    void resolvesNestedComponentReferencesWhenValidating() {
        String badTrace = """
                {"session_id":"s1","params":{"temperature":0.5,"top_p":1,"max_output_tokens":100,"reasoning_effort":0.5,
                 "retrieval_k":3,"planner_beam":1,"memory_write":0.1,"safety_mode":"reckless","tool_allowlist":[]},
                 "prompt_style":{"name":"x","preamble":"","moderation_preset":"low","stop_sequences":[]},
                 "trace":{"at":"2026-11-22T02:38:22.956Z","strict_default":false,"parameters":{},"signals":[]},
                 "policy":{"version":1,"sha256":"%s"},"holds":[]}""".formatted("a".repeat(64));
        assertOneViolation("safety_mode", "GET", "/v1/sessions/s1", 200, "application/json", badTrace);
        assertThat(contract.violations(
                        "GET", "/v1/sessions/s1", 200, "application/json", badTrace.replace("reckless", "strict")))
                .isEmpty();
    }

    @Test
    void reportsUndocumentedStatusesContentTypesPathsAndNonJson() {
        assertOneViolation("status 418 is not documented", "GET", "/healthz", 418, "application/json", "{}");
        assertOneViolation("content type 'text/plain' is not documented", "GET", "/healthz", 200, "text/plain", "ok");
        assertOneViolation(
                "no path in the document matches /nowhere", "GET", "/nowhere", 200, "application/json", "{}");
        assertOneViolation(
                "DELETE /healthz is not in the document", "DELETE", "/healthz", 200, "application/json", "{}");
        assertOneViolation("is not JSON", "GET", "/healthz", 200, "application/json", "<html>");
    }

    @Test
    void checksEveryEventOfAChatStreamAndTheFinalDone() {
        String lukhas = "{\"audit_id\":\"a-1\",\"session_id\":\"s-1\",\"safety_mode\":\"balanced\","
                + "\"params\":{\"temperature\":0.7,\"top_p\":1,\"max_output_tokens\":900,\"reasoning_effort\":0.5,"
                + "\"retrieval_k\":4,\"planner_beam\":1,\"memory_write\":0.3,\"safety_mode\":\"balanced\","
                + "\"tool_allowlist\":[]},\"incidents\":[]}";
        String first = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":null}]}";
        String last = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"lukhas\":" + lukhas + "}";
        String stream = "data: " + first + "\n\ndata: " + last + "\n\ndata: [DONE]\n\n";
        assertThat(contract.violations("POST", "/v1/chat/completions", 200, "text/event-stream", stream))
                .isEmpty();

        String wrongObject = stream.replace("\"object\":\"chat.completion.chunk\"", "\"object\":\"chunk\"");
        assertThat(contract.violations("POST", "/v1/chat/completions", 200, "text/event-stream", wrongObject))
                .hasSize(2)
                .allSatisfy(v -> assertThat(v).contains("/object"));
        String unfinished = "data: " + first + "\n\n";
        assertThat(contract.violations("POST", "/v1/chat/completions", 200, "text/event-stream", unfinished))
                .containsExactly("the event stream does not end with 'data: [DONE]'");
    }

    @Test
    void matchesLiteralSegmentsBeforeParametersAndIgnoresTheQuery() {
        assertThat(contract.templateFor("/v1/audit/verify")).contains("/v1/audit/verify");
        assertThat(contract.templateFor("/v1/audit/0193a0c2")).contains("/v1/audit/{id}");
        assertThat(contract.templateFor("/v1/audit?limit=5&cursor=abc")).contains("/v1/audit");
        assertThat(contract.templateFor("/v1/incidents.csv")).contains("/v1/incidents.csv");
        assertThat(contract.templateFor("/v1/dna/user.locale/history")).contains("/v1/dna/{key}/history");
        assertThat(contract.templateFor("/v1/sessions/a/b")).isEmpty();
    }

    private JsonNode deref(JsonNode node) {
        JsonNode n = node;
        while (n.has("$ref")) {
            n = doc.at(n.get("$ref").asText().substring(1));
        }
        return n;
    }

    private void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
        Iterator<Map.Entry<String, JsonNode>> paths =
                doc.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().properties().iterator().forEachRemaining(m -> {
                if (Set.of("get", "put", "post", "delete", "patch").contains(m.getKey())) {
                    action.accept(m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), m.getValue());
                }
            });
        }
    }

    private static void walk(JsonNode node, String pointer, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(pointer, node);
            node.properties()
                    .iterator()
                    .forEachRemaining(
                            f -> walk(f.getValue(), pointer + "/" + OpenApiContract.escape(f.getKey()), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visit);
            }
        }
    }
}
