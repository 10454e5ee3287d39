package ai.lukhas.pwm.governance.tools.exec;

import ai.lukhas.pwm.check.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the {@code open_url} tool may fetch. By default: any public http(s) address, at most 3
 * redirects, 1 MiB and 5 s per page. Loopback, private, link-local, metadata and other non-public
 * addresses are refused unless a range covering them is listed in {@code allowedAddresses}.
 *
 * <pre>{@code
 * BrowserPolicy.defaults()
 *         .withAllowedDomains(Set.of("docs.example.com"))
 *         .withAllowedAddresses(List.of("10.1.0.0/16")); // an intranet wiki, explicitly
 * }</pre>
 *
 * @param allowedDomains when present, only these hosts and their subdomains may be fetched
 * @param allowedAddresses non-public address ranges (CIDR) that may nevertheless be reached
 * @param maxRedirects redirects followed, each re-checked; 0 to 3
 * @param maxBytes bytes of body read; the rest is dropped and the output marked truncated
 * @param timeout time for the whole fetch, redirects included
 */
public record BrowserPolicy(
        Optional<Set<String>> allowedDomains,
        List<String> allowedAddresses,
        int maxRedirects,
        long maxBytes,
        Duration timeout) {

    public BrowserPolicy {
        Checks.nonNull("allowedDomains, allowedAddresses, timeout", allowedDomains, allowedAddresses, timeout);
        allowedDomains = allowedDomains.map(BrowserPolicy::normaliseDomains);
        allowedAddresses = List.copyOf(allowedAddresses);
        allowedAddresses.forEach(IpRange::parse); // fail at configuration time, naming the bad entry
        Checks.inRange(maxRedirects, 0, 3, "maxRedirects");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, but was " + maxBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
    }

    public static BrowserPolicy defaults() {
        return new BrowserPolicy(Optional.empty(), List.of(), 3, 1024 * 1024, Duration.ofSeconds(5));
    }

    public BrowserPolicy withAllowedDomains(Set<String> domains) {
        return new BrowserPolicy(Optional.of(domains), allowedAddresses, maxRedirects, maxBytes, timeout);
    }

    public BrowserPolicy withAllowedAddresses(List<String> cidrs) {
        return new BrowserPolicy(allowedDomains, cidrs, maxRedirects, maxBytes, timeout);
    }

    public BrowserPolicy withMaxBytes(long bytes) {
        return new BrowserPolicy(allowedDomains, allowedAddresses, maxRedirects, bytes, timeout);
    }

    public BrowserPolicy withTimeout(Duration newTimeout) {
        return new BrowserPolicy(allowedDomains, allowedAddresses, maxRedirects, maxBytes, newTimeout);
    }

    public BrowserPolicy withMaxRedirects(int redirects) {
        return new BrowserPolicy(allowedDomains, allowedAddresses, redirects, maxBytes, timeout);
    }

    private static Set<String> normaliseDomains(Set<String> domains) {
        return domains.stream()
                .map(d -> {
                    String n = d.strip().toLowerCase(Locale.ROOT);
                    n = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
                    if (n.isEmpty() || n.contains("/") || n.contains("*")) {
                        throw new IllegalArgumentException(
                                "allowed domain must be a host name such as example.com (subdomains are included), but was '"
                                        + d + "'");
                    }
                    return n;
                })
                .collect(Collectors.toUnmodifiableSet());
    }
}
