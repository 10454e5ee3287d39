package ai.lukhas.pwm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --url} and {@code --key}: the management API of a running gateway, for commands that act on
 * the server rather than on files ({@code flags}, {@code flags set|clear}). Defaults come from
 * {@code $LUKHAS_URL} and {@code $LUKHAS_API_KEY}; a keyless loopback server needs no key.
 */
final class AdminApi {
    static final String URL_VARIABLE = "LUKHAS_URL";
    static final String KEY_VARIABLE = "LUKHAS_API_KEY";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "A running gateway, e.g. http://127.0.0.1:8080 (default: $LUKHAS_URL).")
    Optional<String> url = Optional.empty();

    @Option(
            names = "--key",
            paramLabel = "KEY",
            description = "Admin API key for --url (default: $LUKHAS_API_KEY; none for a keyless loopback server).")
    Optional<String> key = Optional.empty();

    /** The server to talk to, from {@code --url} or the environment, if any. */
    Optional<URI> server(Map<String, String> env) {
        return url.or(() -> Optional.ofNullable(env.get(URL_VARIABLE)).filter(s -> !s.isBlank()))
                .map(u -> {
                    String base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
                    if (!base.startsWith("http://") && !base.startsWith("https://")) {
                        throw CliException.badInput("--url must start with http:// or https://, but was '" + u + "'");
                    }
                    return URI.create(base);
                });
    }

    /**
     * Sends one request to {@code server + path} and returns the JSON answer; a problem answer or an
     * unreachable server is a {@link CliException} with the server's own {@code detail}.
     */
    JsonNode send(URI server, Map<String, String> env, String method, String path, Optional<String> body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body.map(s -> HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8))
                                .orElse(HttpRequest.BodyPublishers.noBody()));
        key.or(() -> Optional.ofNullable(env.get(KEY_VARIABLE)).filter(s -> !s.isBlank()))
                .ifPresent(k -> b.header("Authorization", "Bearer " + k));
        body.ifPresent(x -> b.header("Content-Type", "application/json"));
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            if (r.statusCode() / 100 != 2) {
                String detail = answer.path("detail").asText(r.body());
                throw new CliException(1, method + " " + server + path + " answered " + r.statusCode() + ": " + detail);
            }
            return answer;
        } catch (ConnectException e) {
            throw new CliException(
                    1, "no gateway answers at " + server + " (is 'bin/lukhas serve' running there? check --url)");
        } catch (IOException e) {
            throw new CliException(1, method + " " + server + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        }
    }
}
