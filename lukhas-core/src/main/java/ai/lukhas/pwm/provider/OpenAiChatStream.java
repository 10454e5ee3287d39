package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * An SSE completion stream read event by event, in either upstream wire (its {@link
 * UpstreamWire.StreamDecoder} reads each event), until {@code data: [DONE]}, the decoder's end (the
 * Responses API's {@code response.completed}) or the end of the body after a finish.
 */
final class OpenAiChatStream implements ChatStream {
    private final InputStream body;
    private final SseReader sse;
    private final UpstreamWire.StreamDecoder decoder;
    private final ProviderErrors errors;
    private final ArrayDeque<ChatDelta> pending = new ArrayDeque<>();
    private boolean done;

    OpenAiChatStream(InputStream body, UpstreamWire wire, ProviderErrors errors, ChatRequest request) {
        this.body = body;
        this.sse = new SseReader(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
        this.decoder = wire.decoder(request);
        this.errors = errors;
    }

    @Override
    public Optional<ChatDelta> next() {
        while (pending.isEmpty() && !done) {
            readChunk();
        }
        return Optional.ofNullable(pending.poll());
    }

    private void readChunk() {
        Optional<String> data;
        try {
            data = sse.nextData();
        } catch (IOException e) {
            close();
            throw errors.streamCutOff("the stream broke off: " + e, e);
        }
        if (data.isEmpty()) {
            close();
            if (!decoder.finished()) {
                throw errors.streamCutOff("the stream ended before a finish_reason or [DONE]", null);
            }
            return;
        }
        String payload = data.get().strip();
        if (payload.equals("[DONE]")) {
            close();
            return;
        }
        if (payload.isEmpty()) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = OpenAiWire.JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            close();
            throw errors.malformed("a stream chunk is not JSON: " + shorten(payload), e);
        }
        try {
            pending.addAll(decoder.decode(chunk));
        } catch (ProviderException e) {
            close();
            throw e;
        }
        if (decoder.ended()) {
            // nothing more is needed (a Responses stream's last event, or a stop sequence reached)
            closeBody();
        }
    }

    /** Drops undelivered deltas too: after close, {@link #next()} returns empty (the caller stopped). */
    @Override
    public void close() {
        pending.clear();
        closeBody();
    }

    /** Releases the connection; deltas already decoded are still delivered. */
    private void closeBody() {
        if (!done) {
            done = true;
            try {
                body.close();
            } catch (IOException ignored) {
                // closing only releases the connection; nothing is lost
            }
        }
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
