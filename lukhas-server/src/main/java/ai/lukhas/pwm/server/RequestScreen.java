package ai.lukhas.pwm.server;

import ai.lukhas.pwm.server.auth.AccessControl;
import ai.lukhas.pwm.server.auth.FailedAuthThrottle;
import ai.lukhas.pwm.server.http.Exchange;
import ai.lukhas.pwm.server.http.ExchangeFilter;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks every request before any route sees it, in this order:
 *
 * <ol>
 *   <li><b>Keyless local mode only</b> (no active API key, every caller is the local admin): the
 *       {@code Host} must be a loopback name ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]},
 *       any port), else 403 — a web page whose DNS name is re-pointed at 127.0.0.1 (DNS rebinding)
 *       cannot reach the gateway; an {@code Origin}, when sent, must be loopback too, else 403 — a
 *       page of another site cannot make the browser send it requests. With keys configured neither
 *       is checked: browsers never attach an {@code Authorization} header on their own, and since
 *       the gateway sends no CORS headers, a browser lets no other origin read a response or send a
 *       non-simple request (that is the browser's job).
 *   <li><b>Failed-authentication throttle</b>: an address that used up its allowance of 401s gets
 *       429 with {@code Retry-After} for any {@code Authorization} header but a key already known to
 *       be valid ({@link FailedAuthThrottle}); each 401 answered is counted after the route.
 *   <li><b>JSON content type</b>: a request with a body to a route that reads one ({@code POST},
 *       {@code PUT}, {@code PATCH}) must say {@code Content-Type: application/json} (or
 *       {@code application/<x>+json}; a charset parameter must be UTF-8), else 415. So a browser's
 *       "simple" cross-site POST ({@code text/plain}, form encodings) never reaches a handler.
 *   <li><b>No compressed body</b>: such a request with a {@code Content-Encoding} other than
 *       {@code identity} is 415 — bodies are read as sent, never inflated (no zip bomb).
 * </ol>
 *
 * <pre>{@code GatewayServer.start(settings, List.of(new RequestScreen(access, throttle), routes));}</pre>
 */
public final class RequestScreen implements ExchangeFilter {
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final Pattern IPV4_LOOPBACK =
            Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){2}");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}");
    private static final String CREATE_KEY = "create an API key with 'lukhas keys create --role admin' and send it as"
            + " 'Authorization: Bearer <key>'";

    private final AccessControl access;
    private final FailedAuthThrottle throttle;

    public RequestScreen(AccessControl access, FailedAuthThrottle throttle) {
        this.access = Objects.requireNonNull(access, "access");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    @Override
    public void before(Exchange ex) {
        if (access.localMode()) {
            checkLocalOrigin(ex.header("Host").orElse(null), ex.header("Origin").orElse(null));
        }
        Optional<String> authorization = ex.header("Authorization");
        if (authorization.isPresent() && !access.isKnownKey(authorization.get())) {
            throttle.check(ex.ip());
        }
        if (BODY_METHODS.contains(ex.method()) && hasBody(ex)) {
            checkJson(ex.method() + " " + ex.path(), ex.header("Content-Type").orElse(null));
            checkIdentity(
                    ex.method() + " " + ex.path(), ex.header("Content-Encoding").orElse(null));
        }
    }

    /** Each 401 answered counts against the client's address. */
    @Override
    public void after(Exchange ex) {
        if (ex.status() == 401) {
            throttle.recordFailure(ex.ip());
        }
    }

    /** 403 unless the Host is a loopback name and the Origin, when present, is a loopback origin. */
    static void checkLocalOrigin(String host, String origin) {
        if (host == null || !isLoopbackAuthority(host.strip())) {
            throw forbidden("the gateway has no API keys, so it answers only requests addressed to a loopback name"
                    + " (localhost, 127.0.0.1, [::1]); Host " + quoted(host) + " is not one, which is how a"
                    + " DNS-rebinding web page would reach it. Use http://127.0.0.1:<port>, or " + CREATE_KEY);
        }
        if (origin != null && !isLoopbackOrigin(origin.strip())) {
            throw forbidden("the gateway has no API keys, so it refuses requests sent by web pages of other sites;"
                    + " Origin " + quoted(origin) + " is not a loopback origin. To call the gateway from other"
                    + " origins, " + CREATE_KEY);
        }
    }

    /** {@code localhost}, an address in 127.0.0.0/8 or {@code [::1]}, each with an optional port. */
    static boolean isLoopbackAuthority(String authority) {
        String host = authority;
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        if (colon > bracket) {
            if (!PORT.matcher(authority.substring(colon)).matches()) {
                return false;
            }
            host = authority.substring(0, colon);
        }
        return host.equalsIgnoreCase("localhost")
                || host.equals("[::1]")
                || IPV4_LOOPBACK.matcher(host).matches();
    }

    /** {@code http://} or {@code https://} followed by a loopback authority and nothing else. */
    static boolean isLoopbackOrigin(String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"http://", "https://"}) {
            if (lower.startsWith(scheme)) {
                return isLoopbackAuthority(origin.substring(scheme.length()));
            }
        }
        return false;
    }

    /** 415 unless the content type is JSON, naming what came and what is expected. */
    static void checkJson(String route, String contentType) {
        Optional<String> problem = jsonProblem(contentType);
        if (problem.isPresent()) {
            throw new ProblemException(Problem.of(
                    415,
                    "Unsupported media type",
                    route + " takes a JSON body: send 'Content-Type: application/json', but " + problem.get()));
        }
    }

    /**
     * 415 for a compressed body: the gateway reads bodies as sent, so a {@code gzip} or {@code deflate}
     * body would be read as JSON text and a small compressed body could not be held to the size limit
     * once inflated (a zip bomb); a client sends the body uncompressed instead.
     */
    static void checkIdentity(String route, String contentEncoding) {
        if (contentEncoding != null
                && !contentEncoding.isBlank()
                && !contentEncoding.strip().equalsIgnoreCase("identity")) {
            throw new ProblemException(Problem.of(
                    415,
                    "Unsupported media type",
                    route + " takes an uncompressed body, but the Content-Encoding was " + quoted(contentEncoding)
                            + "; send the body without compression and without a Content-Encoding header"));
        }
    }

    private static Optional<String> jsonProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Optional.of("no Content-Type was sent");
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            return Optional.of("the Content-Type was " + quoted(contentType));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param.length < 2 ? "" : param[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return Optional.of(
                            "its charset was " + quoted(charset) + " (JSON is UTF-8; send charset=utf-8 or none)");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasBody(Exchange ex) {
        long length = ex.contentLength();
        return length > 0 || (length < 0 && ex.header("Transfer-Encoding").isPresent());
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    /** The client's value in quotes, cut and with control characters replaced, safe to show. */
    private static String quoted(String value) {
        if (value == null) {
            return "(none)";
        }
        String v = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return "'" + v.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
