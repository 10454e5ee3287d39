package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.LlmProvider;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The test models the pipeline tests script: a model that only streams, a model that passes every
 * call to another one (a test overrides only what it observes or delays), and a stream of fixed
 * deltas with a hook before each one.
 */
final class TestModels {
    private TestModels() {}

    /** A model that only streams: a plain completion collects its stream, as the gateway's upstreams do. */
    interface Streaming extends LlmProvider {
        @Override
        default ChatResponse complete(ChatRequest request) {
            return stream(request).collect();
        }
    }

    /** Passes every call to {@code delegate}, closing included. */
    static class Forwarding implements LlmProvider {
        final LlmProvider delegate;

        Forwarding(LlmProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            return delegate.complete(request);
        }

        @Override
        public ChatStream stream(ChatRequest request) {
            return delegate.stream(request);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Passes {@code next} and {@code close} to {@code inner}, and remembers whether it was closed. */
    static class ForwardingStream implements ChatStream {
        final ChatStream inner;
        volatile boolean closed;

        ForwardingStream(ChatStream inner) {
            this.inner = inner;
        }

        @Override
        public Optional<ChatDelta> next() {
            return inner.next();
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
        }
    }

    /** Hands out {@code deltas} in order, running {@code before} on each first; closing drops the rest. */
    static ChatStream deltas(List<ChatDelta> deltas, Consumer<ChatDelta> before) {
        ArrayDeque<ChatDelta> queue = new ArrayDeque<>(deltas);
        return new ChatStream() {
            @Override
            public Optional<ChatDelta> next() {
                ChatDelta d = queue.poll();
                if (d != null) {
                    before.accept(d);
                }
                return Optional.ofNullable(d);
            }

            @Override
            public void close() {
                queue.clear();
            }
        };
    }
}
