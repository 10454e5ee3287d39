package ai.lukhas.pwm.governance.moderation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP exchange every remote moderation provider makes: a JSON POST with a timeout, no redirects, and one
 * way of turning what can go wrong (refused, timed out, non-2xx, malformed JSON) into a {@link
 * ModerationProviderException} that names the endpoint and quotes at most 200 characters of the answer.
 */
final class GuardHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int SNIPPET = 200;

    private final HttpClient client;
    private final Duration timeout;

    GuardHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A remote guard's {@code url} must be http or https; the message starts with {@code what}. */
    static void checkUrl(URI url, String what) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(what + " must be an http or https URL, but was " + url);
        }
    }

    /** {@code timeout} must be positive; the message starts with {@code what}. */
    static void checkTimeout(Duration timeout, String what) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, but was " + timeout);
        }
    }

    /** POSTs {@code body} to {@code endpoint} with {@code headers} and returns the parsed JSON answer. */
    JsonNode postJson(URI endpoint, Map<String, String> headers, JsonNode body) throws ModerationProviderException {
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(http::header);
        HttpResponse<String> response;
        try {
            response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModerationUnavailableException("interrupted while calling " + endpoint, e);
        } catch (IOException e) {
            throw new ModerationUnavailableException("calling " + endpoint + " failed: " + e, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw ModerationProviderException.forStatus(
                    response.statusCode(),
                    endpoint + " answered HTTP " + response.statusCode() + ": " + snippet(response.body()));
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            if (root == null || !root.isObject()) {
                throw new ModerationFailedException(
                        endpoint + " answered with something else than a JSON object: " + snippet(response.body()));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ModerationFailedException(
                    endpoint + " answered with malformed JSON: " + snippet(response.body()), e);
        }
    }

    static String snippet(String body) {
        if (body == null) {
            return "(no body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= SNIPPET ? oneLine : oneLine.substring(0, SNIPPET) + "…";
    }

    /** {@code base} + {@code path}, with exactly one slash between them. */
    static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }
}
