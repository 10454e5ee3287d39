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
        // Read in place (every keyless request passes here; two regular expressions and two substrings
        // cost ~1.5 us): the host is [0, end), an optional port of 1 to 5 ASCII digits follows a colon
        // that comes after any ']'. RequestScreenLoopbackProperties pins it to the regular expressions.
        int end = authority.length();
        int colon = authority.lastIndexOf(':');
        if (colon > authority.lastIndexOf(']')) {
            if (!digits(authority, colon + 1, end, 5)) {
                return false;
            }
            end = colon;
        }
        return (end == LOCALHOST.length() && authority.regionMatches(true, 0, LOCALHOST, 0, end))
                || (end == IPV6_LOOPBACK.length() && authority.startsWith(IPV6_LOOPBACK))
                || isIpv4Loopback(authority, end);
    }

    private static final String LOCALHOST = "localhost";
    private static final String IPV6_LOOPBACK = "[::1]";

    /** {@code s[from, to)} is 1 to {@code max} ASCII digits. */
    private static boolean digits(String s, int from, int to, int max) {
        if (to <= from || to - from > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code s[0, end)} is {@code 127.a.b.c}, each octet 0 to 255 in decimal without a leading zero. */
    private static boolean isIpv4Loopback(String s, int end) {
        if (end < 9 || !s.startsWith("127.")) {
            return false;
        }
        int from = 4;
        for (int octet = 0; octet < 3; octet++) {
            int to = octet < 2 ? s.indexOf('.', from) : end;
            if (to < 0 || to > end || !isOctet(s, from, to)) {
                return false;
            }
            from = to + 1;
        }
        return true;
    }

    private static boolean isOctet(String s, int from, int to) {
        if (!digits(s, from, to, 3) || (to - from > 1 && s.charAt(from) == '0')) {
            return false;
        }
        return Integer.parseInt(s, from, to, 10) <= 255;
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
