package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to call an OpenAI-compatible moderation endpoint.
 *
 * <pre>{@code
 * new OpenAiModerationSettings(URI.create("https://api.openai.com"), Optional.of(key),
 *         "omni-moderation-latest", Duration.ofSeconds(2));
 * }</pre>
 *
 * @param baseUrl the server root; the provider posts to {@code <baseUrl>/v1/moderations}
 * @param apiKey sent as {@code Authorization: Bearer <key>} when present
 * @param timeout for connecting and for the whole response; a timeout fails closed
 */
public record OpenAiModerationSettings(URI baseUrl, Optional<String> apiKey, String model, Duration timeout) {
    public OpenAiModerationSettings {
        Checks.nonNull("baseUrl, apiKey, model, timeout", baseUrl, apiKey, model, timeout);
        GuardHttp.checkUrl(baseUrl, "moderation baseUrl");
        if (model.isBlank()) {
            throw new IllegalArgumentException("moderation model must not be blank");
        }
        GuardHttp.checkTimeout(timeout, "moderation timeout");
    }

    /** The endpoint URL, {@code <baseUrl>/v1/moderations}. */
    public URI endpoint() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/moderations");
    }

    @Override
    public String toString() {
        return "OpenAiModerationSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isPresent() ? "***" : "none")
                + ", model=" + model + ", timeout=" + timeout + "]";
    }
}
