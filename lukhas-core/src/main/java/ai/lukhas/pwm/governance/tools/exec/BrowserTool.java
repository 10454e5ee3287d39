package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.governance.tools.ToolContext;
import ai.lukhas.pwm.governance.tools.ToolExecutor;
import ai.lukhas.pwm.governance.tools.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The executor of {@code open_url}: an HTTP(S) GET guarded against server-side request forgery. For
 * the URL and for every redirect (at most {@link BrowserPolicy#maxRedirects()}): the scheme must be
 * http or https, the host must pass the domain allowlist, the name is resolved once and every address
 * it resolves to must be public unless allowlisted, and the connection goes to the checked address.
 * HTML is reduced to readable text with jsoup. Refusals are error messages to the model.
 *
 * <pre>{@code registry.executor(CanonicalTool.BROWSER, BrowserTool.create(BrowserPolicy.defaults()),
 *         ExecutionLimits.DEFAULT.withTimeout(Duration.ofSeconds(6)));}</pre>
 */
public final class BrowserTool implements ToolExecutor {
    private static final Pattern CHARSET = Pattern.compile("charset=\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);

    private final BrowserPolicy policy;
    private final List<IpRange> allowedRanges;
    private final HostResolver resolver;

    BrowserTool(BrowserPolicy policy, HostResolver resolver) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.allowedRanges =
                policy.allowedAddresses().stream().map(IpRange::parse).toList();
    }

    /** A browser using the system resolver. */
    public static BrowserTool create(BrowserPolicy policy) {
        return new BrowserTool(policy, HostResolver.SYSTEM);
    }

    @Override
    public ToolOutcome execute(JsonNode arguments, ToolContext context) {
        return fetch(arguments.path("url").asText());
    }

    ToolOutcome fetch(String url) {
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return refused("url: expected an absolute http or https URL, but was '" + clip(url) + "'");
        }
        for (int hop = 0; ; hop++) {
            Optional<String> problem = checkTarget(uri);
            if (problem.isPresent()) {
                return refused(problem.get());
            }
            String host = bare(uri.getHost());
            List<InetAddress> addresses;
            try {
                addresses = resolver.resolve(host);
            } catch (UnknownHostException e) {
                return refused("cannot resolve host '" + host + "'");
            }
            if (addresses.isEmpty()) {
                return refused("cannot resolve host '" + host + "'");
            }
            for (InetAddress a : addresses) {
                Optional<String> kind = AddressClass.nonPublic(a);
                if (kind.isPresent() && allowedRanges.stream().noneMatch(r -> r.contains(a))) {
                    return refused("refused " + uri + ": host '" + host + "' resolves to " + a.getHostAddress() + ", a "
                            + kind.get() + " address that is not allowlisted");
                }
            }
            PinnedHttp.Response response;
            try {
                response = PinnedHttp.get(uri, addresses.getFirst(), policy.maxBytes(), deadline);
            } catch (PinnedHttp.TimedOut e) {
                return refused("fetching " + uri + " took longer than "
                        + policy.timeout().toMillis() + " ms: " + e.getMessage());
            } catch (IOException e) {
                return refused("fetching " + uri + " failed: " + e.getMessage());
            }
            int status = response.status();
            if (status / 100 == 3 && response.header("location").isPresent()) {
                if (hop >= policy.maxRedirects()) {
                    return refused("too many redirects: more than " + policy.maxRedirects() + " starting at " + url);
                }
                try {
                    uri = uri.resolve(new URI(response.header("location").get().strip()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return refused("redirect from " + uri + " to an invalid URL '"
                            + clip(response.header("location").get()) + "'");
                }
                continue;
            }
            if (status >= 400) {
                return refused("HTTP " + status + " from " + uri);
            }
            return render(uri, response);
        }
    }

    /** Scheme, credentials and domain allowlist; the address check follows resolution. */
    private Optional<String> checkTarget(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("url: only http and https URLs may be opened, but the scheme was '"
                    + (scheme.isEmpty() ? "(none)" : scheme) + "' in '" + clip(uri.toString()) + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("url: expected a URL with a host name, but was '" + clip(uri.toString()) + "'");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url: URLs with credentials (user@host) are refused: '" + clip(uri.toString()) + "'");
        }
        if (policy.allowedDomains().isPresent()) {
            String host = bare(uri.getHost()).toLowerCase(Locale.ROOT);
            String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            boolean allowed = policy.allowedDomains().get().stream().anyMatch(d -> h.equals(d) || h.endsWith("." + d));
            if (!allowed) {
                return Optional.of("host '" + h + "' is not in the browser's domain allowlist");
            }
        }
        return Optional.empty();
    }

    private ToolOutcome render(URI uri, PinnedHttp.Response response) {
        String type = response.header("content-type").orElse("text/html").toLowerCase(Locale.ROOT);
        Charset charset = charset(type);
        String body = new String(response.body(), charset);
        String note = response.truncated() ? "\n[page truncated at " + policy.maxBytes() + " bytes]" : "";
        if (type.startsWith("text/html") || type.startsWith("application/xhtml")) {
            Document doc = Jsoup.parse(body, uri.toString());
            doc.select("script, style, noscript, template, svg, iframe, object").remove();
            String title = doc.title().strip();
            String text = doc.body() == null ? "" : doc.body().text();
            return new ToolOutcome.Output(
                    "URL: " + uri + "\n" + (title.isEmpty() ? "" : "Title: " + title + "\n") + "\n" + text + note);
        }
        if (type.startsWith("text/")
                || type.startsWith("application/json")
                || type.contains("+json")
                || type.startsWith("application/xml")
                || type.contains("+xml")) {
            return new ToolOutcome.Output("URL: " + uri + "\n\n" + body + note);
        }
        return refused("unsupported content type '" + clip(type) + "' at " + uri + " (only text, HTML, JSON and XML)");
    }

    private static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (m.find()) {
            try {
                return Charset.forName(m.group(1));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static ToolOutcome refused(String message) {
        return new ToolOutcome.Error(message);
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
