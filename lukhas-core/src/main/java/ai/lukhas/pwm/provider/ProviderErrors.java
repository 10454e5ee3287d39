package ai.lukhas.pwm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one place where upstream statuses, I/O failures and unreadable answers become typed {@link
 * ProviderException}s. Every detail passes through {@link #scrub} so the API key never leaks.
 */
final class ProviderErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 500;

    private final String provider;
    private final Optional<String> apiKey;
    private final Clock clock;

    ProviderErrors(String provider, Optional<String> apiKey, Clock clock) {
        this.provider = provider;
        this.apiKey = apiKey;
        this.clock = clock;
    }

    /** Maps a non-2xx status with its body to an exception. */
    ProviderException forStatus(int status, HttpHeaders headers, String body, int attempt) {
        String detail = scrub(upstreamMessage(body).orElse("(no error message in the response body)"));
        OptionalInt s = OptionalInt.of(status);
        if (status == 401 || status == 403) {
            return new AuthenticationException(provider, s, detail, attempt, null);
        }
        if (status == 408) {
            return new ProviderTimeoutException(provider, s, detail, attempt, null);
        }
        if (status == 429 && upstreamCode(body).equals("insufficient_quota")) {
            return new QuotaExceededException(provider, detail, attempt);
        }
        if (status == 429) {
            return new RateLimitedException(provider, detail, retryAfter(headers), attempt, null);
        }
        if (status >= 500 && status <= 599) {
            return new UpstreamServerException(provider, s, detail, attempt, null);
        }
        if (status >= 400 && status <= 499) {
            return new BadRequestException(provider, s, detail, attempt, null);
        }
        return new MalformedResponseException(
                provider, s, "unexpected HTTP status " + status + ": " + detail, attempt, null);
    }

    /** Maps an I/O failure: timeouts to {@link ProviderTimeoutException}, the rest to network errors. */
    RetriableProviderException forIo(IOException e, int attempt) {
        String detail = scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        if (e instanceof HttpTimeoutException) {
            return new ProviderTimeoutException(provider, OptionalInt.empty(), detail, attempt, e);
        }
        if (e instanceof ConnectException) {
            return new ProviderNetworkException(provider, OptionalInt.empty(), "cannot connect: " + detail, attempt, e);
        }
        return new ProviderNetworkException(provider, OptionalInt.empty(), detail, attempt, e);
    }

    ProviderTimeoutException deadlinePassed(Duration deadline, int attempts) {
        return new ProviderTimeoutException(
                provider,
                OptionalInt.empty(),
                "the total deadline of " + deadline + " passed before attempt " + (attempts + 1),
                attempts,
                null);
    }

    MalformedResponseException malformed(String detail, Throwable cause) {
        return new MalformedResponseException(provider, OptionalInt.empty(), scrub(detail), 1, cause);
    }

    /** An {@code error} object sent inside an SSE stream after the 200 status. */
    UpstreamServerException streamError(JsonNode error) {
        String message =
                error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
        return new UpstreamServerException(
                provider, OptionalInt.empty(), scrub("error inside the stream: " + message), 1, null);
    }

    /** A Responses API object with {@code status: failed}, answered with 200. */
    UpstreamServerException failedResponse(JsonNode error) {
        String message =
                error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
        return new UpstreamServerException(
                provider, OptionalInt.empty(), scrub("the upstream response failed: " + message), 1, null);
    }

    /** A request this provider's wire cannot carry; nothing was sent. */
    BadRequestException cannotSend(String detail) {
        return new BadRequestException(provider, OptionalInt.empty(), scrub(detail), 1, null);
    }

    ProviderNetworkException streamCutOff(String detail, Throwable cause) {
        return new ProviderNetworkException(provider, OptionalInt.empty(), scrub(detail), 1, cause);
    }

    /**
     * The wait the upstream asked for: {@code retry-after-ms} (OpenAI), else {@code Retry-After}
     * as delay-seconds or an HTTP date (RFC 9110), relative to the injected clock.
     */
    Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                double v = Double.parseDouble(ms.get().strip());
                if (v >= 0 && Double.isFinite(v)) {
                    return Optional.of(Duration.ofNanos((long) (v * 1_000_000)));
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return headers.firstValue("retry-after").flatMap(this::parseRetryAfter);
    }

    Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds >= 0 && Double.isFinite(seconds)) {
                return Optional.of(Duration.ofNanos((long) (seconds * 1_000_000_000L)));
            }
            return Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** The upstream's {@code error.message} (OpenAI, vLLM, Ollama) or the body itself, shortened. */
    static Optional<String> upstreamMessage(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root.path("error");
            if (error.isTextual()) {
                return Optional.of(shorten(error.asText()));
            }
            if (error.path("message").isTextual()) {
                return Optional.of(shorten(error.path("message").asText()));
            }
            if (root.path("message").isTextual()) {
                return Optional.of(shorten(root.path("message").asText()));
            }
            if (root.path("detail").isTextual()) {
                return Optional.of(shorten(root.path("detail").asText()));
            }
        } catch (IOException notJson) {
            // a proxy's HTML page or plain text: show it as it is
        }
        return Optional.of(shorten(body.strip()));
    }

    /** The upstream's {@code error.code} or {@code error.type}, else "". */
    static String upstreamCode(String body) {
        try {
            JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
            return error.path("code").isTextual()
                    ? error.path("code").asText()
                    : error.path("type").asText("");
        } catch (IOException notJson) {
            return "";
        }
    }

    String scrub(String text) {
        return apiKey.filter(k -> !k.isEmpty())
                .map(k -> text.replace(k, "[REDACTED:API_KEY]"))
                .orElse(text);
    }

    private static String shorten(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL) + "…";
    }
}
