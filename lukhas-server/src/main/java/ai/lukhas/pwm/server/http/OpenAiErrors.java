package ai.lukhas.pwm.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Errors on the OpenAI-compatible routes ({@code /v1/chat/completions}, {@code /v1/responses},
 * {@code /v1/models}, {@code /v1/embeddings}) in the body OpenAI SDKs read:
 * {@code {"error": {"message", "type", "param", "code"}}}, served as {@code application/json} with the
 * status OpenAI uses (a value problem is 400 there, never 422). The RFC 9457 fields ({@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, {@code errors}) are kept alongside,
 * so a client that reads problems still finds them. Management routes keep problem+json.
 *
 * <p>The server renders every {@link ProblemException} through {@link #render} when
 * {@link #isOpenAiRoute} holds for the path, including the refusals of filters that run before any
 * route (authentication, rate limit, content type, body size) and the 404/405 of unknown routes.
 *
 * <pre>{@code
 * throw OpenAiErrors.invalid("stop", "must have at most 4 items, but had 5");
 * // 400 {"error":{"message":"stop must have at most 4 items, but had 5","type":"invalid_request_error",
 * //              "param":"stop","code":"invalid_value"}, "status":400, ...}
 * }</pre>
 */
public final class OpenAiErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROUTES =
            List.of("/v1/chat/completions", "/v1/responses", "/v1/models", "/v1/embeddings");

    private OpenAiErrors() {}

    /** A problem with an explicit OpenAI {@code code} (e.g. {@code model_not_found}). */
    public static final class Coded extends ProblemException {
        private final String code;

        public Coded(Problem problem, String code) {
            super(problem);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Whether {@code path} is one of the OpenAI-compatible routes (or below one, e.g. {@code /v1/models/x}). */
    public static boolean isOpenAiRoute(String path) {
        for (String r : ROUTES) {
            if (path.equals(r) || path.startsWith(r + "/")) {
                return true;
            }
        }
        return false;
    }

    /** 400 {@code invalid_request_error} naming {@code param} (a JSON path such as {@code tools[3].function.name}). */
    public static ProblemException invalid(String param, String message) {
        return new Coded(
                Problem.of(400, "Invalid request", param + " " + message)
                        .withErrors(List.of(new Problem.FieldError(param, message))),
                "invalid_value");
    }

    /** The status an OpenAI client gets for {@code problem}: 422 becomes 400 (OpenAI has no 422). */
    public static int status(Problem problem) {
        return problem.status() == 422 ? 400 : problem.status();
    }

    /** The OpenAI error body for {@code problem}, with the problem's own fields alongside. */
    public static ObjectNode body(Problem problem, Optional<String> code) {
        int status = status(problem);
        ObjectNode root = JSON.valueToTree(problem);
        root.put("status", status);
        ObjectNode error = JSON.createObjectNode();
        error.put("message", problem.detail());
        error.put("type", type(status));
        Optional<String> param =
                problem.errors().stream().map(Problem.FieldError::field).findFirst();
        if (param.isPresent()) {
            error.put("param", param.get());
        } else {
            error.putNull("param");
        }
        Optional<String> c = code.or(() -> defaultCode(status, problem));
        if (c.isPresent()) {
            error.put("code", c.get());
        } else {
            error.putNull("code");
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("error", error);
        out.setAll(root);
        return out;
    }

    /** The body as JSON text. */
    public static String render(Problem problem, Optional<String> code) {
        try {
            return JSON.writeValueAsString(body(problem, code));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always renders", e);
        }
    }

    /** OpenAI's error {@code type} for an HTTP status. */
    static String type(int status) {
        return switch (status) {
            case 401 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 404 -> "invalid_request_error";
            case 429 -> "requests";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static Optional<String> defaultCode(int status, Problem problem) {
        return Optional.ofNullable(
                switch (status) {
                    case 400 ->
                        problem.errors().stream().anyMatch(e -> e.message().startsWith("unknown field"))
                                ? "unknown_parameter"
                                : problem.errors().isEmpty() ? null : "invalid_value";
                    case 401 -> "invalid_api_key";
                    case 403 -> "permission_denied";
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    case 408 -> "request_timeout";
                    case 413 -> "request_too_large";
                    case 414 -> "uri_too_long";
                    case 415 -> "unsupported_media_type";
                    case 429 -> "rate_limit_exceeded";
                    case 431 -> "request_header_fields_too_large";
                    case 502 -> "upstream_error";
                    case 503 -> "service_unavailable";
                    case 504 -> "upstream_timeout";
                    default -> status >= 500 ? "internal_error" : null;
                });
    }
}
