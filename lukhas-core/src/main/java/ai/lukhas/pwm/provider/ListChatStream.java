package ai.lukhas.pwm.provider;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A stream over deltas that are all known in advance (the offline provider's). */
final class ListChatStream implements ChatStream {
    private final Iterator<ChatDelta> deltas;
    private boolean closed;

    ListChatStream(List<ChatDelta> deltas) {
        this.deltas = List.copyOf(deltas).iterator();
    }

    @Override
    public Optional<ChatDelta> next() {
        return !closed && deltas.hasNext() ? Optional.of(deltas.next()) : Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
    }
}
