package ai.lukhas.pwm.governance.tools.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.tools.ToolOutcome;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SSRF protection of open_url, against a real HTTP server on 127.0.0.1. */
class BrowserToolTest {
    private HttpServer server;
    private int port;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        port = server.getAddress().getPort();
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/page" -> respond(exchange, 200, "text/html; charset=utf-8", """
                        <html><head><title>Refund policy</title><style>p{color:red}</style></head>
                        <body><p>Refunds are paid within <b>14 days</b>.</p>
                        <script>secret_token = 'do-not-leak'</script></body></html>""");
                case "/plain" -> respond(exchange, 200, "text/plain", "just text");
                case "/big" -> respond(exchange, 200, "text/plain", "x".repeat(10_000));
                case "/binary" -> respond(exchange, 200, "application/octet-stream", "\u0000\u0001");
                case "/missing" -> respond(exchange, 404, "text/plain", "no");
                case "/to-private" -> redirect(exchange, "http://10.20.30.40/admin");
                case "/to-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
                case "/to-file" -> redirect(exchange, "file:///etc/passwd");
                case "/to-page" -> redirect(exchange, "/page");
                case "/loop" -> redirect(exchange, "/loop");
                case "/chunked" -> {
                    exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                    exchange.sendResponseHeaders(200, 0); // length 0 = chunked transfer encoding
                    for (int i = 0; i < 50; i++) {
                        exchange.getResponseBody().write(("chunk " + i + " ü\n").getBytes(StandardCharsets.UTF_8));
                        exchange.getResponseBody().flush();
                    }
                    exchange.close();
                }
                default -> respond(exchange, 404, "text/plain", "unknown");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static BrowserTool browser(BrowserPolicy policy) {
        return new BrowserTool(policy.withTimeout(Duration.ofSeconds(10)), HostResolver.SYSTEM);
    }

    private static BrowserPolicy loopbackAllowed() {
        return BrowserPolicy.defaults().withAllowedAddresses(List.of("127.0.0.1/32"));
    }

    @Test
    void loopbackIsRefusedByDefaultAndNothingIsSent() {
        ToolOutcome outcome = browser(BrowserPolicy.defaults()).fetch(url("/page"));

        assertThat(outcome).isInstanceOf(ToolOutcome.Error.class);
        assertThat(outcome.text()).contains("127.0.0.1", "loopback", "not allowlisted");
        assertThat(requests).isEmpty();
    }

    @Test
    void loopbackIsFetchedWhenAllowlistedAndHtmlBecomesReadableText() {
        ToolOutcome outcome = browser(loopbackAllowed()).fetch(url("/page"));

        assertThat(outcome).isInstanceOf(ToolOutcome.Output.class);
        assertThat(outcome.text())
                .contains("Title: Refund policy")
                .contains("Refunds are paid within 14 days.")
                .doesNotContain("do-not-leak")
                .doesNotContain("color:red")
                .doesNotContain("<p>");
        assertThat(requests).containsExactly("/page");
    }

    @Test
    void redirectToAPrivateAddressIsRefusedBeforeConnecting() {
        ToolOutcome outcome = browser(loopbackAllowed()).fetch(url("/to-private"));

        assertThat(outcome).isInstanceOf(ToolOutcome.Error.class);
        assertThat(outcome.text()).contains("10.20.30.40", "private", "not allowlisted");
        assertThat(requests).containsExactly("/to-private");
    }

    @Test
    void redirectToTheMetadataServiceIsRefused() {
        ToolOutcome outcome = browser(loopbackAllowed()).fetch(url("/to-metadata"));

        assertThat(outcome.text()).contains("169.254.169.254", "cloud metadata");
    }

    @Test
    void redirectToANonHttpSchemeIsRefused() {
        ToolOutcome outcome = browser(loopbackAllowed()).fetch(url("/to-file"));

        assertThat(outcome).isInstanceOf(ToolOutcome.Error.class);
        assertThat(outcome.text()).contains("only http and https", "'file'");
    }

    @Test
    void anAllowedRedirectIsFollowedAndRechecked() {
        ToolOutcome outcome = browser(loopbackAllowed()).fetch(url("/to-page"));

        assertThat(outcome.text()).contains("Refunds are paid within 14 days.");
        assertThat(requests).containsExactly("/to-page", "/page");
    }

    @Test
    void atMostThreeRedirectsAreFollowed() {
        ToolOutcome outcome = browser(loopbackAllowed()).fetch(url("/loop"));

        assertThat(outcome.text()).contains("too many redirects");
        assertThat(requests).hasSize(4); // the first request and three redirects
    }

    @Test
    void nonHttpSchemesAreRefused() {
        for (String bad :
                List.of("file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:11211/", "jar:x!/")) {
            assertThat(browser(loopbackAllowed()).fetch(bad).text()).contains("only http and https");
        }
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThat(browser(loopbackAllowed())
                        .fetch("http://user:pw@127.0.0.1:" + port + "/page")
                        .text())
                .contains("credentials");
        assertThat(requests).isEmpty();
    }

    @Test
    void aNameResolvingToAPrivateAddressIsRefused() {
        HostResolver dns = resolver(Map.of("intranet.test", "192.168.1.10"));
        ToolOutcome outcome = new BrowserTool(BrowserPolicy.defaults(), dns).fetch("http://intranet.test/");

        assertThat(outcome.text()).contains("intranet.test", "192.168.1.10", "private");
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsNotPublic() {
        HostResolver dns = host -> host.equals("mixed.test")
                ? List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("127.0.0.1"))
                : HostResolver.SYSTEM.resolve(host);
        ToolOutcome outcome = new BrowserTool(BrowserPolicy.defaults(), dns).fetch("http://mixed.test/");

        assertThat(outcome.text()).contains("127.0.0.1", "loopback");
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWhileTheHostHeaderKeepsTheName() {
        HostResolver dns = resolver(Map.of("docs.example.test", "127.0.0.1"));
        ToolOutcome outcome = new BrowserTool(loopbackAllowed().withTimeout(Duration.ofSeconds(10)), dns)
                .fetch("http://docs.example.test:" + port + "/plain");

        assertThat(outcome.text()).contains("just text");
        assertThat(hostHeaders).containsExactly("docs.example.test:" + port);
    }

    @Test
    void ipv6AndEmbeddedIpv4FormsOfLoopbackAreRefused() {
        for (String url : List.of(
                "http://[::1]:" + port + "/page",
                "http://[::ffff:127.0.0.1]:" + port + "/page",
                "http://2130706433:" + port + "/page",
                "http://0.0.0.0:" + port + "/page")) {
            ToolOutcome outcome = browser(BrowserPolicy.defaults()).fetch(url);
            assertThat(outcome).as(url).isInstanceOf(ToolOutcome.Error.class);
            assertThat(outcome.text()).as(url).containsAnyOf("loopback", "unspecified", "cannot resolve");
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void theDomainAllowlistRefusesOtherHosts() {
        HostResolver dns = resolver(Map.of("docs.example.test", "127.0.0.1", "evil.test", "127.0.0.1"));
        BrowserPolicy policy =
                loopbackAllowed().withAllowedDomains(Set.of("example.test")).withTimeout(Duration.ofSeconds(10));

        assertThat(new BrowserTool(policy, dns)
                        .fetch("http://docs.example.test:" + port + "/plain")
                        .text())
                .contains("just text");
        assertThat(new BrowserTool(policy, dns)
                        .fetch("http://evil.test:" + port + "/plain")
                        .text())
                .contains("'evil.test' is not in the browser's domain allowlist");
    }

    @Test
    void theBodyIsCutAtTheSizeCap() {
        ToolOutcome outcome = browser(loopbackAllowed().withMaxBytes(1_000)).fetch(url("/big"));

        assertThat(outcome.text()).contains("x".repeat(1_000)).doesNotContain("x".repeat(1_001));
        assertThat(outcome.text()).contains("[page truncated at 1000 bytes]");
    }

    @Test
    void aChunkedBodyIsDecodedAndCutAtTheSizeCap() {
        ToolOutcome whole = browser(loopbackAllowed()).fetch(url("/chunked"));
        ToolOutcome cut = browser(loopbackAllowed().withMaxBytes(100)).fetch(url("/chunked"));

        assertThat(whole.text())
                .contains("chunk 0 ü\nchunk 1 ü\n")
                .contains("chunk 49 ü")
                .doesNotContain("truncated");
        assertThat(cut.text())
                .contains("chunk 0 ü")
                .doesNotContain("chunk 49")
                .contains("[page truncated at 100 bytes]");
    }

    @Test
    void httpErrorsAndBinaryContentAreErrorsForTheModel() {
        assertThat(browser(loopbackAllowed()).fetch(url("/missing")).text()).contains("HTTP 404");
        assertThat(browser(loopbackAllowed()).fetch(url("/binary")).text()).contains("unsupported content type");
    }

    @Test
    void addressRangesAreValidatedAtConfigurationTime() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> BrowserPolicy.defaults().withAllowedAddresses(List.of("localhost")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'localhost'");
    }

    private static HostResolver resolver(Map<String, String> names) {
        return host -> {
            String ip = names.get(host);
            if (ip == null) {
                throw new UnknownHostException(host);
            }
            return List.of(InetAddress.getByName(ip));
        };
    }
}
