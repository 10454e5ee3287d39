package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an OpenAI-compatible upstream with the JDK HttpClient (HTTP/2 negotiated by ALPN on https,
 * HTTP/1.1 on plain http), retrying retriable failures with exponential backoff and jitter,
 * honouring Retry-After, within the total deadline. The completion endpoint and its JSON are the
 * configured {@link UpstreamWire}'s: {@code /chat/completions} ({@link OpenAiWire}) or the Responses
 * API's {@code /responses} ({@link ResponsesWire}); the client, retries, error mapping, SSE reading,
 * embeddings and the readiness check are the same for both.
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
    private final HttpClient http;

    OpenAiCompatibleProvider(OpenAiCompatibleConfig config, Clock clock, Sleeper sleeper, DoubleSupplier jitter) {
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
        boolean https = config.baseUrl().getScheme().equalsIgnoreCase("https");
        this.http = HttpClient.newBuilder()
                // h2c upgrade on plain http confuses some local servers; ALPN on https is safe
                .version(https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        return withRetries((timeout, attempt) -> {
            HttpResponse<byte[]> response =
                    http.send(httpRequest(body, timeout, false), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() / 100 != 2) {
                throw errors.forStatus(response.statusCode(), response.headers(), text, attempt);
            }
            JsonNode root;
            try {
                root = OpenAiWire.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw errors.malformed("the response body is not JSON: " + shorten(text), e);
            }
            return wire.response(root, request);
        });
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        byte[] body = json(wire.requestBody(request, true));
        return withRetries((timeout, attempt) -> {
            HttpResponse<InputStream> response =
                    http.send(httpRequest(body, timeout, true), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() / 100 != 2) {
                String text;
                try (InputStream in = response.body()) {
                    text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                }
                throw errors.forStatus(response.statusCode(), response.headers(), text, attempt);
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
        return withRetries((timeout, attempt) -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(config.embeddingsUri())
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            authorize(b);
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() / 100 != 2) {
                throw errors.forStatus(response.statusCode(), response.headers(), text, attempt);
            }
            JsonNode root;
            try {
                root = OpenAiWire.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw errors.malformed("the embeddings response is not JSON: " + shorten(text), e);
            }
            return chatWire.embeddings(root, request);
        });
    }

    /** Lets requests in flight finish for up to 5 s, then aborts them (an unclosed stream would block forever). */
    @Override
    public void close() {
        http.shutdown();
        try {
            if (!http.awaitTermination(Duration.ofSeconds(5))) {
                http.shutdownNow();
            }
        } catch (InterruptedException e) {
            http.shutdownNow();
            Thread.currentThread().interrupt();
        }
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
        HttpRequest.Builder b = HttpRequest.newBuilder(config.modelsUri())
                .timeout(CHECK_TIMEOUT)
                .header("Accept", "application/json")
                .GET();
        authorize(b);
        try {
            HttpResponse<Void> r = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
            int status = r.statusCode();
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

    private void authorize(HttpRequest.Builder b) {
        config.apiKey().ifPresent(key -> {
            switch (config.apiKeyStyle()) {
                case BEARER -> b.header("Authorization", "Bearer " + key);
                case API_KEY_HEADER -> b.header("api-key", key);
            }
        });
    }

    private HttpRequest httpRequest(byte[] body, Duration timeout, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(wire.endpoint())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        authorize(b);
        return b.build();
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
