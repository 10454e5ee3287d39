package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.LlmProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The plain sink: asks the provider for whole answers and releases nothing before a step ends; the
 * {@link GovernedResult}'s response is the whole output. Stateless.
 */
final class CollectSink implements OutputSink {
    static final CollectSink INSTANCE = new CollectSink();

    private CollectSink() {}

    @Override
    public ModelStep open(LlmProvider provider, ChatRequest request) {
        return new WholeAnswer(provider.complete(request));
    }

    @Override
    public ReleasePolicy releasePolicy() {
        return ReleasePolicy.HOLD_ALL;
    }

    @Override
    public void describe(ObjectNode request) {
        request.put("stream", false);
    }

    /** A whole answer read as the events a stream of it would give: started, its text, ended. */
    private static final class WholeAnswer implements ModelStep {
        private final ChatResponse response;
        private int next;

        WholeAnswer(ChatResponse response) {
            this.response = response;
        }

        @Override
        public StepEvent next() {
            switch (next++) {
                case 0:
                    return new StepEvent.Started(response.id(), response.model());
                case 1:
                    String text = response.message().content().orElse("");
                    if (!text.isEmpty()) {
                        return new StepEvent.Text(text);
                    }
                    next++;
                    return new StepEvent.Ended(response);
                case 2:
                    return new StepEvent.Ended(response);
                default:
                    throw new IllegalStateException("the step has ended");
            }
        }

        @Override
        public void close() {}
    }
}
