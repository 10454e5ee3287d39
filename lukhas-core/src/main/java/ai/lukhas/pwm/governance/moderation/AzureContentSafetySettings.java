package ai.lukhas.pwm.governance.moderation;

import ai.lukhas.pwm.check.Checks;
import java.net.URI;
import java.time.Duration;

/**
 * Where and how to call Azure AI Content Safety's text analysis.
 *
 * <pre>{@code
 * new AzureContentSafetySettings(URI.create("https://my-resource.cognitiveservices.azure.com"), key,
 *         "2024-09-01", Duration.ofSeconds(2));
 * }</pre>
 *
 * @param endpoint the resource endpoint; the provider posts to {@code <endpoint>/contentsafety/text:analyze}
 * @param apiKey sent as {@code Ocp-Apim-Subscription-Key}
 * @param apiVersion the {@code api-version} query parameter, e.g. {@code 2024-09-01}
 */
public record AzureContentSafetySettings(URI endpoint, String apiKey, String apiVersion, Duration timeout) {
    public AzureContentSafetySettings {
        Checks.nonNull("endpoint, apiKey, apiVersion, timeout", endpoint, apiKey, apiVersion, timeout);
        GuardHttp.checkUrl(endpoint, "content safety endpoint");
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("content safety needs an API key, but it was empty");
        }
        if (!apiVersion.matches("\\d{4}-\\d{2}-\\d{2}(?:-preview)?")) {
            throw new IllegalArgumentException(
                    "content safety api version must look like 2024-09-01, but was '" + apiVersion + "'");
        }
        GuardHttp.checkTimeout(timeout, "content safety timeout");
    }

    @Override
    public String toString() {
        return "AzureContentSafetySettings[endpoint=" + endpoint + ", apiKey=***, apiVersion=" + apiVersion
                + ", timeout=" + timeout + "]";
    }
}
