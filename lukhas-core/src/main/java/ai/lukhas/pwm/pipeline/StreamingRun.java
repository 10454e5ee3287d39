package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.provider.AssistantMessage;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.ChatResponseAssembler;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.ProviderException;
import ai.lukhas.pwm.provider.ToolCall;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * A governed stream: the same stages as {@link GovernedPipeline#complete}, with output moderation on
 * the accumulated text before each release. The last {@code window} characters are held back, so a
 * pattern split across upstream chunks is checked whole before any of it leaves.
 */
final class StreamingRun implements GovernedStream {
    private final GovernedPipeline p;
    private final Run run;
    private final ArrayDeque<ChatDelta> out = new ArrayDeque<>();
    private final StringBuilder text = new StringBuilder();
    private final ObjectNode extra = AuditJson.F.objectNode();
    private ChatStream upstream;
    private ChatResponseAssembler assembler;
    private boolean begun;
    private boolean startedSent;
    private boolean done;
    private int released;
    private long stepStartNanos;
    private Optional<GovernedResult> result = Optional.empty();

    StreamingRun(GovernedPipeline p, Run run) {
        this.p = p;
        this.run = run;
        extra.put("stream", true);
        extra.put("stream_window", p.streamWindow);
    }

    @Override
    public Optional<ChatDelta> next() {
        while (out.isEmpty() && !done) {
            advance();
        }
        return Optional.ofNullable(out.poll());
    }

    @Override
    public String auditId() {
        return run.auditId;
    }

    @Override
    public Optional<SafetyMode> safetyMode() {
        return Optional.ofNullable(run.modulation).map(m -> m.params().safetyMode());
    }

    @Override
    public Optional<GovernedResult> result() {
        return result;
    }

    private void advance() {
        if (!begun) {
            begun = true;
            if (!run.begin()) {
                started(run.auditId, run.model);
                out.add(new ChatDelta.Content(Run.REFUSAL));
                text.append(Run.REFUSAL);
                released = text.length();
                end(Outcome.REFUSED, run.refusal(), FinishReason.STOP, Optional.empty());
            }
            return;
        }
        if (upstream == null) {
            run.steps++;
            stepStartNanos = System.nanoTime();
            try {
                upstream = p.provider.stream(run.chatRequest());
            } catch (ProviderException e) {
                providerFailed(e);
                return;
            }
            assembler = new ChatResponseAssembler();
            return;
        }
        Optional<ChatDelta> next;
        try {
            next = upstream.next();
        } catch (ProviderException e) {
            providerFailed(e);
            return;
        }
        if (next.isEmpty()) {
            stepEnded();
            return;
        }
        ChatDelta d = next.get();
        assembler.accept(d);
        switch (d) {
            case ChatDelta.Started s -> {
                run.model = s.model();
                started(s.id(), s.model());
            }
            case ChatDelta.Content c -> {
                text.append(c.text());
                release(text.length() - p.streamWindow, false);
            }
            case ChatDelta.ToolCallFragment f -> {
                // Held until the step ends: a tool call is judged whole, by the gate.
            }
            case ChatDelta.Finished f -> {
                // The step's outcome is decided when the upstream stream ends (usage may follow).
            }
            case ChatDelta.UsageReport u -> {
                // Summed over the steps from the assembled response.
            }
        }
    }

    private void started(String id, String model) {
        if (!startedSent) {
            startedSent = true;
            out.add(new ChatDelta.Started(id, model));
        }
    }

    /** Moderates all text so far, then releases it up to {@code limit}; false when it was blocked. */
    private boolean release(int limit, boolean last) {
        if (limit > 0 && limit < text.length() && Character.isHighSurrogate(text.charAt(limit - 1))) {
            limit--;
        }
        if (limit <= released && !last) {
            return true;
        }
        if (!run.finalOutputPasses(text.toString(), last)) {
            contentFiltered();
            return false;
        }
        if (limit > released) {
            out.add(new ChatDelta.Content(text.substring(released, limit)));
            released = limit;
        }
        return true;
    }

    private void stepEnded() {
        upstream.close();
        upstream = null;
        ChatResponse response;
        try {
            response = assembler.response();
        } catch (IllegalStateException e) {
            providerFailed(new IllegalStateException("the upstream stream was malformed: " + e.getMessage(), e));
            return;
        }
        p.observer.providerCall(Duration.ofNanos(System.nanoTime() - stepStartNanos), Optional.empty());
        run.usage(response.usage());
        AssistantMessage answer = response.message();
        if (!answer.hasToolCalls()) {
            if (release(text.length(), true)) {
                end(Outcome.COMPLETED, response(response, List.of()), response.finishReason(), Optional.empty());
            }
            return;
        }
        if (run.steps >= p.maxSteps) {
            if (release(text.length(), true)) {
                extra.put("unrun_tool_calls", answer.toolCalls().size());
                end(Outcome.MAX_STEPS, response(response, List.of()), FinishReason.STOP, Optional.empty());
            }
            return;
        }
        Run.ToolStep step = run.toolStep(answer);
        if (!step.clientCalls().isEmpty()) {
            if (!release(text.length(), true)) {
                return;
            }
            int i = 0;
            for (ToolCall c : step.clientCalls()) {
                out.add(new ChatDelta.ToolCallFragment(i++, Optional.of(c.id()), Optional.of(c.name()), c.arguments()));
            }
            end(
                    Outcome.CLIENT_TOOL_CALLS,
                    response(response, step.clientCalls()),
                    FinishReason.TOOL_CALLS,
                    Optional.empty());
        }
        // Otherwise the next advance() opens the next model step with the (possibly rebuilt) offer.
    }

    private ChatResponse response(ChatResponse last, List<ToolCall> calls) {
        Optional<String> content =
                calls.isEmpty() || released > 0 ? Optional.of(text.substring(0, released)) : Optional.empty();
        return new ChatResponse(
                last.id(),
                last.model(),
                new AssistantMessage(content, calls),
                calls.isEmpty() ? last.finishReason() : FinishReason.TOOL_CALLS,
                run.totalUsage());
    }

    private void contentFiltered() {
        closeUpstream();
        ChatResponse r = new ChatResponse(
                run.auditId,
                run.model,
                AssistantMessage.text(text.substring(0, released)),
                FinishReason.CONTENT_FILTER,
                run.totalUsage());
        extra.put("blocked_after_released_chars", released);
        end(Outcome.CONTENT_FILTERED, r, FinishReason.CONTENT_FILTER, Optional.empty());
    }

    private void providerFailed(RuntimeException e) {
        p.observer.providerCall(
                Duration.ofNanos(System.nanoTime() - stepStartNanos), Optional.of(GovernedPipeline.errorType(e)));
        closeUpstream();
        ChatResponse r = new ChatResponse(
                run.auditId,
                run.model,
                AssistantMessage.text(text.substring(0, released)),
                FinishReason.STOP,
                run.totalUsage());
        extra.put("released_chars", released);
        finish(Outcome.PROVIDER_ERROR, r, Optional.of(String.valueOf(e.getMessage())));
    }

    private void end(Outcome outcome, ChatResponse response, FinishReason reason, Optional<String> failure) {
        started(response.id(), response.model());
        out.add(new ChatDelta.Finished(reason));
        run.totalUsage().ifPresent(u -> out.add(new ChatDelta.UsageReport(u)));
        extra.put("released_chars", released);
        finish(outcome, response, failure);
    }

    private void finish(Outcome outcome, ChatResponse response, Optional<String> failure) {
        done = true;
        result = Optional.of(run.finish(outcome, response, failure, extra));
    }

    private void closeUpstream() {
        if (upstream != null) {
            upstream.close();
            upstream = null;
        }
    }

    @Override
    public void close() {
        out.clear();
        if (done) {
            return;
        }
        closeUpstream();
        if (!begun) {
            begun = true;
            run.modulation = p.modulator.modulate(run.req.sessionId(), run.lut.deltas());
        }
        extra.put("closed_by_client", true);
        extra.put("released_chars", released);
        finish(
                Outcome.COMPLETED,
                new ChatResponse(
                        run.auditId,
                        run.model,
                        AssistantMessage.text(text.substring(0, released)),
                        FinishReason.STOP,
                        run.totalUsage()),
                Optional.empty());
    }
}
