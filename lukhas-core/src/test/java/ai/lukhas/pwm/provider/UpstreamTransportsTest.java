package ai.lukhas.pwm.provider;

import static ai.lukhas.pwm.provider.FakeUpstream.ok;
import static ai.lukhas.pwm.provider.FakeUpstream.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lukhas.pwm.testing.MutableClock;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What both transports under the OpenAI-compatible provider must keep from the JDK client they
 * replaced, and what a pooled client could get wrong: connections reused, no cookies carried
 * between requests, no redirect followed, a client that leaves stops the upstream at once, TLS
 * verified. {@link UpstreamHttpContractTest} holds the transport's own contract.
 */
class UpstreamTransportsTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String PLAIN = OpenAiCompatibleProviderTest.PLAIN;

    final MutableClock clock = new MutableClock(T0);
    final FakeUpstream upstream = new FakeUpstream();
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        upstream.close();
    }

    LlmProvider provider(URI base, UpstreamHttp http) {
        OpenAiCompatibleProvider p = new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.builder(base)
                        .apiKey("sk-test-key")
                        .retry(RetryPolicy.none(Duration.ofSeconds(30)))
                        .build(),
                clock,
                clock::sleep,
                () -> 0.5,
                http);
        closing.add(p);
        return p;
    }

    LlmProvider provider(URI base, UpstreamTransport transport) {
        return provider(
                base,
                OpenAiCompatibleProvider.transport(OpenAiCompatibleConfig.builder(base)
                        .transport(transport)
                        .build()));
    }

    /** {@code transport} trusting only {@code store}'s certificate. */
    static UpstreamHttp trusting(UpstreamTransport transport, KeyStore store) throws Exception {
        return switch (transport) {
            case JETTY -> new JettyUpstreamHttp(Duration.ofSeconds(5), trusting(store));
            case APACHE -> {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, tmf.getTrustManagers(), null);
                yield new ApacheUpstreamHttp(Duration.ofSeconds(5), tls);
            }
        };
    }

    static ChatRequest ask() {
        return ChatRequest.builder("gpt-4o").user("x").build();
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void sequentialRequestsReuseOneKeptAliveConnection(UpstreamTransport transport) {
        upstream.then(ok(PLAIN));
        LlmProvider provider = provider(upstream.baseUrl(), transport);
        for (int i = 0; i < 3; i++) {
            provider.complete(ask());
        }
        assertThat(upstream.received)
                .extracting(FakeUpstream.Received::remotePort)
                .containsOnly(upstream.received.getFirst().remotePort());
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void aCookieTheUpstreamSetsIsNeverSentBack(UpstreamTransport transport) {
        // one client serves every tenant: a cookie kept from one answer would travel with the next tenant's request
        upstream.then(FakeUpstream.status(200, Map.of("Set-Cookie", "session=tenant-a; Path=/"), PLAIN))
                .then(ok(PLAIN));
        LlmProvider provider = provider(upstream.baseUrl(), transport);
        provider.complete(ask());
        provider.complete(ask());
        assertThat(upstream.received).hasSize(2);
        assertThat(upstream.received.get(1).header("Cookie")).isNull();
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void aRedirectIsNotFollowed(UpstreamTransport transport) {
        upstream.then(FakeUpstream.status(307, Map.of("Location", "http://127.0.0.1:9/v1/chat/completions"), ""));
        assertThatThrownBy(() -> provider(upstream.baseUrl(), transport).complete(ask()))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("unexpected HTTP status 307");
        assertThat(upstream.received).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void theReadinessCheckAsksForTheModelsWithTheKey(UpstreamTransport transport) {
        upstream.then(status(200, "{\"object\":\"list\",\"data\":[]}"))
                .then(status(401, "{\"error\":{\"message\":\"bad key\"}}"));
        LlmProvider provider = provider(upstream.baseUrl(), transport);

        assertThat(provider.check()).isEqualTo(UpstreamCheck.reachable("GET /models answered 200"));
        assertThat(provider.check().reachable()).isFalse();
        assertThat(upstream.received.getFirst().path()).isEqualTo("/v1/models");
        assertThat(upstream.received.getFirst().header("Authorization")).isEqualTo("Bearer sk-test-key");
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void closingAStreamWhileTheUpstreamIsSilentClosesTheConnectionAtOnce(UpstreamTransport transport) throws Exception {
        // the client left: the upstream (still generating, nothing sent yet) must see the connection go now,
        // not when its next token arrives or an idle timeout fires
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Boolean> connectionClosed = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    readRequest(in);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] event = ("data: " + OpenAiCompatibleProviderTest.chunk("{\"content\":\"Ti\"}", null)
                                    + "\n\n")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(event);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    connectionClosed.complete(in.read() == -1);
                } catch (IOException e) {
                    connectionClosed.complete(true); // a reset is a close too
                }
            });
            LlmProvider provider = provider(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1"), transport);

            ChatStream stream = provider.stream(ask());
            assertThat(stream.next()).containsInstanceOf(ChatDelta.Started.class);
            stream.close();

            assertThat(connectionClosed.get(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(UpstreamTransport.class)
    void anHttpsUpstreamIsVerifiedAndThenUsed(UpstreamTransport transport) throws Exception {
        // two self-signed key pairs (keytool, EC, valid until 2126): one for 127.0.0.1, one for upstream.example
        KeyStore local = keyStore("local-upstream.p12");
        KeyStore otherName = keyStore("other-upstream.p12");

        URI localUrl = https(local);
        assertThat(provider(localUrl, trusting(transport, local))
                        .complete(ask())
                        .message()
                        .content())
                .contains("Tides follow the moon.");
        assertThatThrownBy(() -> provider(localUrl, transport).complete(ask()))
                .as("a certificate the JVM does not trust")
                .isInstanceOf(ProviderNetworkException.class)
                .hasRootCauseInstanceOf(CertPathBuilderException.class);
        URI misnamed = https(otherName);
        assertThatThrownBy(
                        () -> provider(misnamed, trusting(transport, otherName)).complete(ask()))
                .as("a trusted certificate for another host name")
                .isInstanceOf(ProviderNetworkException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertificateException.class);
    }

    static final char[] PASSWORD = "changeit".toCharArray();

    static KeyStore keyStore(String resource) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = UpstreamTransportsTest.class.getResourceAsStream(resource)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    /** The JVM's default TLS settings, but trusting only {@code store}'s certificate. */
    static SslContextFactory.Client trusting(KeyStore store) {
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustStore(store);
        return tls;
    }

    /** An https server answering {@link #PLAIN} with the key pair in {@code store}. */
    URI https(KeyStore store) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                byte[] out = PLAIN.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
        closing.add(() -> server.stop(0));
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Reads one request's head and its Content-Length body. */
    static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended in its head");
            }
            head.write(b);
        }
        int length = head.toString(StandardCharsets.US_ASCII)
                .lines()
                .filter(l -> l.regionMatches(true, 0, "Content-Length:", 0, 15))
                .mapToInt(l -> Integer.parseInt(l.substring(15).strip()))
                .findFirst()
                .orElse(0);
        in.readNBytes(length);
    }
}
