package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.GovernedResult;
import ai.lukhas.pwm.pipeline.GovernedStream;
import ai.lukhas.pwm.pipeline.Outcome;
import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.Usage;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import ai.lukhas.pwm.server.responses.RetainedResponses;
import ai.lukhas.pwm.server.responses.StoredResponse;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The OpenAI Responses API over the governed pipeline: {@code POST /v1/responses} (plain, and
 * {@code stream: true} as the Responses server-sent events), {@code GET /v1/responses/{id}},
 * {@code DELETE /v1/responses/{id}} and {@code GET /v1/responses/{id}/input_items}.
 *
 * <p>A request is translated into the chat completions shape ({@link ResponsesRequest}) and read by
 * the same {@link ChatRequestReader} as {@code /v1/chat/completions}, then run by the same
 * {@link GovernedPipeline} ({@code complete} or {@code stream}: one driver, the same stages, the
 * same moderation, tool checks, escalation and audit). The pipeline's result or its moderated
 * deltas are rendered as a {@code response} object or as {@code response.*} events; the object a
 * stream ends with is built from the same result as a plain answer. The upstream receives the
 * governed request in the wire it speaks ({@code upstream.api}): chat completions, or the Responses
 * API again, translated by the provider after governance.
 *
 * <p>With {@code store} (default true, as OpenAI) the final object and the conversation before it
 * are kept ({@link RetainedResponses}: redacted as the audit is, for the retention period) under the
 * caller's tenant, for {@code GET}, {@code DELETE}, {@code input_items} and a later request's
 * {@code previous_response_id}; another tenant's id answers as an unknown one. The response id is
 * {@code resp_} + the request's audit id.
 *
 * <pre>{@code new ResponsesRoutes(support, pipeline, policy.signalNames(), tenantTools, gatewayTools, store, model, clock)}</pre>
 */
public record ResponsesRoutes(
        RouteSupport support,
        GovernedPipeline pipeline,
        List<String> signalNames,
        TenantTools tenantTools,
        GatewayToolNames gatewayTools,
        RetainedResponses store,
        String defaultModel,
        Clock clock)
        implements Routes {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The prefix of every response id; the rest is the request's audit id. */
    static final String ID_PREFIX = "resp_";

    public ResponsesRoutes {
        signalNames = List.copyOf(signalNames);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/responses", this::create);
        routes.get("/v1/responses/{id}", this::retrieve);
        routes.delete("/v1/responses/{id}", this::delete);
        routes.get("/v1/responses/{id}/input_items", this::inputItems);
    }

    private void retrieve(Context ctx) {
        Principal principal = support.auth(ctx, Role.CLIENT);
        RouteSupport.json(ctx, 200, stored(principal, ctx.pathParam("id")).response());
    }

    /** The caller's stored response, or 404 (unknown, another tenant's, or past retention: the same answer). */
    private StoredResponse stored(Principal principal, String id) {
        return store.find(TenantId.of(principal.tenant()), id).orElseThrow(() -> unknown(id));
    }

    private ProblemException unknown(String id) {
        return RouteSupport.notFound("no stored response with id '" + Json.abbreviate(id)
                + "' (a response is kept when it was created with store: true, for responses.retention: "
                + retentionText() + ")");
    }

    /** The retention as configured, e.g. {@code 30d} or {@code 12h}. */
    private String retentionText() {
        java.time.Duration r = store.retention();
        if (r.toSeconds() % 86_400 == 0) {
            return r.toDays() + "d";
        }
        return r.toSeconds() % 3600 == 0 ? r.toHours() + "h" : r.toMinutes() + "m";
    }

    private void delete(Context ctx) {
        Principal principal = support.auth(ctx, Role.CLIENT);
        RouteSupport.onlyQuery(ctx, java.util.Set.of());
        String id = ctx.pathParam("id");
        if (!store.delete(TenantId.of(principal.tenant()), id)) {
            throw unknown(id);
        }
        RouteSupport.json(
                ctx,
                200,
                NODES.objectNode()
                        .put("id", id)
                        .put("object", "response.deleted")
                        .put("deleted", true));
    }

    /** At most this many input items per page (OpenAI's limit), 20 unless asked. */
    static final int MAX_ITEMS_PAGE = 100;

    /**
     * The conversation a stored response was created from (after its {@code previous_response_id}'s,
     * without {@code instructions}), as an OpenAI list: {@code order} {@code desc} (default, newest
     * first) or {@code asc}, {@code limit} 1-100 (default 20), {@code after} an item id of the previous page.
     */
    private void inputItems(Context ctx) {
        Principal principal = support.auth(ctx, Role.CLIENT);
        RouteSupport.onlyQuery(ctx, java.util.Set.of("limit", "order", "after", "include"));
        StoredResponse stored = stored(principal, ctx.pathParam("id"));
        int limit = RouteSupport.intParam(ctx, "limit", 20, 1, MAX_ITEMS_PAGE);
        boolean newestFirst = RouteSupport.newestFirst(ctx, "desc");
        if (RouteSupport.query(ctx, "include").isPresent()) {
            throw Json.badRequest(
                    "include: no extra item data is kept", List.of(new Problem.FieldError("include", "leave it out")));
        }
        List<ObjectNode> items = listed(stored);
        if (newestFirst) {
            items = items.reversed();
        }
        int start = 0;
        Optional<String> after = RouteSupport.query(ctx, "after");
        if (after.isPresent()) {
            int at = -1;
            for (int i = 0; i < items.size() && at < 0; i++) {
                if (items.get(i).path("id").asText().equals(after.get())) {
                    at = i;
                }
            }
            if (at < 0) {
                throw Json.badRequest(
                        "after: no input item with id '" + Json.abbreviate(after.get()) + "' in this response",
                        List.of(new Problem.FieldError(
                                "after", "must be the id of one of this response's input items")));
            }
            start = at + 1;
        }
        List<ObjectNode> page = items.subList(start, Math.min(items.size(), start + limit));
        ObjectNode list = NODES.objectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        page.forEach(data::add);
        list.put("first_id", page.isEmpty() ? null : page.getFirst().path("id").asText());
        list.put("last_id", page.isEmpty() ? null : page.getLast().path("id").asText());
        list.put("has_more", start + page.size() < items.size());
        RouteSupport.json(ctx, 200, list);
    }

    /**
     * The stored input items as OpenAI lists them: each with an id (its own, else one derived from the
     * response id and its position, so pages are stable) and messages with content parts.
     */
    private static List<ObjectNode> listed(StoredResponse stored) {
        String suffix = stored.id().startsWith(ID_PREFIX) ? stored.id().substring(ID_PREFIX.length()) : stored.id();
        List<ObjectNode> out = new java.util.ArrayList<>();
        ArrayNode items = stored.items();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof ObjectNode item)) {
                continue;
            }
            String type = item.path("type").asText("message");
            item.put("type", type);
            if (!item.hasNonNull("id")) {
                String prefix =
                        switch (type) {
                            case "function_call" -> "fc_";
                            case "function_call_output" -> "fco_";
                            default -> "msg_";
                        };
                item.put("id", prefix + suffix + "_" + i);
            }
            if (type.equals("message") && item.path("content").isTextual()) {
                String role = item.path("role").asText("user");
                String text = item.path("content").asText();
                ArrayNode parts = item.putArray("content");
                parts.addObject()
                        .put("type", role.equals("assistant") ? "output_text" : "input_text")
                        .put("text", text);
            }
            if (!item.has("status")) {
                item.put("status", "completed");
            }
            out.add(item);
        }
        return out;
    }

    private void create(Context ctx) {
        long start = OpenAiRequests.nanos(clock);
        Principal principal = support.auth(ctx, Role.CLIENT);
        ObjectNode body = Json.object(ctx);
        TenantId tenant = TenantId.of(principal.tenant());
        Optional<StoredResponse> previous = ResponsesRequest.previousId(body).map(id -> store.find(tenant, id)
                .orElseThrow(() -> Json.badRequest(
                        "previous_response_id: no stored response with id '" + Json.abbreviate(id) + "'",
                        List.of(new Problem.FieldError("previous_response_id", "no stored response with this id")))));
        ResponsesRequest q = ResponsesRequest.translate(body, previous);
        previous.ifPresent(p -> continueSession(ctx, q.chatBody(), p.sessionId()));
        ChatRequestReader.Parsed parsed;
        try {
            parsed = new ChatRequestReader(signalNames, tenantTools, gatewayTools, pipeline.unsupportedFields())
                    .read(ctx, q.chatBody(), principal);
        } catch (ProblemException e) {
            throw q.rename(e);
        }
        String session = parsed.request().sessionId();
        ctx.header("x-lukhas-session", session);
        Shape shape =
                new Shape(q, previous.map(StoredResponse::id), clock.instant().getEpochSecond());
        if (q.stream()) {
            stream(ctx, parsed, shape, tenant, start);
            return;
        }
        GovernedResult r = pipeline.complete(parsed.request());
        ctx.header("x-lukhas-audit-id", r.auditId());
        ctx.header("x-lukhas-safety-mode", r.safetyMode().wireName());
        OpenAiRequests.appliedHeaders(ctx, r.params(), r.droppedStops());
        ctx.header(OpenAiRequests.OVERHEAD_HEADER, OpenAiRequests.overheadMs(clock, start, r.upstreamTime()));
        if (r.outcome() == Outcome.PROVIDER_ERROR) {
            throw new ProblemException(Problem.of(
                    502,
                    "Upstream model failed",
                    "the model provider failed after retries (" + r.failure().orElse("no detail")
                            + "); the request is audited as " + r.auditId()));
        }
        ObjectNode response = shape.done(r, session);
        keep(shape, tenant, session, response);
        RouteSupport.json(ctx, 200, response);
    }

    /** A continuation with no session of its own (header or {@code lukhas.session_id}) stays in the previous one's. */
    private static void continueSession(Context ctx, ObjectNode chat, String session) {
        String header = ctx.header("x-lukhas-session");
        if (header != null && !header.isBlank()) {
            return;
        }
        if (!chat.has("lukhas")) {
            chat.putObject("lukhas");
        }
        if (chat.get("lukhas") instanceof ObjectNode x && !x.hasNonNull("session_id")) {
            x.put("session_id", session);
        }
    }

    private void keep(Shape shape, TenantId tenant, String session, ObjectNode response) {
        if (shape.request.store()) {
            store.keep(tenant, response.path("id").asText(), session, response, shape.request.items());
        }
    }

    private void stream(Context ctx, ChatRequestReader.Parsed parsed, Shape shape, TenantId tenant, long start) {
        try (GovernedStream s = pipeline.stream(parsed.request())) {
            try {
                // the first delta runs the input stage, after which the safety mode is known
                Optional<ChatDelta> first = s.next();
                // so far: the input stage and the wait for the first delta's upstream excluded
                Events events = new Events(
                        RouteSupport.eventStream(ctx, s, OpenAiRequests.overheadMs(clock, start, s.upstreamTime())));
                String id = ID_PREFIX + s.auditId();
                String model = parsed.request().model().orElse(defaultModel);
                ObjectNode pending = shape.object(id, "in_progress", model);
                events.send("response.created", NODES.objectNode().set("response", pending));
                events.send("response.in_progress", NODES.objectNode().set("response", pending));
                OpenMessage message = null;
                int outputIndex = 0;
                for (Optional<ChatDelta> d = first; d.isPresent(); d = s.next()) {
                    switch (d.get()) {
                        case ChatDelta.Started st -> model = st.model();
                        case ChatDelta.Content c -> {
                            if (message == null) {
                                message = new OpenMessage(messageId(id), outputIndex++);
                                message.open(events);
                            }
                            message.delta(events, c.text());
                        }
                        case ChatDelta.ToolCallFragment f -> {
                            if (message != null) {
                                message.close(events);
                                message = null;
                            }
                            FunctionCall call = new FunctionCall(
                                    f.id().orElse("call_" + f.index()),
                                    f.name().orElse("function"),
                                    f.argumentsFragment());
                            functionCall(events, outputIndex++, call);
                        }
                        case ChatDelta.Finished fin -> {
                            if (message != null) {
                                message.close(events);
                                message = null;
                            }
                        }
                        case ChatDelta.UsageReport u -> {}
                    }
                }
                if (message != null) {
                    message.close(events);
                }
                GovernedResult r =
                        s.result().orElseThrow(() -> new IllegalStateException("a finished stream has a result"));
                ObjectNode done = shape.done(r, parsed.request().sessionId());
                ((ObjectNode) done.path("lukhas"))
                        .put(
                                "overhead_ms",
                                Double.parseDouble(OpenAiRequests.overheadMs(clock, start, r.upstreamTime())));
                String status = done.path("status").asText();
                events.send("response." + status, NODES.objectNode().set("response", done));
                keep(shape, tenant, parsed.request().sessionId(), done);
            } catch (IOException e) {
                RouteSupport.clientLeft(s, e);
            }
        }
    }

    private static void functionCall(Events events, int outputIndex, FunctionCall call) throws IOException {
        ObjectNode item = functionCallItem(call).put("status", "in_progress").put("arguments", "");
        events.send(
                "response.output_item.added",
                NODES.objectNode().put("output_index", outputIndex).set("item", item));
        events.send(
                "response.function_call_arguments.delta",
                NODES.objectNode()
                        .put("item_id", item.path("id").asText())
                        .put("output_index", outputIndex)
                        .put("delta", call.arguments()));
        events.send(
                "response.function_call_arguments.done",
                NODES.objectNode()
                        .put("item_id", item.path("id").asText())
                        .put("output_index", outputIndex)
                        .put("name", call.name())
                        .put("arguments", call.arguments()));
        events.send(
                "response.output_item.done",
                NODES.objectNode().put("output_index", outputIndex).set("item", functionCallItem(call)));
    }

    private static String messageId(String responseId) {
        return "msg_" + responseId.substring(ID_PREFIX.length());
    }

    private static ObjectNode messageItem(String id, String text, String status) {
        ObjectNode item = NODES.objectNode()
                .put("id", id)
                .put("type", "message")
                .put("status", status)
                .put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return item;
    }

    private static ObjectNode textPart(String text) {
        ObjectNode part = NODES.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static ObjectNode functionCallItem(FunctionCall call) {
        return NODES.objectNode()
                .put("id", "fc_" + call.id())
                .put("type", "function_call")
                .put("status", "completed")
                .put("call_id", call.id())
                .put("name", call.name())
                .put("arguments", call.arguments());
    }

    /** The output items of a released answer: its text as one message, then each client-side function call. */
    private static ArrayNode output(String responseId, AssistantMessage m) {
        ArrayNode output = NODES.arrayNode();
        m.content()
                .filter(t -> !t.isEmpty())
                .ifPresent(t -> output.add(messageItem(messageId(responseId), t, "completed")));
        for (FunctionCall c : m.toolCalls()) {
            output.add(functionCallItem(c));
        }
        return output;
    }

    /** The request's side of a response object, and how a result becomes one. */
    private record Shape(ResponsesRequest request, Optional<String> previousId, long createdAt) {
        ObjectNode object(String id, String status, String model) {
            ObjectNode o = NODES.objectNode()
                    .put("id", id)
                    .put("object", "response")
                    .put("created_at", createdAt)
                    .put("status", status);
            o.putNull("error");
            o.putNull("incomplete_details");
            o.put("model", model);
            o.putArray("output");
            o.setAll(request.echo());
            o.put("previous_response_id", previousId.orElse(null));
            o.putNull("temperature");
            o.putNull("top_p");
            o.putNull("usage");
            return o;
        }

        /** The final object for a result: status completed, incomplete (why) or failed. */
        ObjectNode done(GovernedResult r, String session) {
            String id = ID_PREFIX + r.auditId();
            ObjectNode o = object(id, "completed", r.response().model());
            o.set("output", output(id, r.response().message()));
            o.put("temperature", r.params().temperature());
            o.put("top_p", r.params().topP());
            if (r.outcome() == Outcome.PROVIDER_ERROR) {
                o.put("status", "failed");
                o.putObject("error")
                        .put("code", "server_error")
                        .put("message", "the model provider failed after retries; audited as " + r.auditId());
            } else if (r.response().finishReason() == FinishReason.CONTENT_FILTER) {
                o.put("status", "incomplete");
                o.putObject("incomplete_details").put("reason", "content_filter");
            } else if (r.response().finishReason() == FinishReason.LENGTH) {
                o.put("status", "incomplete");
                o.putObject("incomplete_details").put("reason", "max_output_tokens");
            }
            r.response().usage().ifPresent(u -> o.set("usage", usage(u)));
            o.set("lukhas", RouteSupport.extension(r, session));
            return o;
        }
    }

    private static ObjectNode usage(Usage u) {
        ObjectNode n = NODES.objectNode().put("input_tokens", u.promptTokens());
        n.putObject("input_tokens_details").put("cached_tokens", 0);
        n.put("output_tokens", u.completionTokens());
        n.putObject("output_tokens_details").put("reasoning_tokens", 0);
        n.put("total_tokens", u.totalTokens());
        return n;
    }

    /** The message item a stream is writing text into. */
    private static final class OpenMessage {
        private final String id;
        private final int outputIndex;
        private final StringBuilder text = new StringBuilder();

        OpenMessage(String id, int outputIndex) {
            this.id = id;
            this.outputIndex = outputIndex;
        }

        private ObjectNode at() {
            return NODES.objectNode()
                    .put("item_id", id)
                    .put("output_index", outputIndex)
                    .put("content_index", 0);
        }

        void open(Events events) throws IOException {
            events.send(
                    "response.output_item.added",
                    NODES.objectNode()
                            .put("output_index", outputIndex)
                            .set("item", messageItem(id, null, "in_progress")));
            events.send("response.content_part.added", at().set("part", textPart("")));
        }

        void delta(Events events, String delta) throws IOException {
            text.append(delta);
            ObjectNode e = at().put("delta", delta);
            e.putArray("logprobs");
            events.send("response.output_text.delta", e);
        }

        void close(Events events) throws IOException {
            ObjectNode done = at().put("text", text.toString());
            done.putArray("logprobs");
            events.send("response.output_text.done", done);
            events.send("response.content_part.done", at().set("part", textPart(text.toString())));
            events.send(
                    "response.output_item.done",
                    NODES.objectNode()
                            .put("output_index", outputIndex)
                            .set("item", messageItem(id, text.toString(), "completed")));
        }
    }

    /** Server-sent events as the Responses API writes them: {@code event: <type>} and the JSON with its sequence number. */
    private static final class Events {
        private final OutputStream out;
        private int sequence;

        Events(OutputStream out) {
            this.out = out;
        }

        void send(String type, ObjectNode payload) throws IOException {
            ObjectNode event = NODES.objectNode().put("type", type).put("sequence_number", sequence++);
            event.setAll(payload);
            String json;
            try {
                json = Json.MAPPER.writeValueAsString(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always renders", e);
            }
            out.write(("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
