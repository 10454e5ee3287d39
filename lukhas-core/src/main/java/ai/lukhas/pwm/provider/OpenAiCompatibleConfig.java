package ai.lukhas.pwm.provider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Where and how to reach an OpenAI-compatible Chat Completions server. Requests go to {@code
 * baseUrl + "/chat/completions"}, so the base URL is what the server documents as its OpenAI base:
 * {@code https://api.openai.com/v1}, {@code http://localhost:11434/v1} (Ollama), {@code
 * http://localhost:8000/v1} (vLLM), {@code http://localhost:8080/v1} (llama.cpp server), or an
 * Azure deployment {@code https://R.openai.azure.com/openai/deployments/D} with {@link
 * ApiKeyStyle#API_KEY_HEADER} and the query parameter {@code api-version}.
 *
 * <pre>{@code
 * OpenAiCompatibleConfig config = OpenAiCompatibleConfig.builder(URI.create("http://localhost:11434/v1"))
 *         .requestTimeout(Duration.ofSeconds(120))
 *         .build();
 * }</pre>
 *
 * @param apiKey sent as {@code Authorization: Bearer} or {@code api-key}; empty for keyless servers
 * @param queryParameters added to every request URL (e.g. Azure's {@code api-version})
 * @param connectTimeout for opening a connection
 * @param requestTimeout per attempt, until the response headers arrive; capped by the deadline left
 * @param maxCompletionTokensModels models that take {@code max_completion_tokens} instead of {@code
 *     max_tokens}
 * @param reasoningModels models that take {@code reasoning_effort} and reject {@code temperature}
 *     and {@code top_p}
 * @param api the wire the upstream speaks: chat completions (default) or the Responses API
 * @param transport the HTTP client that carries the bytes (default {@link UpstreamTransport#JETTY})
 */
public record OpenAiCompatibleConfig(
        URI baseUrl,
        Optional<String> apiKey,
        ApiKeyStyle apiKeyStyle,
        Map<String, String> queryParameters,
        Duration connectTimeout,
        Duration requestTimeout,
        RetryPolicy retry,
        Predicate<String> maxCompletionTokensModels,
        Predicate<String> reasoningModels,
        UpstreamApi api,
        UpstreamTransport transport) {

    /** How the API key is sent. */
    public enum ApiKeyStyle {
        /** {@code Authorization: Bearer <key>} (OpenAI, vLLM, most servers). */
        BEARER,
        /** {@code api-key: <key>} (Azure OpenAI). */
        API_KEY_HEADER
    }

    private static final Pattern O_SERIES = Pattern.compile("o[1-9](-.*)?");

    /**
     * The default for both model predicates: OpenAI's reasoning models, the o-series ({@code o1},
     * {@code o3-mini}, {@code o4-mini}, ...) and {@code gpt-5*} except the {@code -chat} variants.
     * A {@code vendor/} prefix (as routers use) is ignored.
     */
    public static boolean isOpenAiReasoningModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        m = m.substring(m.lastIndexOf('/') + 1);
        return O_SERIES.matcher(m).matches() || (m.startsWith("gpt-5") && !m.contains("-chat"));
    }

    public OpenAiCompatibleConfig {
        Objects.requireNonNull(baseUrl, "baseUrl must not be null");
        String scheme = baseUrl.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(
                    "baseUrl must be an absolute http(s) URL such as https://api.openai.com/v1, but was " + baseUrl);
        }
        if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "baseUrl must not have a query or fragment (put query parameters in queryParameters), but was "
                            + baseUrl);
        }
        Objects.requireNonNull(apiKey, "apiKey must not be null (use Optional.empty())");
        apiKey.ifPresent(k -> {
            if (k.isBlank() || k.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException(
                        "apiKey must be non-blank printable ASCII without spaces (the key itself is not shown)");
            }
        });
        Objects.requireNonNull(apiKeyStyle, "apiKeyStyle must not be null");
        queryParameters = Map.copyOf(queryParameters);
        positive(connectTimeout, "connectTimeout");
        positive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry must not be null");
        Objects.requireNonNull(maxCompletionTokensModels, "maxCompletionTokensModels must not be null");
        Objects.requireNonNull(reasoningModels, "reasoningModels must not be null");
        Objects.requireNonNull(api, "api must not be null (use UpstreamApi.CHAT_COMPLETIONS)");
        Objects.requireNonNull(transport, "transport must not be null (use UpstreamTransport.JETTY)");
    }

    /** A builder with the defaults: no key, Bearer style, 10 s connect, 60 s per attempt, {@link RetryPolicy#DEFAULT}. */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * The upstream configured by environment variables, or empty when {@code
     * LUKHAS_UPSTREAM_URL} is unset or blank (then the offline provider is used): {@code
     * LUKHAS_UPSTREAM_API_KEY} (optional), {@code LUKHAS_UPSTREAM_AZURE_API_VERSION} (optional;
     * when set, the key goes in the {@code api-key} header and the version in {@code
     * ?api-version=}), {@code LUKHAS_UPSTREAM_API} (optional: {@code chat_completions} or {@code
     * responses}), {@code LUKHAS_UPSTREAM_TRANSPORT} (optional: {@code apache} or {@code jetty}).
     */
    public static Optional<OpenAiCompatibleConfig> fromEnvironment(Map<String, String> env) {
        String base = env.getOrDefault("LUKHAS_UPSTREAM_URL", "").strip();
        if (base.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "LUKHAS_UPSTREAM_URL must be a URL such as https://api.openai.com/v1, but was " + base, e);
        }
        Builder b = builder(uri);
        String key = env.getOrDefault("LUKHAS_UPSTREAM_API_KEY", "").strip();
        if (!key.isEmpty()) {
            b.apiKey(key);
        }
        String azure = env.getOrDefault("LUKHAS_UPSTREAM_AZURE_API_VERSION", "").strip();
        if (!azure.isEmpty()) {
            b.apiKeyStyle(ApiKeyStyle.API_KEY_HEADER).queryParameter("api-version", azure);
        }
        String api = env.getOrDefault("LUKHAS_UPSTREAM_API", "").strip();
        if (!api.isEmpty()) {
            b.api(UpstreamApi.parse(api));
        }
        String transport = env.getOrDefault("LUKHAS_UPSTREAM_TRANSPORT", "").strip();
        if (!transport.isEmpty()) {
            b.transport(UpstreamTransport.parse(transport));
        }
        return Optional.of(b.build());
    }

    /** The chat completions endpoint with the query parameters. */
    URI chatCompletionsUri() {
        return endpoint("/chat/completions");
    }

    /** The Responses API endpoint with the query parameters. */
    URI responsesUri() {
        return endpoint("/responses");
    }

    /** {@code <base>/models} with the same query parameters: what {@link LlmProvider#check()} asks. */
    URI modelsUri() {
        return endpoint("/models");
    }

    /** The embeddings endpoint with the query parameters. */
    URI embeddingsUri() {
        return endpoint("/embeddings");
    }

    private URI endpoint(String path) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        StringBuilder uri = new StringBuilder(base).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : new TreeMap<>(queryParameters).entrySet()) {
            uri.append(sep)
                    .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(uri.toString());
    }

    /** Never shows the API key. */
    @Override
    public String toString() {
        return "OpenAiCompatibleConfig[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)")
                + ", apiKeyStyle=" + apiKeyStyle + ", queryParameters=" + queryParameters + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", retry=" + retry + ", api=" + api
                + ", transport=" + transport + "]";
    }

    private static void positive(Duration d, String field) {
        Objects.requireNonNull(d, field + " must not be null");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, but was " + d);
        }
    }

    /** Collects the configuration; {@link #build()} validates it. */
    public static final class Builder {
        private final URI baseUrl;
        private Optional<String> apiKey = Optional.empty();
        private ApiKeyStyle apiKeyStyle = ApiKeyStyle.BEARER;
        private final Map<String, String> queryParameters = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Predicate<String> maxCompletionTokensModels = OpenAiCompatibleConfig::isOpenAiReasoningModel;
        private Predicate<String> reasoningModels = OpenAiCompatibleConfig::isOpenAiReasoningModel;
        private UpstreamApi api = UpstreamApi.CHAT_COMPLETIONS;
        private UpstreamTransport transport = UpstreamTransport.JETTY;

        private Builder(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Builder apiKey(String value) {
            this.apiKey = Optional.of(value);
            return this;
        }

        public Builder apiKeyStyle(ApiKeyStyle value) {
            this.apiKeyStyle = value;
            return this;
        }

        public Builder queryParameter(String name, String value) {
            queryParameters.put(name, value);
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        public Builder maxCompletionTokensModels(Predicate<String> value) {
            this.maxCompletionTokensModels = value;
            return this;
        }

        public Builder reasoningModels(Predicate<String> value) {
            this.reasoningModels = value;
            return this;
        }

        /** The wire the upstream speaks (default {@link UpstreamApi#CHAT_COMPLETIONS}). */
        public Builder api(UpstreamApi value) {
            this.api = value;
            return this;
        }

        /** The HTTP client that carries the bytes (default {@link UpstreamTransport#JETTY}). */
        public Builder transport(UpstreamTransport value) {
            this.transport = value;
            return this;
        }

        public OpenAiCompatibleConfig build() {
            return new OpenAiCompatibleConfig(
                    baseUrl,
                    apiKey,
                    apiKeyStyle,
                    queryParameters,
                    connectTimeout,
                    requestTimeout,
                    retry,
                    maxCompletionTokensModels,
                    reasoningModels,
                    api,
                    transport);
        }
    }
}
