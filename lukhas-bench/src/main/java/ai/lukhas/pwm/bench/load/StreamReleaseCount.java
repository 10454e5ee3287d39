package ai.lukhas.pwm.bench.load;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.Durability;
import ai.lukhas.pwm.bench.BenchFiles;
import ai.lukhas.pwm.bench.BenchPipeline;
import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.governance.tools.ToolGate;
import ai.lukhas.pwm.governance.tools.ToolRegistry;
import ai.lukhas.pwm.modulation.ModulationPolicy;
import ai.lukhas.pwm.modulation.Modulator;
import ai.lukhas.pwm.pipeline.Caller;
import ai.lukhas.pwm.pipeline.GovernedPipeline;
import ai.lukhas.pwm.pipeline.GovernedRequest;
import ai.lukhas.pwm.pipeline.GovernedStream;
import ai.lukhas.pwm.provider.ChatDelta;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.ChatStream;
import ai.lukhas.pwm.provider.FinishReason;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.UserMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many characters of {@link MockUpstream#STREAM_ANSWER} the stream release rule holds back, by
 * driving the real pipeline (default moderation) with a provider that hands out the answer in the
 * mock's chunks and counting what had arrived when each piece left: machine-independent, unlike the
 * timings.
 */
final class StreamReleaseCount {
    /** At the first release: characters that had arrived and characters released; the most held at any chunk. */
    record Count(int receivedAtFirstRelease, int releasedAtFirstRelease, int maxHeld) {}

    private StreamReleaseCount() {}

    static Count count() {
        Path dir;
        try {
            dir = Files.createTempDirectory("lukhas-stream-count");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Clock clock = Clock.systemUTC();
        int[] received = {0};
        try (AuditLog log = AuditLog.open(
                        AuditLogConfig.defaults(dir).withDurability(Durability.OS), AuditRedactor.standard(), clock);
                ToolGate gate = ToolGate.create(ToolRegistry.builder().build(), Flags.fixed(Map.of()))) {
            Modulator modulator = Modulator.create(ModulationPolicy.loadDefault(), clock, Flags.fixed(Map.of()));
            GovernedPipeline pipeline = BenchPipeline.over(new Chunked(received), modulator, gate, log, clock);
            GovernedRequest request = GovernedRequest.builder(
                            new Caller("acme", "key-1", List.of()),
                            "count",
                            "u",
                            List.of(new UserMessage("What causes tides?")))
                    .build();
            int firstReceived = -1;
            int firstReleased = 0;
            int released = 0;
            int maxHeld = 0;
            try (GovernedStream s = pipeline.stream(request)) {
                for (Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
                    if (d.get() instanceof ChatDelta.Content c) {
                        released += c.text().length();
                        if (firstReceived < 0) {
                            firstReceived = received[0];
                            firstReleased = released;
                        }
                    }
                    maxHeld = Math.max(maxHeld, received[0] - released);
                }
            }
            return new Count(firstReceived, firstReleased, maxHeld);
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /** Hands out the answer in the mock's chunks, counting the characters handed out. */
    private record Chunked(int[] received) implements LlmProvider {
        @Override
        public String name() {
            return "chunked";
        }

        @Override
        public ChatResponse complete(ChatRequest request) {
            throw new UnsupportedOperationException("streams only");
        }

        @Override
        public ChatStream stream(ChatRequest request) {
            ArrayDeque<ChatDelta> queue = new ArrayDeque<>();
            queue.add(new ChatDelta.Started("count-1", "gpt-4o-mini"));
            String a = MockUpstream.STREAM_ANSWER;
            for (int i = 0; i < a.length(); i += MockUpstream.STREAM_CHUNK_CHARS) {
                queue.add(new ChatDelta.Content(
                        a.substring(i, Math.min(a.length(), i + MockUpstream.STREAM_CHUNK_CHARS))));
            }
            queue.add(new ChatDelta.Finished(FinishReason.STOP));
            return new ChatStream() {
                @Override
                public Optional<ChatDelta> next() {
                    ChatDelta d = queue.poll();
                    if (d instanceof ChatDelta.Content c) {
                        received[0] += c.text().length();
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
}
