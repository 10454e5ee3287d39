package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.governance.incident.Tightening;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import ai.lukhas.pwm.governance.moderation.Moderator;
import ai.lukhas.pwm.governance.moderation.PendingPhrases;
import ai.lukhas.pwm.governance.tools.ToolCall;
import ai.lukhas.pwm.governance.tools.ToolCallDecision;
import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolDefinition;
import ai.lukhas.pwm.governance.tools.ToolOffer;
import ai.lukhas.pwm.governance.tools.ToolOfferRequest;
import ai.lukhas.pwm.governance.tools.ToolRunResult;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.modulation.SignalOutcome;
import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.FunctionDefinition;
import ai.lukhas.pwm.provider.ToolChoice;
import ai.lukhas.pwm.provider.ToolMessage;
import ai.lukhas.pwm.provider.Usage;
import ai.lukhas.pwm.provider.UserMessage;
import ai.lukhas.pwm.text.GrowingText;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one governed request while it runs: the stages of {@link GovernedPipeline} in order,
 * and everything the audit bundle will hold. Used by one thread at a time.
 */
final class Run {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static final String REFUSAL = "I'm sorry, but I can't help with that request.";

    /** The parameters sent to the provider: the modulated ones after the client's tightening. */
    record Effective(double temperature, double topP, int maxOutputTokens, List<String> notes) {}

    /** What one round of tool calls left behind. */
    record ToolStep(List<FunctionCall> clientCalls, boolean violation) {}

    private final GovernedPipeline p;
    private final GovernedRequest req;
    /** The moderator with the caller's tenant settings (presets, terms), chosen once per request. */
    private final Moderator moderator;
    /** The checks of this request's model output (made at the first): they keep work from one to the next. */
    private Moderator.OutputChecks outputs;

    private final String auditId;
    private final long startMs;
    private final LutCache.Lookup lut;
    private final List<ChatMessage> messages;
    private final List<Incident> incidents = new ArrayList<>();
    private final ArrayNode moderationLog = AuditJson.F.arrayNode();
    private final ArrayNode toolCallLog = AuditJson.F.arrayNode();
    private final ArrayNode offerLog = AuditJson.F.arrayNode();
    private final ArrayNode signalLog = AuditJson.F.arrayNode();
    private final ArrayNode modulationLog = AuditJson.F.arrayNode();
    private final ArrayNode tighteningLog = AuditJson.F.arrayNode();
    private final Map<String, String> toolNameByCallId = new HashMap<>();
    /** The client's stop sequences dropped to make room for the policy's, in the order dropped. */
    private final Set<String> droppedStops = new LinkedHashSet<>();
    /** Ids of the tool calls the model made in this request: a repeated id is a violation. */
    private final Set<String> callIds = new java.util.HashSet<>();
    /** The session (tenant, id), user and key whose escalation holds apply to this request. */
    private final EscalationSubject subject;
    // Set by begin() (or abandonBeforeBegin()) and replaced on every tightening; null before.
    private ModulationResult modulation;
    private Effective effective;
    private ToolOffer offer;
    private int steps;
    /** Tool calls handled in this request (not counting those refused over a limit). */
    private int toolCallsRun;

    private int outputChecks;
    private String model;
    private boolean sawUsage;
    private int promptTokens;
    private int completionTokens;
    private int totalTokens;

    Run(GovernedPipeline p, GovernedRequest req) {
        this.p = p;
        this.req = req;
        this.moderator = p.moderator.forTenant(req.caller().tenant());
        this.auditId = p.audit.newAuditId();
        this.startMs = p.clock.millis();
        this.lut = p.luts.lookup(req.caller().tenantId(), req.userId());
        this.subject = req.escalationSubject();
        this.messages = new ArrayList<>(req.messages());
        this.model = req.model().orElse(p.defaultModel);
    }

    /** The request's audit id, known from the start. */
    String auditId() {
        return auditId;
    }

    /** The model asked for, or once a model step has started, the model that answered. */
    String model() {
        return model;
    }

    /** A model step has started and {@code answeringModel} is answering it. */
    void answeredBy(String answeringModel) {
        this.model = answeringModel;
    }

    /** The safety mode in force; empty until the input stage has run. */
    Optional<SafetyMode> safetyMode() {
        return Optional.ofNullable(modulation).map(m -> m.params().safetyMode());
    }

    /** Model steps started so far. */
    int steps() {
        return steps;
    }

    /** Starts the next model step (step 7); returns the provider request for it. */
    ChatRequest nextStep() {
        steps++;
        return chatRequest();
    }

    /**
     * The client went away before the input stage ran: nothing was moderated or offered, but the
     * audit bundle still records the session's modulation in force.
     */
    void abandonBeforeBegin() {
        modulation = p.escalation.modulate(subject, lut.deltas());
    }

    private ModerationPreset preset() {
        return ModerationPreset.named(modulation.promptStyle().moderationPreset());
    }

    /**
     * Steps 2 to 6: moderate the input, record the signals, modulate, offer tools. Returns false when
     * the request is refused (flagged input in strict mode); the provider must then not be called.
     */
    boolean begin() {
        // The session's mode before this request decides the input preset and whether a flag refuses.
        modulation = p.escalation.modulate(subject, lut.deltas());
        boolean wasStrict = modulation.params().safetyMode() == SafetyMode.STRICT;
        boolean inputBlocked = false;
        String input = userText();
        ModerationOutcome in = moderator.userInput(input, preset());
        moderationLog.add(AuditJson.moderation(0, in, preset().name(), input.length()));
        if (in.blocked()) {
            inputBlocked = true;
            tighten(p.guardian.onModeration(subject, auditId, in, lut.deltas()), "flagged_input");
        }
        // Tool results the client ran come back as tool messages: they are tool output, moderated as such.
        for (int i = trailingToolStart(); i < messages.size(); i++) {
            if (messages.get(i) instanceof ToolMessage tm) {
                String tool = toolNameByCallId.getOrDefault(tm.toolCallId(), "client_tool");
                ModerationOutcome out = moderator.toolOutput(tool, tm.content(), preset());
                moderationLog.add(AuditJson.moderation(
                        0, out, preset().name(), tm.content().length()));
                if (out.blocked()) {
                    tighten(p.guardian.onModeration(subject, auditId, out, lut.deltas()), "flagged_client_tool_output");
                    messages.set(i, new ToolMessage(tm.toolCallId(), withheldToolOutput(tool)));
                }
            }
        }
        if (inputBlocked && wasStrict) {
            // Audited like any request: the modulation in force and what would have been offered.
            remodulate(modulation, "refused_not_sent");
            return false;
        }
        for (SignalInput s : req.signals()) {
            SignalOutcome o = p.modulator.record(subject.session(), s);
            signalLog.add(AuditJson.signal(s, o));
        }
        remodulate(p.escalation.modulate(subject, lut.deltas()), "request");
        return true;
    }

    private void tighten(Optional<Tightening> t, String why) {
        t.ifPresent(x -> tighten(x, why));
    }

    private void tighten(Tightening t, String why) {
        incidents.add(t.incident());
        ObjectNode node = tighteningLog.addObject();
        node.put("step", steps);
        node.put("incident_id", t.incident().id());
        node.put("why", why);
        node.put("safety_mode", t.modulation().params().safetyMode().wireName());
        ArrayNode holds = node.putArray("holds");
        t.holds().forEach(h -> holds.addObject()
                .put("scope", h.scope().wireName())
                .put("until", h.until().toString()));
        modulation = t.modulation();
        p.observer.tightened(why, t.modulation().params().safetyMode());
    }

    /** Adopts a modulation: client tightening, then a fresh tool offer. */
    private void remodulate(ModulationResult r, String reason) {
        modulation = r;
        effective = clientTightened(r.params(), req.params());
        ObjectNode node = AuditJson.modulation(r);
        node.put("step", steps);
        node.put("reason", reason);
        ObjectNode eff = node.putObject("effective");
        eff.put("temperature", effective.temperature());
        eff.put("top_p", effective.topP());
        eff.put("max_output_tokens", effective.maxOutputTokens());
        ArrayNode notes = eff.putArray("client_tightening");
        effective.notes().forEach(notes::add);
        modulationLog.add(node);
        offer = offerFor(r.params());
        offerLog.add(AuditJson.offer(steps, reason, offer));
    }

    static Effective clientTightened(ModulatedParams m, ClientParams c) {
        List<String> notes = new ArrayList<>();
        double t = lowerOnly("temperature", m.temperature(), c.temperature(), notes);
        double topP = lowerOnly("top_p", m.topP(), c.topP(), notes);
        int max =
                (int) lowerOnly("max_tokens", m.maxOutputTokens(), c.maxTokens().map(Integer::doubleValue), notes);
        return new Effective(t, topP, max, notes);
    }

    /** A client value may only lower the modulated one (never raise it); the note says which happened. */
    private static double lowerOnly(String name, double modulated, Optional<Double> asked, List<String> notes) {
        if (asked.isEmpty()) {
            return modulated;
        }
        double a = asked.get();
        double value = lowered(modulated, asked);
        notes.add(
                Double.compare(value, a) != 0
                        ? name + ": client asked " + fmt(a) + ", lowered to the modulated " + fmt(modulated)
                        : name + ": client's " + fmt(a) + " kept (modulated " + fmt(modulated) + ")");
        return value;
    }

    /**
     * The rule itself: a client value may only lower the modulated one. {@link #lowerOnly} (the audit's
     * notes) and {@link #afterClient} (the parameters sent) both take it from here.
     */
    private static double lowered(double modulated, Optional<Double> asked) {
        if (asked.isEmpty()) {
            return modulated;
        }
        double a = asked.get();
        return a > modulated ? modulated : a;
    }

    /** Whole numbers without ".0" (token limits read as integers). */
    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private ToolOffer offerFor(ModulatedParams params) {
        // The policy's tool_allowlist names only the tools it knows; the request's own client tools
        // stay available outside strict mode and are withdrawn in it (tightening means fewer tools).
        Set<String> modulated = new LinkedHashSet<>(params.toolAllowlist());
        if (params.safetyMode() != SafetyMode.STRICT) {
            req.clientTools().forEach(t -> modulated.add(t.name()));
        }
        ToolOfferRequest r =
                ToolOfferRequest.of(modulated).withTenantCeiling(req.caller().toolCeiling());
        if (req.toolAllowlist().isPresent()) {
            r = r.withRequestAllowlist(req.toolAllowlist().get());
        }
        return p.tools.offer(r, req.clientTools().stream().map(Run::governed).toList());
    }

    private static ToolDefinition governed(FunctionDefinition d) {
        return ToolDefinition.of(d.name(), d.description(), d.parameters());
    }

    private static FunctionDefinition wire(ToolDefinition d) {
        return new FunctionDefinition(d.name(), d.description(), (ObjectNode) d.parameters());
    }

    /** Step 7: the provider request for the next model step, with the parameters in force now. */
    private ChatRequest chatRequest() {
        ChatRequest.Builder b = ChatRequest.builder(model)
                .messages(messages)
                .temperature(effective.temperature())
                .topP(effective.topP())
                .maxOutputTokens(effective.maxOutputTokens())
                .reasoningEffort(reasoningEffort(modulation.params(), req.params()))
                .tools(offer.offered().stream().map(Run::wire).toList())
                .toolChoice(toolChoice())
                .stopSequences(stopSequences())
                .passThrough(req.params().passThrough());
        if (!modulation.promptStyle().preamble().isBlank()) {
            b.preamble(modulation.promptStyle().preamble());
        }
        return b.build();
    }

    /** A client's reasoning effort may only raise the modulated one (more deliberation is tighter). */
    static double reasoningEffort(ModulatedParams m, ClientParams c) {
        return Math.max(m.reasoningEffort(), c.reasoningEffort().orElse(0.0));
    }

    /**
     * The client's tool_choice against what is offered now: a function that is no longer offered (a
     * tightening withdrew it) cannot be forced, so the model is told to call none; {@code required}
     * with nothing offered is moot (no tools are sent).
     */
    private ToolChoice toolChoice() {
        ToolChoice asked = req.params().toolChoice().orElse(ToolChoice.AUTO);
        if (asked instanceof ToolChoice.Function f && !offer.offers(f.name())) {
            return ToolChoice.NONE;
        }
        return asked;
    }

    /**
     * The policy's stop sequences (the prompt style's) first, then the client's, at most {@link
     * ChatRequest#MAX_STOP_SEQUENCES}: the policy's are a safety tightening and always win, so when
     * the union is longer the client's last ones are dropped (recorded in {@link #droppedStops}).
     */
    private List<String> stopSequences() {
        Set<String> all = new LinkedHashSet<>(modulation.promptStyle().stopSequences());
        for (String s : req.params().stop()) {
            if (all.contains(s)) {
                continue;
            }
            if (all.size() < ChatRequest.MAX_STOP_SEQUENCES) {
                all.add(s);
            } else {
                droppedStops.add(s);
            }
        }
        return List.copyOf(all);
    }

    /** The client's stop sequences dropped so far to make room for the policy's (any step). */
    List<String> droppedStops() {
        return List.copyOf(droppedStops);
    }

    /** The parameters in force now, after client tightening; empty before the input stage ran. */
    Optional<ModulatedParams> currentParams() {
        return Optional.ofNullable(modulation).map(m -> paramsAfterClient());
    }

    void usage(Optional<Usage> u) {
        u.ifPresent(x -> {
            sawUsage = true;
            promptTokens += x.promptTokens();
            completionTokens += x.completionTokens();
            totalTokens += x.totalTokens();
        });
    }

    Optional<Usage> totalUsage() {
        return sawUsage ? Optional.of(new Usage(promptTokens, completionTokens, totalTokens)) : Optional.empty();
    }

    /**
     * Step 8 for one model answer with tool calls: each call is checked by the gate; allowed calls run
     * (client-side ones are collected for the client); every output is moderated; a violation
     * tightens the session and rebuilds the offer at once, so every remaining call of the same
     * answer is checked against the rebuilt (strict) offer before it runs, and client-side calls
     * accepted before it are withdrawn unless the rebuilt offer still has them. Calls beyond the
     * per-message or per-request limit are refused unrun (the model is told why); a call whose id
     * this request has already seen is a violation.
     */
    ToolStep toolStep(AssistantMessage answer) {
        List<FunctionCall> clientCalls = new ArrayList<>();
        List<ToolMessage> results = new ArrayList<>();
        boolean violation = false;
        ModulationResult offeredFor = modulation;
        int inMessage = 0;
        for (FunctionCall call : answer.toolCalls()) {
            toolNameByCallId.put(call.id(), call.name());
            Optional<String> limit = inMessage >= p.maxToolCallsPerMessage
                    ? Optional.of("per_message")
                    : toolCallsRun >= p.maxToolCallsPerRequest ? Optional.of("per_request") : Optional.empty();
            if (limit.isPresent()) {
                refuseOverLimit(call, limit.get(), answer.toolCalls().size(), results);
                continue;
            }
            inMessage++;
            toolCallsRun++;
            SafetyMode judgedIn = modulation.params().safetyMode();
            long t0 = p.clock.millis();
            long n0 = System.nanoTime();
            ToolRunResult r = callIds.add(call.id())
                    ? p.tools.run(
                            offer,
                            new ToolCall(call.id(), call.name(), call.arguments()),
                            new ToolContext(
                                    req.caller().tenantId(), modulation.params().retrievalK()))
                    : new ToolRunResult.Blocked(new ToolCallDecision.Blocked(
                            call.name(),
                            ToolCallDecision.Kind.BLOCKED_TOOL,
                            "duplicate tool_call id '" + clip(call.id(), 64)
                                    + "': this request already had a call with this id; every call needs its own"));
            ObjectNode log = toolCallLog.addObject();
            log.put("step", steps);
            log.put("id", call.id());
            log.put("name", call.name());
            log.put("arguments", clip(call.arguments(), MAX_AUDITED_ARGUMENT_CHARS));
            switch (r) {
                case ToolRunResult.Completed c -> {
                    log.put("status", "completed");
                    log.put("truncated", c.truncated());
                    log.put("output_chars", c.output().length());
                    violation |= moderateToolText(call, c.tool(), c.output(), log, results);
                }
                case ToolRunResult.Failed f -> {
                    log.put("status", f.kind().wireName());
                    log.put("message", clip(f.message(), MAX_AUDITED_ARGUMENT_CHARS));
                    // An executor's error message is tool output too (it may quote what the tool read).
                    violation |= moderateToolText(call, f.tool(), f.toolMessage(), log, results);
                }
                case ToolRunResult.Blocked b -> {
                    violation = true;
                    log.put("status", "blocked");
                    log.put("kind", b.decision().kind().wireName());
                    log.put("reason", b.decision().reason());
                    tighten(
                            p.guardian.onBlockedCall(subject, auditId, b.decision(), lut.deltas()),
                            b.decision().kind().wireName());
                    results.add(new ToolMessage(call.id(), b.decision().toolMessage()));
                }
                case ToolRunResult.ClientSide cs -> {
                    log.put("status", "client_side");
                    clientCalls.add(call);
                }
            }
            log.put("duration_ms", p.clock.millis() - t0);
            // A gate refusal is reported by its kind, so invalid arguments are not counted as blocked tools.
            String status = r instanceof ToolRunResult.Blocked b
                    ? b.decision().kind().wireName()
                    : log.get("status").asText();
            p.observer.toolRun(call.name(), status, judgedIn, Duration.ofNanos(System.nanoTime() - n0));
            // The offer depends only on the parameters: rebuilt when a tightening changed them.
            if (violation && !modulation.params().equals(offeredFor.params())) {
                // Before the next call of this answer runs: the offer of the tightened modulation.
                remodulate(modulation, "tightened");
                offeredFor = modulation;
            }
        }
        if (violation && !clientCalls.isEmpty()) {
            clientCalls = withdrawnUnlessStillOffered(clientCalls, results);
        }
        if (clientCalls.isEmpty()) {
            messages.add(answer);
            messages.addAll(results);
        }
        return new ToolStep(clientCalls, violation);
    }

    /**
     * Client-side calls accepted before a violation in the same answer have not run yet (the client
     * runs them): only those the rebuilt offer still has are returned; the others are withdrawn
     * (audited, the model told why) without a further incident.
     */
    private List<FunctionCall> withdrawnUnlessStillOffered(List<FunctionCall> accepted, List<ToolMessage> results) {
        List<FunctionCall> kept = new ArrayList<>();
        for (FunctionCall call : accepted) {
            ToolRunResult r = p.tools.run(
                    offer,
                    new ToolCall(call.id(), call.name(), call.arguments()),
                    new ToolContext(req.caller().tenantId(), modulation.params().retrievalK()));
            if (r instanceof ToolRunResult.ClientSide) {
                kept.add(call);
                continue;
            }
            ObjectNode log = toolCallLog.addObject();
            log.put("step", steps);
            log.put("id", call.id());
            log.put("name", call.name());
            log.put("status", "withdrawn");
            log.put(
                    "reason",
                    "a violation later in the same answer tightened the session and the rebuilt offer"
                            + " does not have this tool");
            results.add(new ToolMessage(
                    call.id(),
                    "Tool '" + call.name() + "' withdrawn by governance: the session was tightened by a later call"
                            + " in the same answer, and the tool is no longer offered."));
        }
        return kept;
    }

    /** A call beyond a limit: not run, not a violation; audited, counted, and the model is told why. */
    private void refuseOverLimit(FunctionCall call, String limit, int callsInMessage, List<ToolMessage> results) {
        String why = limit.equals("per_message")
                ? "at most " + p.maxToolCallsPerMessage + " tool calls per model message are run (this message had "
                        + callsInMessage + ")"
                : "at most " + p.maxToolCallsPerRequest + " tool calls per request are run";
        ObjectNode log = toolCallLog.addObject();
        log.put("step", steps);
        log.put("id", call.id());
        log.put("name", call.name());
        log.put("status", "refused_limit");
        log.put("limit", limit);
        log.put("reason", why);
        results.add(new ToolMessage(call.id(), "Tool call refused by governance, not run: " + why + "."));
        p.observer.toolCallsRefused(limit, 1);
    }

    /**
     * Everything of the client-side calls that reaches the client, as moderation reads it: each
     * call's name, then its arguments with JSON string escapes decoded (every key and string value),
     * so a secret or threat in the arguments is judged exactly as it would be in content.
     */
    static String clientCallsText(List<FunctionCall> calls) {
        StringBuilder sb = new StringBuilder();
        for (FunctionCall c : calls) {
            sb.append(c.name()).append('\n');
            try {
                appendStrings(JSON.readTree(c.arguments()), sb);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                sb.append(c.arguments()).append('\n');
            }
        }
        return sb.toString();
    }

    private static void appendStrings(com.fasterxml.jackson.databind.JsonNode node, StringBuilder sb) {
        if (node.isTextual()) {
            sb.append(node.textValue()).append('\n');
        } else if (node.isObject()) {
            node.properties().forEach(e -> {
                sb.append(e.getKey()).append('\n');
                appendStrings(e.getValue(), sb);
            });
        } else if (node.isArray()) {
            node.forEach(n -> appendStrings(n, sb));
        } else if (!node.isMissingNode() && !node.isNull()) {
            sb.append(node.asText()).append('\n');
        }
    }

    /**
     * Moderates what a tool gave back (its output, or the message of its failure) and adds the tool
     * message the model will see: the text, or a withheld note when it is flagged, in which case the
     * session is tightened at once. Returns whether it was a violation.
     */
    private boolean moderateToolText(
            FunctionCall call, String tool, String text, ObjectNode log, List<ToolMessage> results) {
        ModerationOutcome m = moderator.toolOutput(tool, text, preset());
        moderationLog.add(AuditJson.moderation(steps, m, preset().name(), text.length()));
        if (!m.blocked()) {
            results.add(new ToolMessage(call.id(), text));
            return false;
        }
        log.put("output_withheld", true);
        tighten(p.guardian.onModeration(subject, auditId, m, lut.deltas()), "flagged_tool_output");
        results.add(new ToolMessage(call.id(), withheldToolOutput(tool)));
        return true;
    }

    private static final int MAX_AUDITED_ARGUMENT_CHARS = 4_000;

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "… [" + (s.length() - max) + " more characters]";
    }

    private static String withheldToolOutput(String tool) {
        return "The output of tool '" + tool + "' was withheld by governance: it did not pass content moderation.";
    }

    /**
     * Step 9: moderates the model's text so far (all of it, before any of it is released); on a
     * flag, tightens the session. {@code log = false} keeps a passing check out of the audit (a
     * stream checks before every release and logs the last check and any flag). The text is read in
     * place: the local provider copies none of it after the first check.
     */
    boolean finalOutputPasses(GrowingText text, boolean log, boolean withoutGuard) {
        Moderator.OutputChecks checks = outputChecks();
        return finalOutputPasses(
                withoutGuard ? checks.streamedOutput(text, preset()) : checks.finalOutput(text, preset()),
                text.length(),
                log);
    }

    /** {@link #finalOutputPasses(GrowingText, boolean, boolean)} of a text that is not the growing one. */
    boolean finalOutputPasses(String text, boolean log, boolean withoutGuard) {
        Moderator.OutputChecks checks = outputChecks();
        return finalOutputPasses(
                withoutGuard ? checks.streamedOutput(text, preset()) : checks.finalOutput(text, preset()),
                text.length(),
                log);
    }

    private Moderator.OutputChecks outputChecks() {
        if (outputs == null) {
            outputs = moderator.outputChecks();
        }
        return outputs;
    }

    private boolean finalOutputPasses(ModerationOutcome m, int chars, boolean log) {
        outputChecks++;
        if (log || m.blocked()) {
            ObjectNode entry = AuditJson.moderation(steps, m, preset().name(), chars);
            entry.put("checks_so_far", outputChecks);
            moderationLog.add(entry);
        }
        if (m.blocked()) {
            tighten(p.guardian.onModeration(subject, auditId, m, lut.deltas()), "flagged_output");
            return false;
        }
        return true;
    }

    /** The guard model streamed output waits for, if the moderator has one. */
    Optional<Moderator.StreamGuard> streamGuard() {
        return moderator.streamGuard();
    }

    /** What a stream must hold back for this request's moderation rules (see {@code ReleasePolicy}). */
    Optional<PendingPhrases> pendingPhrases(int fallbackWindow) {
        return moderator.pendingPhrases(fallbackWindow);
    }

    /** Starts the guard model's check of {@code text} with the preset in force now, on a virtual thread. */
    java.util.concurrent.Future<ModerationOutcome> askGuard(String text) {
        ModerationPreset preset = preset();
        return GuardHold.async(() -> moderator.guardOutput(text, preset));
    }

    /** The guard model flagged the stream's text (or failed closed): audited, and the session tightened. */
    void guardBlocked(ModerationOutcome m) {
        ObjectNode entry = AuditJson.moderation(steps, m, preset().name(), 0);
        entry.put("stream_guard", true);
        moderationLog.add(entry);
        tighten(p.guardian.onModeration(subject, auditId, m, lut.deltas()), "flagged_output");
    }

    /** Fail closed: the stream's text waited longer than the hold for the guard's verdict. */
    void guardExpired(Duration waited) {
        String guard = moderator.streamGuard().map(g -> g.provider().name()).orElse("guard");
        guardBlocked(new ModerationOutcome.ProviderFailed(
                ai.lukhas.pwm.governance.moderation.ContentKind.FINAL_OUTPUT,
                Optional.empty(),
                guard,
                "no verdict within the stream hold (waited " + waited.toMillis() + " ms); failing closed"));
    }

    /** A response carrying governance's own words, or the model text released so far. */
    ChatResponse response(String text, FinishReason reason) {
        return new ChatResponse(auditId, model, AssistantMessage.text(text), reason, totalUsage());
    }

    /**
     * Memory is only decided for a request whose final output passed moderation in full: not for a
     * refused, filtered or failed one, nor for a stream the client closed before it ended.
     */
    private List<MemoryOutcome> memoryOutcomes(Outcome outcome, boolean closedByClient, MemoryWriteRule rule) {
        if (req.memory().isEmpty()) {
            return List.of();
        }
        if (outcome != Outcome.COMPLETED) {
            return MemoryStage.notAttempted(req.memory(), "the request ended " + outcome.wireName());
        }
        if (closedByClient) {
            return MemoryStage.notAttempted(req.memory(), "the client closed the stream before it ended");
        }
        return p.memory
                .map(stage -> stage.apply(req.caller().tenantId(), req.memory(), rule))
                .orElseGet(() -> MemoryStage.notAttempted(req.memory(), "no memory is configured"));
    }

    /** Step 10: the audit bundle, durable when this returns; then the result. */
    GovernedResult finish(
            Outcome outcome,
            ChatResponse response,
            Optional<String> failure,
            ObjectNode extra,
            Duration upstream,
            Duration overhead) {
        ObjectNode request = AuditJson.F.objectNode();
        request.put("key_id", req.caller().keyId());
        request.put("messages", req.messages().size());
        request.put("last_user_chars", lastUserText().length());
        request.put("model", req.model().orElse(p.defaultModel));
        ArrayNode allow = request.putArray("tool_allowlist");
        req.toolAllowlist().ifPresent(l -> l.forEach(allow::add));
        request.put("tool_allowlist_given", req.toolAllowlist().isPresent());
        ArrayNode ceiling = request.putArray("tenant_tool_ceiling");
        req.caller().toolCeiling().forEach(ceiling::add);
        ArrayNode clientTools = request.putArray("client_tools");
        req.clientTools().forEach(t -> clientTools.add(t.name()));
        ObjectNode cp = request.putObject("client_params");
        req.params().temperature().ifPresent(v -> cp.put("temperature", v));
        req.params().topP().ifPresent(v -> cp.put("top_p", v));
        req.params().maxTokens().ifPresent(v -> cp.put("max_tokens", v));
        req.params().reasoningEffort().ifPresent(v -> cp.put("reasoning_effort", v));
        if (!req.params().stop().isEmpty()) {
            ArrayNode stop = cp.putArray("stop");
            req.params().stop().forEach(stop::add);
        }
        if (!droppedStops.isEmpty()) {
            // the policy's stop sequences took the places of these (at most 4 reach the model)
            ArrayNode dropped = cp.putArray("stop_dropped");
            droppedStops.forEach(dropped::add);
        }
        req.params()
                .toolChoice()
                .ifPresent(tc -> cp.put(
                        "tool_choice",
                        switch (tc) {
                            case ToolChoice.Mode mode -> mode.wireName();
                            case ToolChoice.Function f -> "function:" + f.name();
                        }));
        // names only: values (metadata, logit_bias, prediction text) may carry application data
        ArrayNode passed = cp.putArray("pass_through");
        req.params().passThrough().keySet().stream().sorted().forEach(passed::add);
        request.put("steps", steps);
        request.put("max_steps", p.maxSteps);
        // the gateway's own time up to this bundle (the upstream waits excluded), and those waits
        request.put("overhead_ms", millis(overhead));
        request.put("upstream_ms", millis(upstream));
        request.setAll(extra);

        ObjectNode mod = AuditJson.F.objectNode();
        ObjectNode fb = mod.putObject("feedback");
        fb.put("scope", lut.scope());
        fb.put("version", lut.version());
        fb.put("cached", lut.cached());
        fb.put("temperature_delta", lut.deltas().temperatureDelta());
        fb.put("top_p_delta", lut.deltas().topPDelta());
        fb.put("memory_write_boost", lut.deltas().memoryWriteBoost());
        mod.set("results", modulationLog);
        mod.set("tightenings", tighteningLog);
        mod.put("final_safety_mode", modulation.params().safetyMode().wireName());

        ObjectNode moderation = AuditJson.F.objectNode();
        moderation.set("verdicts", moderationLog);
        ArrayNode incidentLog = AuditJson.F.arrayNode();
        incidents.forEach(i -> incidentLog.add(AuditJson.incident(i)));
        ObjectNode usage = AuditJson.F.objectNode();
        totalUsage().ifPresent(u -> {
            usage.put("prompt_tokens", u.promptTokens());
            usage.put("completion_tokens", u.completionTokens());
            usage.put("total_tokens", u.totalTokens());
        });
        ObjectNode toolCalls = AuditJson.F.objectNode();
        toolCalls.set("calls", toolCallLog);
        ObjectNode signals = AuditJson.F.objectNode();
        signals.set("recorded", signalLog);
        failure.ifPresent(f -> request.put("failure", f));
        request.put("finish_reason", response.finishReason().wireName());
        MemoryWriteRule rule = new MemoryWriteRule(modulation.params().memoryWrite());
        List<MemoryOutcome> memory =
                memoryOutcomes(outcome, extra.path("closed_by_client").asBoolean(false), rule);
        if (!req.memory().isEmpty()) {
            ObjectNode mem = request.putObject("memory");
            mem.put("memory_write", rule.memoryWrite());
            mem.put("required_strength", rule.requiredStrength());
            ArrayNode proposals = mem.putArray("proposals");
            memory.forEach(m -> {
                ObjectNode o = proposals.addObject();
                o.put("key", m.key());
                o.put("status", m.status().wireName());
                m.strength().ifPresent(v -> o.put("strength", v));
                m.version().ifPresent(v -> o.put("version", v));
                o.put("reason", m.reason());
            });
        }

        AuditBundle.Builder bundle = AuditBundle.builder(auditId, p.clock.instant())
                .tenant(req.caller().tenant())
                .session(req.sessionId())
                .user(req.userId())
                .request(request)
                .signals(signals)
                .modulation(mod)
                .toolsOffered(offersNode())
                .toolCalls(toolCalls)
                .moderation(moderation)
                .incidents(incidentLog)
                .provider(p.provider.name())
                .model(response.model())
                .usage(usage)
                .latencyMs(Math.max(0, p.clock.millis() - startMs));
        p.recordEnd(bundle, outcome, subject, incidents.size());
        GovernedResult result = new GovernedResult(
                auditId,
                response,
                modulation.params().safetyMode(),
                paramsAfterClient(),
                incidents,
                outcome,
                failure,
                memory,
                upstream,
                droppedStops());
        p.observer.requestEnded(req.sessionId(), result);
        return result;
    }

    /** Milliseconds with microsecond precision. */
    static double millis(Duration d) {
        return Math.round(d.toNanos() / 1_000.0) / 1_000.0;
    }

    private ObjectNode offersNode() {
        ObjectNode node = AuditJson.F.objectNode();
        node.set("offers", offerLog);
        return node;
    }

    /** The modulated parameters with the client's tightening applied (what the provider was sent). */
    ModulatedParams paramsAfterClient() {
        return afterClient(modulation.params(), req.params());
    }

    /** {@link #paramsAfterClient()} of these parameters: {@link #clientTightened}'s values. */
    static ModulatedParams afterClient(ModulatedParams m, ClientParams c) {
        // clientTightened's values without its notes (strings formatted only for the audit's record)
        return new ModulatedParams(
                lowered(m.temperature(), c.temperature()),
                lowered(m.topP(), c.topP()),
                (int) lowered(m.maxOutputTokens(), c.maxTokens().map(Integer::doubleValue)),
                reasoningEffort(m, c),
                m.retrievalK(),
                m.plannerBeam(),
                m.memoryWrite(),
                m.safetyMode(),
                m.toolAllowlist());
    }

    private String userText() {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : req.messages()) {
            if (m instanceof UserMessage u) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(u.content());
            } else if (m instanceof AssistantMessage a) {
                a.toolCalls().forEach(c -> toolNameByCallId.put(c.id(), c.name()));
            }
        }
        return sb.toString();
    }

    private String lastUserText() {
        for (int i = req.messages().size() - 1; i >= 0; i--) {
            if (req.messages().get(i) instanceof UserMessage u) {
                return u.content();
            }
        }
        return "";
    }

    private int trailingToolStart() {
        int i = messages.size();
        while (i > 0 && messages.get(i - 1) instanceof ToolMessage) {
            i--;
        }
        return i;
    }
}
