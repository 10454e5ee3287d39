package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponseAssembler;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.FunctionCall;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.Usage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The streaming sink: streams every model step and queues {@link ChatDelta}s for the client as the
 * driver releases moderated text; how early text may leave is its {@link ReleasePolicy} (the
 * pipeline's holds back only what could still become a finding or a flagged phrase). One per
 * request, one thread.
 */
final class StreamSink implements OutputSink {
    private final ArrayDeque<ChatDelta> out = new ArrayDeque<>();
    private final ReleasePolicy policy;
    private boolean startedSent;

    StreamSink(ReleasePolicy policy) {
        this.policy = policy;
    }

    /** The next delta for the client, if one is queued. */
    Optional<ChatDelta> poll() {
        return Optional.ofNullable(out.poll());
    }

    boolean isEmpty() {
        return out.isEmpty();
    }

    /** Drops what was queued and not taken (the client closed the stream). */
    void discard() {
        out.clear();
    }

    @Override
    public ModelStep open(LlmProvider provider, ChatRequest request) {
        return new StreamedAnswer(provider.stream(request));
    }

    @Override
    public ReleasePolicy releasePolicy() {
        return policy;
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public void describe(ObjectNode request) {
        request.put("stream", true);
        policy.describe(request);
    }

    @Override
    public void started(String id, String model) {
        if (!startedSent) {
            startedSent = true;
            out.add(new ChatDelta.Started(id, model));
        }
    }

    @Override
    public void content(String text) {
        out.add(new ChatDelta.Content(text));
    }

    @Override
    public void clientToolCalls(List<FunctionCall> calls) {
        int i = 0;
        for (FunctionCall c : calls) {
            out.add(new ChatDelta.ToolCallFragment(i++, Optional.of(c.id()), Optional.of(c.name()), c.arguments()));
        }
    }

    @Override
    public void finished(FinishReason reason, Optional<Usage> usage) {
        out.add(new ChatDelta.Finished(reason));
        usage.ifPresent(u -> out.add(new ChatDelta.UsageReport(u)));
    }

    /** One streamed model step: text as it arrives; tool calls are assembled and judged whole at its end. */
    private static final class StreamedAnswer implements ModelStep {
        private final ChatStream upstream;
        private final ChatResponseAssembler assembler = new ChatResponseAssembler();
        private boolean closed;

        StreamedAnswer(ChatStream upstream) {
            this.upstream = upstream;
        }

        @Override
        public StepEvent next() {
            while (true) {
                Optional<ChatDelta> next = upstream.next();
                if (next.isEmpty()) {
                    close();
                    try {
                        return new StepEvent.Ended(assembler.response());
                    } catch (IllegalStateException e) {
                        return new StepEvent.Malformed("the upstream stream was malformed: " + e.getMessage());
                    }
                }
                ChatDelta d = next.get();
                assembler.accept(d);
                switch (d) {
                    case ChatDelta.Started s -> {
                        return new StepEvent.Started(s.id(), s.model());
                    }
                    case ChatDelta.Content c -> {
                        return new StepEvent.Text(c.text());
                    }
                    // Tool call fragments are held until the step ends: a call is judged whole, by the gate.
                    // Finished and usage: the step's outcome is decided when the upstream ends (usage may follow).
                    case ChatDelta.ToolCallFragment f -> {}
                    case ChatDelta.Finished f -> {}
                    case ChatDelta.UsageReport u -> {}
                }
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                upstream.close();
            }
        }
    }
}
