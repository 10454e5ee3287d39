package ai.lukhas.pwm.provider;

import java.util.Optional;

/**
 * A streamed completion, pulled one delta at a time so the caller can inspect (moderate) each
 * piece before releasing it, and stop the upstream early by closing the stream. Not thread-safe.
 *
 * <pre>{@code
 * try (ChatStream stream = provider.stream(request)) {
 *     for (Optional<ChatDelta> d = stream.next(); d.isPresent(); d = stream.next()) {
 *         release(d.get());
 *     }
 * }
 * }</pre>
 */
public interface ChatStream extends AutoCloseable {
    /**
     * The next delta, blocking until it arrives; empty once the stream has ended.
     *
     * @throws ProviderException if the upstream connection fails or sends something unreadable
     */
    Optional<ChatDelta> next();

    /** Ends the stream and releases the connection; later {@link #next()} calls return empty. */
    @Override
    void close();

    /**
     * Reads the remaining deltas, closes the stream and returns the response they assemble to.
     * Call it on a fresh stream: deltas already taken with {@link #next()} are not included.
     */
    default ChatResponse collect() {
        ChatResponseAssembler assembler = new ChatResponseAssembler();
        try (this) {
            for (Optional<ChatDelta> d = next(); d.isPresent(); d = next()) {
                assembler.accept(d.get());
            }
        }
        return assembler.response();
    }
}
