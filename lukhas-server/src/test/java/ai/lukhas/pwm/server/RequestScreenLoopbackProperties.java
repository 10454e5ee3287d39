package ai.lukhas.pwm.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestScreen#isLoopbackAuthority} reads the authority in place; it answers exactly as the
 * two regular expressions it replaced (kept here as the reference) for every string.
 */
class RequestScreenLoopbackProperties {
    private static final Pattern IPV4_LOOPBACK =
            Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){2}");
    private static final Pattern PORT = Pattern.compile(":\\d{1,5}");

    /** The reading before: a port pattern, substrings and the IPv4 pattern. */
    static boolean reference(String authority) {
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

    private static void same(String authority) {
        assertThat(RequestScreen.isLoopbackAuthority(authority))
                .as("%s", authority)
                .isEqualTo(reference(authority));
    }

    @Test
    void namedCases() {
        for (String a : List.of(
                "localhost",
                "LOCALHOST",
                "LocalHost:8080",
                "localho\u017ft",
                "localhost:",
                "localhost:123456",
                "localhost:12345",
                "localhost:\u0661",
                "localhost:+1",
                "localhost:-1",
                "localhost.",
                "[::1]",
                "[::1]:443",
                "[::1]:",
                "[::2]",
                "[::1",
                "::1",
                "127.0.0.1",
                "127.0.0.1:18391",
                "127.255.255.255",
                "127.256.0.1",
                "127.00.0.1",
                "127.0.0.01",
                "127.0.0.",
                "127.0.0",
                "127..0.1",
                "127.0.0.1.",
                "127.0.0.1:",
                "127.1.2.3:99999",
                "128.0.0.1",
                "127.0.0.1]",
                "127.0.0.\u0661",
                "127.0.0.1x",
                "",
                ":",
                ":80",
                "127.199.249.250",
                "127.200.251.9",
                "127.0.0.1:0",
                "127.0.0.1:1:2",
                "x]:1",
                "[127.0.0.1]",
                "127.0.0.1 ",
                " 127.0.0.1",
                "127.1.1.1000",
                "127.1.1.255:65535")) {
            same(a);
        }
    }

    /** Dotted quads and names close to loopback ones, with and without ports. */
    @Provide
    Arbitrary<String> nearLoopback() {
        Arbitrary<String> octet = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 300).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(4));
        Arbitrary<String> first = Arbitraries.of("127", "128", "0127", "12", "localhost", "LOCALHOST", "[::1]", "");
        Arbitrary<String> port = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings()
                        .withChars("0123456789")
                        .ofMinLength(0)
                        .ofMaxLength(7)
                        .map(p -> ":" + p),
                Arbitraries.strings()
                        .withChars("0123456789:a]\u0661")
                        .ofMinLength(0)
                        .ofMaxLength(4)
                        .map(p -> ":" + p));
        Arbitrary<String> dotted = Combinators.combine(
                        first, octet, octet, octet, Arbitraries.integers().between(0, 4))
                .as((f, a, b, c, n) -> switch (n) {
                    case 0 -> f;
                    case 1 -> f + "." + a;
                    case 2 -> f + "." + a + "." + b;
                    default -> f + "." + a + "." + b + "." + c;
                });
        return Combinators.combine(dotted, port).as(String::concat);
    }

    @Property(tries = 5000)
    void sameAsTheRegularExpressionsNearLoopback(@ForAll("nearLoopback") String authority) {
        same(authority);
    }

    @Property(tries = 5000)
    void sameAsTheRegularExpressionsOnAnyText(@ForAll("anyAuthority") String authority) {
        same(authority);
    }

    @Provide
    Arbitrary<String> anyAuthority() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withChars("127.0:5[]:1lLocalhOST\u017f\u0131\u212a ")
                        .ofMaxLength(24),
                Arbitraries.strings().ofMaxLength(24));
    }
}
