package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an OpenAI-compatible upstream through an {@link UpstreamHttp} (Jetty's client over keep-alive
 * HTTP/1.1, {@link JettyUpstreamHttp}, or Apache's with the I/O on the request's own thread, {@link
 * ApacheUpstreamHttp}: {@link OpenAiCompatibleConfig#transport()}), retrying retriable failures with exponential
 * backoff and jitter, honouring Retry-After, within the total deadline. The completion endpoint and
 * its JSON are the configured {@link UpstreamWire}'s: {@code /chat/completions} ({@link OpenAiWire})
 * or the Responses API's {@code /responses} ({@link ResponsesWire}); the transport, retries, error
 * mapping, SSE reading, embeddings and the readiness check are the same for both.
 */
final class OpenAiCompatibleProvider implements LlmProvider {
    static final String NAME = "openai-compatible";
    /** The name when the upstream speaks the Responses API. */
    static final String RESPONSES_NAME = "openai-responses";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleProvider.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final OpenAiCompatibleConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier jitter;
    private final ProviderErrors errors;
    private final String name;
    private final UpstreamWire wire;
    private final OpenAiWire chatWire;
    private final UpstreamHttp http;
    private final URI chatUri;
    private final URI embeddingsUri;
    private final URI modelsUri;
    private final Map<String, String> jsonHeaders;
    private final Map<String, String> streamHeaders;
    private final Map<String, String> checkHeaders;

    OpenAiCompatibleProvider(OpenAiCompatibleConfig config, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
        this(config, clock, sleeper, jitter, transport(config));
    }

    /** The configured HTTP client. */
    static UpstreamHttp transport(OpenAiCompatibleConfig config) {
        return switch (config.transport()) {
            case APACHE -> new ApacheUpstreamHttp(config.connectTimeout());
            case JETTY -> new JettyUpstreamHttp(config.connectTimeout());
        };
    }

    /** With another transport (the JMH benchmark compares clients through this constructor). */
    OpenAiCompatibleProvider(
            OpenAiCompatibleConfig config, Clock clock, Sleeper sleeper, DoubleSupplier jitter, UpstreamHttp http) {
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.name = config.api() == UpstreamApi.RESPONSES ? RESPONSES_NAME : NAME;
        this.errors = new ProviderErrors(name, config.apiKey(), clock);
        this.chatWire = new OpenAiWire(config, errors);
        this.wire = switch (config.api()) {
            case CHAT_COMPLETIONS -> chatWire;
            case RESPONSES -> new ResponsesWire(config, errors);
        };
        this.http = http;
        this.chatUri = wire.endpoint();
        this.embeddingsUri = config.embeddingsUri();
        this.modelsUri = config.modelsUri();
        this.jsonHeaders = headers("application/json", true);
        this.streamHeaders = headers("text/event-stream", true);
        this.checkHeaders = headers("application/json", false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public java.util.Set<String> unsupportedFields() {
        return wire instanceof ResponsesWire ? ResponsesWire.UNSUPPORTED : java.util.Set.of();
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        byte[] body = json(wire.requestBody(request, false));
        return withRetries((timeout, attempt) ->
                wire.response(postJson(chatUri, body, timeout, attempt, "the response body"), request));
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        byte[] body = json(wire.requestBody(request, true));
        return withRetries((timeout, attempt) -> {
            UpstreamHttp.Answer<InputStream> response = http.postStreaming(chatUri, streamHeaders, body, timeout);
            if (response.status() / 100 != 2) {
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                }
                throw errors.forStatus(response.status(), response.headers(), text, attempt);
            }
            return new OpenAiChatStream(response.body(), wire, errors, request);
        });
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        com.fasterxml.jackson.databind.node.ObjectNode wireBody = OpenAiWire.JSON.createObjectNode();
        wireBody.put("model", request.model());
        com.fasterxml.jackson.databind.node.ArrayNode input = wireBody.putArray("input");
        request.input().forEach(input::add);
        request.passThrough().forEach(wireBody::set);
        byte[] body = json(wireBody);
        return withRetries((timeout, attempt) -> chatWire.embeddings(
                postJson(embeddingsUri, body, timeout, attempt, "the embeddings response"), request));
    }

    /** One POST of a JSON body whose 2xx answer is JSON; {@code what} names the answer in errors. */
    private JsonNode postJson(URI uri, byte[] body, Duration timeout, int attempt, String what)
            throws IOException, InterruptedException {
        UpstreamHttp.Answer<byte[]> response = http.post(uri, jsonHeaders, body, timeout);
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.status() / 100 != 2) {
            throw errors.forStatus(response.status(), response.headers(), text, attempt);
        }
        try {
            return OpenAiWire.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw errors.malformed(what + " is not JSON: " + shorten(text), e);
        }
    }

    /** Lets requests in flight finish for up to 5 s, then aborts them (an unclosed stream would block forever). */
    @Override
    public void close() {
        http.close();
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run(Duration timeout, int attempt) throws IOException, InterruptedException;
    }

    private <T> T withRetries(Attempt<T> attempt) {
        RetryPolicy policy = config.retry();
        Instant deadline = clock.instant().plus(policy.totalDeadline());
        for (int n = 1; ; n++) {
            Duration remaining = Duration.between(clock.instant(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                throw errors.deadlinePassed(policy.totalDeadline(), n - 1);
            }
            Duration timeout = remaining.compareTo(config.requestTimeout()) < 0 ? remaining : config.requestTimeout();
            RetriableProviderException failure;
            try {
                return attempt.run(timeout, n);
            } catch (RetriableProviderException e) {
                failure = e;
            } catch (IOException e) {
                failure = errors.forIo(e, n);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            if (n >= policy.maxAttempts()) {
                LOG.debug("{}: giving up after {} attempts: {}", name, n, failure.getMessage());
                throw failure;
            }
            Optional<Duration> asked = failure instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
            int failed = n;
            Duration wait = asked.orElseGet(() -> policy.backoff(failed, jitter.getAsDouble()));
            if (clock.instant().plus(wait).isAfter(deadline)) {
                LOG.debug(
                        "{}: not retrying, waiting {} would pass the {} deadline: {}",
                        name,
                        wait,
                        policy.totalDeadline(),
                        failure.getMessage());
                throw failure;
            }
            LOG.debug("{}: attempt {} failed ({}), retrying in {}", name, n, failure.getMessage(), wait);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
    }

    /** How long {@link #check()} waits for the upstream. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    /**
     * {@code GET <base>/models} with the configured key, once: any answer but 401/403 means reachable
     * (a server without a models route still answers 404), 401/403 means the key is refused.
     */
    @Override
    public UpstreamCheck check() {
        try {
            int status = http.get(modelsUri, checkHeaders, CHECK_TIMEOUT);
            if (status == 401 || status == 403) {
                return UpstreamCheck.unreachable(
                        "the upstream refused the API key (GET /models answered " + status + ")");
            }
            if (status >= 500) {
                return UpstreamCheck.unreachable("the upstream is failing (GET /models answered " + status + ")");
            }
            return UpstreamCheck.reachable("GET /models answered " + status);
        } catch (HttpTimeoutException e) {
            return UpstreamCheck.unreachable("no answer within " + CHECK_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return UpstreamCheck.unreachable("cannot connect: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : shorten(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UpstreamCheck.unreachable("interrupted while checking");
        } catch (RuntimeException e) {
            return UpstreamCheck.unreachable("cannot check: " + e.getMessage());
        }
    }

    /** The request headers, built once: the body's type when it has one, what is accepted, the key. */
    private Map<String, String> headers(String accept, boolean jsonBody) {
        Map<String, String> h = new LinkedHashMap<>();
        if (jsonBody) {
            h.put("Content-Type", "application/json");
        }
        h.put("Accept", accept);
        config.apiKey().ifPresent(key -> {
            switch (config.apiKeyStyle()) {
                case BEARER -> h.put("Authorization", "Bearer " + key);
                case API_KEY_HEADER -> h.put("api-key", key);
            }
        });
        return Collections.unmodifiableMap(h);
    }

    private CancellationException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException c = new CancellationException(name + ": interrupted while calling the upstream");
        c.initCause(e);
        return c;
    }

    private static byte[] json(JsonNode node) {
        try {
            return OpenAiWire.JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a request body: " + e.getMessage(), e);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
