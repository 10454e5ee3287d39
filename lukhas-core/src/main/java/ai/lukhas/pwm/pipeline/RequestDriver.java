package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.ProviderException;
import ai.lukhas.pwm.text.GrowingText;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one loop that drives a governed request through the stages of {@link GovernedPipeline}, in
 * the order its Javadoc states, sending the output to an {@link OutputSink}. Plain and streamed
 * requests differ only in the sink; every way a request can end is decided here, once:
 *
 * <ul>
 *   <li><b>completed</b>: the model answered without tool calls; all its text passed moderation
 *       whole and was released; finish reason the model's.
 *   <li><b>client tool calls</b>: the text so far passed moderation and was released, then the
 *       checked client-side calls; finish reason {@code tool_calls}.
 *   <li><b>refused</b> (flagged input, session already strict): governance's refusal is the only
 *       text; the provider is not called; finish reason {@code stop}.
 *   <li><b>content filtered</b>: the model's text was flagged; the model call is stopped; the
 *       response holds only the text released before the flag; finish reason {@code
 *       content_filter}.
 *   <li><b>max steps</b>: the model still asked for tools at its {@code maxSteps}-th answer; those
 *       calls are not run; its text passes moderation and is released as for a completed answer;
 *       finish reason {@code stop}; no text of governance's is added.
 *   <li><b>provider error</b> (the provider failed after its retries, or its stream could not be
 *       read): the response holds only the text released before the failure; the sink is not told
 *       {@code finished}; the provider's message is the result's {@code failure}.
 *   <li><b>client disconnect</b> ({@link #close()} before the end): the model call is stopped and
 *       the request is audited as it stands: outcome completed, {@code closed_by_client}, the text
 *       released so far; memory is not attempted.
 * </ul>
 *
 * <p>Output moderation covers the model's whole text so far (across its steps) before any of it
 * leaves; the sink's {@link ReleasePolicy} only decides how early moderated text may leave. What was
 * released is what the result's response holds, so a plain and a streamed request that see the
 * same model answers end with the same outcome and, unless a stream was cut short mid-step, the
 * same text.
 *
 * <p>Pull-driven: each {@link #advance()} does one unit of work (the input stages, opening a model
 * step, or one event of the open step), so a stream can hand out what was released between pulls;
 * {@link #drive()} runs to the end. One thread at a time.
 */
final class RequestDriver {
    private enum Stage {
        INPUT,
        OPEN_STEP,
        IN_STEP,
        DONE
    }

    private final GovernedPipeline p;
    private final Run run;
    private final OutputSink sink;
    private final ObjectNode extra = AuditJson.F.objectNode();
    /**
     * All the model's text in this request; {@code [0, released)} has left. It only grows, so the checks
     * before each release read it in place (not copied) and keep their work from one check to the next.
     */
    private final GrowingText text = new GrowingText();
    /** A guard model on a stream's output (docs/governance.md, "Guard models on streams"). */
    private final Optional<GuardHold> guard;

    private int released;
    /** {@code [0, localPassed)} passed the local rules and the release rule (a stream with a guard). */
    private int localPassed;

    private Stage stage = Stage.INPUT;
    private OutputSink.ModelStep step;
    private long stepStartNanos;
    private Optional<GovernedResult> result = Optional.empty();
    /** Clock time spent waiting for the upstream (opening a step, reading its events), in nanoseconds. */
    private long upstreamNanos;
    /** Clock time spent in {@link #advance} before the current call, upstream waits included. */
    private long advancedNanos;
    /** When the current {@link #advance} call started. */
    private long advanceStart;

    RequestDriver(GovernedPipeline p, Run run, OutputSink sink) {
        this.p = p;
        this.run = run;
        this.sink = sink;
        this.guard = sink.streams()
                ? run.streamGuard().map(g -> new GuardHold(g.hold(), p.clock, run::askGuard))
                : Optional.empty();
        sink.describe(extra);
        run.streamGuard().filter(g -> guard.isPresent()).ifPresent(g -> extra.put(
                        "stream_guard_max_hold_ms", g.hold().maxHold().toMillis())
                .put("stream_guard_on_expiry", g.hold().onExpiry().wireName()));
    }

    String auditId() {
        return run.auditId();
    }

    /** The safety mode in force, once the input stage has run. */
    Optional<SafetyMode> safetyMode() {
        return run.safetyMode();
    }

    Optional<ai.lukhas.pwm.modulation.ModulatedParams> params() {
        return run.currentParams();
    }

    java.util.List<String> droppedStops() {
        return run.droppedStops();
    }

    boolean done() {
        return stage == Stage.DONE;
    }

    /** The result, once the request has ended (its audit bundle is durable). */
    Optional<GovernedResult> result() {
        return result;
    }

    /** Drives the request to its end. */
    GovernedResult drive() {
        while (stage != Stage.DONE) {
            advance();
        }
        return result.orElseThrow();
    }

    /** One unit of work; does nothing once the request has ended. */
    void advance() {
        advanceStart = now();
        try {
            switch (stage) {
                case INPUT -> input();
                case OPEN_STEP -> openStep();
                case IN_STEP -> readStep();
                case DONE -> {}
            }
        } finally {
            advancedNanos += now() - advanceStart;
            advanceStart = 0;
        }
    }

    /** The time this request spent waiting for the upstream so far. */
    Duration upstreamTime() {
        return Duration.ofNanos(upstreamNanos);
    }

    /**
     * The gateway's own time so far: the time spent driving the request minus the upstream waits
     * (what the client does between pulls of a stream is not counted).
     */
    Duration overhead() {
        long inProgress = advanceStart == 0 ? 0 : now() - advanceStart;
        return Duration.ofNanos(Math.max(0, advancedNanos + inProgress - upstreamNanos));
    }

    private long now() {
        java.time.Instant i = p.clock.instant();
        // never 0, which marks "no advance in progress"
        return Math.max(1, i.getEpochSecond() * 1_000_000_000L + i.getNano());
    }

    /** Steps 2 to 6; a refusal ends the request here. */
    private void input() {
        if (run.begin()) {
            stage = Stage.OPEN_STEP;
            return;
        }
        sink.started(run.auditId(), run.model());
        text.append(Run.REFUSAL);
        sink.content(Run.REFUSAL);
        released = text.length();
        end(Outcome.REFUSED, run.response(Run.REFUSAL, FinishReason.STOP), FinishReason.STOP);
    }

    /** Step 7: the next model call, with the parameters and offer in force now. */
    private void openStep() {
        stepStartNanos = System.nanoTime();
        ChatRequest request = run.nextStep();
        long waitStart = now();
        try {
            step = sink.open(p.provider, request);
        } catch (ProviderException e) {
            upstreamNanos += now() - waitStart;
            providerFailed(GovernedPipeline.errorType(e), e.getMessage());
            return;
        }
        upstreamNanos += now() - waitStart;
        stage = Stage.IN_STEP;
    }

    private void readStep() {
        OutputSink.StepEvent event;
        long waitStart = now();
        try {
            event = step.next();
        } catch (ProviderException e) {
            upstreamNanos += now() - waitStart;
            providerFailed(GovernedPipeline.errorType(e), e.getMessage());
            return;
        }
        upstreamNanos += now() - waitStart;
        switch (event) {
            case OutputSink.StepEvent.Started s -> {
                run.answeredBy(s.model());
                sink.started(s.id(), s.model());
            }
            case OutputSink.StepEvent.Text t -> {
                text.append(t.text());
                release(sink.releasePolicy().releasable(text), false, "");
            }
            case OutputSink.StepEvent.Ended e -> stepEnded(e.response());
            case OutputSink.StepEvent.Malformed m -> providerFailed("malformed_stream", m.message());
        }
    }

    /** Step 8 and the ends of the loop, for one whole model answer. */
    private void stepEnded(ChatResponse response) {
        step = null;
        p.observer.providerCall(Duration.ofNanos(System.nanoTime() - stepStartNanos), Optional.empty());
        run.usage(response.usage());
        AssistantMessage answer = response.message();
        if (!answer.hasToolCalls()) {
            if (releaseAll()) {
                end(Outcome.COMPLETED, answer(response, List.of(), response.finishReason()), response.finishReason());
            }
            return;
        }
        if (run.steps() >= p.maxSteps) {
            if (releaseAll()) {
                extra.put("unrun_tool_calls", answer.toolCalls().size());
                end(Outcome.MAX_STEPS, answer(response, List.of(), FinishReason.STOP), FinishReason.STOP);
            }
            return;
        }
        Run.ToolStep tools = run.toolStep(answer);
        if (!tools.clientCalls().isEmpty()) {
            // Text next to the client's tool calls reaches the client too, and so do the calls'
            // names and arguments: all of it is final output, moderated together before any leaves.
            if (release(text.length(), true, Run.clientCallsText(tools.clientCalls()))) {
                sink.clientToolCalls(tools.clientCalls());
                end(
                        Outcome.CLIENT_TOOL_CALLS,
                        answer(response, tools.clientCalls(), FinishReason.TOOL_CALLS),
                        FinishReason.TOOL_CALLS);
            }
            return;
        }
        // The next model step runs with the (possibly tightened) modulation and rebuilt offer.
        stage = Stage.OPEN_STEP;
    }

    private boolean releaseAll() {
        return release(text.length(), true, "");
    }

    /**
     * Step 9: moderates all the model's text so far (followed by {@code alsoLeaving}: what else of
     * the model's reaches the client with it, i.e. client tool calls), then releases the text up to
     * {@code limit}; false when it was flagged (the request has then ended content-filtered).
     */
    private boolean release(int limit, boolean stepEnd, String alsoLeaving) {
        limit = Math.min(limit, text.length());
        if (limit > 0 && limit < text.length() && Character.isHighSurrogate(text.charAt(limit - 1))) {
            limit--;
        }
        GuardHold.Decision decision;
        if (limit > Math.max(released, localPassed) || stepEnd) {
            // the model's text is read in place; with client tool calls after it, copied whole (once)
            CharSequence judged;
            boolean passed;
            if (alsoLeaving.isEmpty()) {
                judged = text;
                passed = run.finalOutputPasses(text, stepEnd, guard.isPresent());
            } else {
                String withCalls = text + "\n" + alsoLeaving;
                judged = withCalls;
                passed = run.finalOutputPasses(withCalls, stepEnd, guard.isPresent());
            }
            if (!passed) {
                contentFiltered();
                return false;
            }
            if (guard.isEmpty()) {
                decision = new GuardHold.Decision.Release(limit, false);
            } else {
                localPassed = Math.max(localPassed, limit);
                decision = guard.get().offer(judged, limit);
            }
        } else if (guard.isPresent()) {
            decision = guard.get().decide();
        } else {
            return true;
        }
        if (stepEnd && guard.isPresent()) {
            decision = guard.get().awaitStepEnd();
        }
        switch (decision) {
            case GuardHold.Decision.Release r -> limit = Math.min(limit, r.upTo());
            case GuardHold.Decision.Flagged f -> {
                run.guardBlocked(f.outcome());
                contentFiltered();
                return false;
            }
            case GuardHold.Decision.Expired e -> {
                run.guardExpired(e.waited());
                contentFiltered();
                return false;
            }
        }
        if (limit > released) {
            sink.content(text.substring(released, limit));
            released = limit;
            if (guard.isPresent()) {
                guard.get().released(released);
            }
        }
        return true;
    }

    private ChatResponse answer(ChatResponse last, List<FunctionCall> calls, FinishReason reason) {
        Optional<String> content =
                calls.isEmpty() || released > 0 ? Optional.of(text.substring(0, released)) : Optional.empty();
        return new ChatResponse(
                last.id(), last.model(), new AssistantMessage(content, calls), reason, run.totalUsage());
    }

    private String releasedText() {
        return text.substring(0, released);
    }

    private void contentFiltered() {
        closeStep();
        guard.ifPresent(GuardHold::cancel);
        extra.put("blocked_after_released_chars", released);
        p.observer.outputFiltered(released);
        end(
                Outcome.CONTENT_FILTERED,
                run.response(releasedText(), FinishReason.CONTENT_FILTER),
                FinishReason.CONTENT_FILTER);
    }

    private void providerFailed(String errorType, String message) {
        p.observer.providerCall(Duration.ofNanos(System.nanoTime() - stepStartNanos), Optional.of(errorType));
        closeStep();
        finish(
                Outcome.PROVIDER_ERROR,
                run.response(releasedText(), FinishReason.STOP),
                Optional.of(String.valueOf(message)));
    }

    /** A normal end: the sink hears the finish reason and the usage summed over the steps. */
    private void end(Outcome outcome, ChatResponse response, FinishReason reason) {
        sink.started(response.id(), response.model());
        sink.finished(reason, run.totalUsage());
        finish(outcome, response, Optional.empty());
    }

    /** Steps 9a and 10: memory, then the durable audit bundle; then the result. */
    private void finish(Outcome outcome, ChatResponse response, Optional<String> failure) {
        stage = Stage.DONE;
        extra.put("released_chars", released);
        guard.ifPresent(g -> {
            g.cancel();
            extra.put("stream_guard_checks", g.checks());
            extra.put("stream_guard_released_on_local_chars", g.releasedOnLocal());
        });
        result = Optional.of(run.finish(outcome, response, failure, extra, upstreamTime(), overhead()));
    }

    private void closeStep() {
        if (step != null) {
            step.close();
            step = null;
        }
    }

    /**
     * The client went away: stops the model call and audits the request as it stands (see the
     * class Javadoc). Does nothing once the request has ended.
     */
    void close() {
        if (stage == Stage.DONE) {
            return;
        }
        closeStep();
        if (stage == Stage.INPUT) {
            run.abandonBeforeBegin();
        }
        extra.put("closed_by_client", true);
        finish(Outcome.COMPLETED, run.response(releasedText(), FinishReason.STOP), Optional.empty());
    }
}
