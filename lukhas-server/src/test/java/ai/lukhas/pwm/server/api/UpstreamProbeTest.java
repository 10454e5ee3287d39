package ai.lukhas.pwm.server.api;

import static ai.lukhas.pwm.server.api.TestGateway.ok;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.provider.UpstreamCheck;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for issue #20: {@code /readyz} answered "ready" while every chat request failed with 502
 * (upstream down). It reports the upstream, checked at most once per 10 s on the injected clock.
 */
class UpstreamProbeTest {
    @TempDir
    Path dir;

    @Test
    void theCheckRunsAtMostOncePerIntervalAndTheCachedAnswerIsServedInBetween() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        AtomicInteger checks = new AtomicInteger();
        UpstreamProbe probe = UpstreamProbe.of(
                "openai-compatible",
                () -> checks.incrementAndGet() == 1
                        ? UpstreamCheck.unreachable("cannot connect: refused")
                        : UpstreamCheck.reachable("GET /models answered 200"),
                clock);

        for (int i = 0; i < 50; i++) {
            assertThat(probe.current().check().reachable()).isFalse();
        }
        clock.advance(UpstreamProbe.INTERVAL.minusMillis(1));
        assertThat(probe.current().check().detail()).isEqualTo("cannot connect: refused");
        assertThat(checks).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        UpstreamProbe.Result fresh = probe.current();
        assertThat(fresh.check().reachable()).isTrue();
        assertThat(fresh.checkedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:10Z"));
        assertThat(checks).hasValue(2);
    }

    @Test
    void readyzIsDegradedWhileTheUpstreamIsDownAndReadyWhenItAnswers() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger status = new AtomicInteger(503);
        AtomicInteger asked = new AtomicInteger();
        upstream.createContext("/v1/models", ex -> {
            asked.incrementAndGet();
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        upstream.start();
        try (TestGateway gw = new TestGateway(
                Files.createDirectories(dir.resolve("gw")),
                "upstream: {url: \"http://127.0.0.1:" + upstream.getAddress().getPort()
                        + "/v1\", api_key: sk-test-upstream-0000000000}\n")) {
            JsonNode down = ok(gw.send("GET", "/readyz", Optional.empty(), Optional.empty()), 200);
            assertThat(down.path("status").asText()).isEqualTo("degraded");
            assertThat(down.path("checks").path("upstream").asText()).isEqualTo("unreachable");
            assertThat(down.path("upstream").path("detail").asText()).contains("503");
            assertThat(down.path("upstream").path("provider").asText()).isEqualTo("openai-compatible");

            status.set(200);
            ok(gw.send("GET", "/readyz", Optional.empty(), Optional.empty()), 200);
            assertThat(asked).as("cached for 10 s").hasValue(1);
            gw.clock.advance(UpstreamProbe.INTERVAL);
            JsonNode up = ok(gw.send("GET", "/readyz", Optional.empty(), Optional.empty()), 200);
            assertThat(up.path("status").asText()).isEqualTo("ready");
            assertThat(up.path("checks").path("upstream").asText()).isEqualTo("ok");
            assertThat(asked).hasValue(2);
        } finally {
            upstream.stop(0);
        }
        try (TestGateway offline = new TestGateway(Files.createDirectories(dir.resolve("offline")))) {
            JsonNode ready = ok(offline.send("GET", "/readyz", Optional.empty(), Optional.empty()), 200);
            assertThat(ready.path("status").asText()).isEqualTo("ready");
            assertThat(ready.path("upstream").path("provider").asText()).isEqualTo("offline");
        }
    }
}
