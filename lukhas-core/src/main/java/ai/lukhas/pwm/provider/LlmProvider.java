package ai.lukhas.pwm.provider;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Something that completes chat requests: an OpenAI-compatible upstream, or the offline provider
 * when none is configured. Implementations are thread-safe; failures are {@link
 * ProviderException}s, split by whether a retry can help.
 *
 * <pre>{@code
 * try (LlmProvider provider = LlmProvider.configured(OpenAiCompatibleConfig.fromEnvironment(System.getenv()))) {
 *     ChatResponse answer = provider.complete(ChatRequest.builder("gpt-4o-mini").user("Hi").build());
 * }
 * }</pre>
 */
public interface LlmProvider extends AutoCloseable {
    /** A short name for logs and audit records, e.g. {@code "openai-compatible"} or {@code "offline"}. */
    String name();

    /**
     * The model this provider answers as when the configuration names {@code configured}: the
     * configured model for an upstream, {@code "lukhas-offline"} for the offline provider (which
     * never claims to be a real model). What {@code GET /v1/models} lists.
     */
    default String model(String configured) {
        return configured;
    }

    /**
     * The {@link ChatRequest#passThrough()} field names this provider cannot send (its upstream wire
     * has no such field), so a server can refuse them with a 400 naming the field instead of
     * failing upstream; a request that sets one anyway fails with a {@link BadRequestException}.
     * The default (and the chat completions wire) carries them all.
     */
    default java.util.Set<String> unsupportedFields() {
        return java.util.Set.of();
    }

    /**
     * Completes the request, retrying where the implementation does.
     *
     * @throws ProviderException when no answer could be obtained
     */
    ChatResponse complete(ChatRequest request);

    /**
     * Starts a streamed completion. Retries happen only before the first delta; once the stream is
     * returned, a failure surfaces from {@link ChatStream#next()}.
     *
     * @throws ProviderException when the stream could not be opened
     */
    ChatStream stream(ChatRequest request);

    /**
     * One cheap request that tells whether the provider can answer now (no retries, a short timeout):
     * what {@code /readyz} reports as the upstream. Never throws. The default has nothing to reach.
     */
    default UpstreamCheck check() {
        return UpstreamCheck.reachable("nothing to reach (" + name() + " provider)");
    }

    /**
     * Embeds texts ({@code POST /embeddings} upstream). A provider that has no embeddings refuses
     * every request with a {@link BadRequestException} (the default).
     *
     * @throws ProviderException when no embeddings could be obtained
     */
    default EmbeddingResponse embed(EmbeddingRequest request) {
        throw new BadRequestException(
                name(),
                java.util.OptionalInt.empty(),
                "the provider '" + name() + "' does not serve embeddings",
                1,
                null);
    }

    /** Releases connections and threads; the default holds none. */
    @Override
    default void close() {}

    /** The deterministic offline provider (model {@code "lukhas-offline"}), see docs/providers.md. */
    static LlmProvider offline() {
        return new OfflineProvider(OfflineProvider.DEFAULT_CHUNK_CHARS);
    }

    /** The offline provider, streaming its answers in pieces of at most {@code chunkChars} characters. */
    static LlmProvider offline(int chunkChars) {
        return new OfflineProvider(chunkChars);
    }

    /** The upstream when one is configured, else the offline provider. */
    static LlmProvider configured(Optional<OpenAiCompatibleConfig> upstream) {
        return upstream.map(LlmProvider::openAiCompatible).orElseGet(LlmProvider::offline);
    }

    /** An OpenAI-compatible HTTP provider with the system clock, real sleeps and random jitter. */
    static LlmProvider openAiCompatible(OpenAiCompatibleConfig config) {
        return new OpenAiCompatibleProvider(
                config, Clock.systemUTC(), Sleeper.system(), ThreadLocalRandom.current()::nextDouble);
    }

    /**
     * An OpenAI-compatible HTTP provider with injected time: {@code clock} measures the total
     * deadline and Retry-After dates, {@code sleeper} waits between attempts (tests advance their
     * clock instead of waiting), {@code jitter} yields numbers in [0, 1) for backoff jitter.
     */
    static LlmProvider openAiCompatible(
            OpenAiCompatibleConfig config, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
        return new OpenAiCompatibleProvider(config, clock, sleeper, jitter);
    }
}
