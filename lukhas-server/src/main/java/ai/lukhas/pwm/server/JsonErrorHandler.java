package ai.lukhas.pwm.server;

import ai.lukhas.pwm.server.http.OpenAiErrors;
import ai.lukhas.pwm.server.http.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors, which happen before Javalin sees a request (a URI over the size limit: 414,
 * headers too large: 431, bad percent-encoding or a malformed {@code Content-Length}: 400), answered
 * as JSON instead of Jetty's HTML page: problem+json, or the OpenAI error body on the OpenAI routes.
 * When the request line itself could not be read the route is unknown; the body then carries both
 * (the problem fields and an OpenAI {@code error} object).
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        Optional<String> path = path(request);
        Problem problem = problem(status, message == null ? null : message.toString(), path.orElse(""));
        boolean openAi = path.map(OpenAiErrors::isOpenAiRoute).orElse(false);
        String body = openAi ? OpenAiErrors.render(problem, Optional.empty()) : render(problem);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, openAi ? "application/json" : Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    static Problem problem(int status, String reason, String path) {
        int s = status < 400 || status > 599 ? 400 : status;
        String title = Optional.ofNullable(HttpStatus.getMessage(s)).orElse("Error");
        String detail =
                switch (s) {
                    case 414 -> "the request URI is longer than the server accepts; send parameters in the body";
                    case 431 -> "the request headers are larger than the server accepts; send fewer or shorter headers";
                    case 503 ->
                        "the gateway is handling as many requests at once as it is configured for (server.threads:"
                                + " platform) and none finished in time; retry later";
                    case 400 ->
                        "the HTTP request is malformed (" + safe(reason)
                                + "); check the request line, percent-encoding and Content-Length";
                    default -> "the HTTP request was refused: " + safe(reason);
                };
        return Problem.of(s, title, detail).withInstance(path);
    }

    private static Optional<String> path(Request request) {
        try {
            return Optional.ofNullable(request.getHttpURI())
                    .map(u -> u.getPath())
                    .filter(p -> p != null);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String safe(String reason) {
        if (reason == null || reason.isBlank()) {
            return "no detail";
        }
        String r = reason.length() > 100 ? reason.substring(0, 100) + "…" : reason;
        return r.replaceAll("\\p{Cntrl}", "?");
    }

    private static String render(Problem p) {
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always renders as JSON", e);
        }
    }
}
