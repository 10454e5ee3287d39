package ai.lukhas.pwm.governance.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server answering like OpenAI's /v1/moderations. */
class OpenAiModerationProviderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private volatile int status = 200;
    private volatile String answer = "{}";
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/moderations", exchange -> {
            try (exchange) {
                bodies.add(JSON.readTree(exchange.getRequestBody()));
                authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                if (hang) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private Moderator moderator(Duration timeout) {
        return Moderator.create(ModerationProvider.openAiCompatible(
                new OpenAiModerationSettings(base(), Optional.of("sk-test"), "omni-moderation-latest", timeout)));
    }

    private static String openAiResult(boolean flagged, String categories, String scores) {
        return """
                {"id":"modr-1","model":"omni-moderation-latest","results":[{"flagged":%s,
                 "categories":{%s},"category_scores":{%s},
                 "category_applied_input_types":{"violence":["text"]}}]}""".formatted(flagged, categories, scores);
    }

    private static final String ALL_SCORES_LOW = """
            "harassment":0.0001,"harassment/threatening":0.0002,"hate":0.00001,"hate/threatening":0.000001,
            "illicit":0.003,"illicit/violent":0.0001,"self-harm":0.0004,"self-harm/intent":0.0001,
            "self-harm/instructions":0.0002,"sexual":0.0005,"sexual/minors":0.00001,"violence":0.001,
            "violence/graphic":0.0003""";

    @Test
    void postsModelAndInputAndMapsSubCategoriesOntoOurs() {
        answer = openAiResult(
                true,
                "\"violence\":false,\"violence/graphic\":true,\"harassment\":false",
                ALL_SCORES_LOW.replace("\"violence/graphic\":0.0003", "\"violence/graphic\":0.93"));
        ModerationOutcome outcome =
                moderator(Duration.ofSeconds(5)).finalOutput("a gory scene", ModerationPreset.STANDARD);

        assertThat(outcome).isInstanceOf(ModerationOutcome.Flagged.class);
        ModerationVerdict verdict = ((ModerationOutcome.Flagged) outcome).verdict();
        assertThat(verdict.provider()).isEqualTo("openai-moderation");
        assertThat(verdict.flagged()).containsExactly(ModerationCategory.VIOLENCE);
        assertThat(verdict.score(ModerationCategory.VIOLENCE)).isEqualTo(0.93);
        assertThat(verdict.score(ModerationCategory.SELF_HARM)).isEqualTo(0.0004);
        assertThat(verdict.scores())
                .containsOnlyKeys(
                        ModerationCategory.HARASSMENT,
                        ModerationCategory.HATE,
                        ModerationCategory.ILLICIT,
                        ModerationCategory.SELF_HARM,
                        ModerationCategory.SEXUAL,
                        ModerationCategory.SEXUAL_MINORS,
                        ModerationCategory.VIOLENCE);
        assertThat(verdict.reasons()).contains("openai:violence/graphic flagged score=0.930");

        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).get("model").asText()).isEqualTo("omni-moderation-latest");
        assertThat(bodies.get(0).get("input").asText()).isEqualTo("a gory scene");
        assertThat(authorizations).containsExactly("Bearer sk-test");
    }

    @Test
    void appliesOurThresholdsSoTheHighPresetIsStricterThanTheRemoteFlag() {
        answer = openAiResult(
                false, "\"harassment\":false", ALL_SCORES_LOW.replace("\"harassment\":0.0001", "\"harassment\":0.55"));
        assertThat(moderator(Duration.ofSeconds(5)).userInput("meh", ModerationPreset.STANDARD))
                .isInstanceOf(ModerationOutcome.Passed.class);
        ModerationOutcome high = moderator(Duration.ofSeconds(5)).userInput("meh", ModerationPreset.HIGH);
        assertThat(high).isInstanceOf(ModerationOutcome.Flagged.class);
        assertThat(((ModerationOutcome.Flagged) high).verdict().flagged())
                .containsExactly(ModerationCategory.HARASSMENT);
    }

    @Test
    void anHttpErrorFailsClosedAndSaysWhatTheServerAnswered() {
        status = 503;
        answer = "{\"error\":{\"message\":\"overloaded\"}}";
        ModerationOutcome outcome = moderator(Duration.ofSeconds(5)).userInput("hello", ModerationPreset.STANDARD);
        assertThat(outcome).isInstanceOf(ModerationOutcome.ProviderFailed.class);
        assertThat(outcome.blocked()).isTrue();
        assertThat(((ModerationOutcome.ProviderFailed) outcome).error())
                .isEqualTo(base() + "/v1/moderations answered HTTP 503: {\"error\":{\"message\":\"overloaded\"}}");
    }

    private ModerationProviderException thrownBy(Duration timeout) {
        ModerationProvider provider = ModerationProvider.openAiCompatible(
                new OpenAiModerationSettings(base(), Optional.of("sk-test"), "omni-moderation-latest", timeout));
        return org.assertj.core.api.Assertions.catchThrowableOfType(
                ModerationProviderException.class,
                () -> provider.moderate(new ModerationRequest(
                        ContentKind.USER_INPUT, Optional.empty(), "hello", ModerationPreset.STANDARD)));
    }

    @Test
    void overloadAndRateLimitsAreRetriableWhileRejectionsAndGarbageAreNot() {
        answer = "{\"error\":{\"message\":\"no\"}}";
        for (int retriable : List.of(408, 429, 500, 503)) {
            status = retriable;
            assertThat(thrownBy(Duration.ofSeconds(5)))
                    .as("HTTP %d", retriable)
                    .isInstanceOf(ModerationUnavailableException.class)
                    .hasMessageEndingWith("answered HTTP " + retriable + ": {\"error\":{\"message\":\"no\"}}");
        }
        for (int rejected : List.of(400, 401, 403, 404)) {
            status = rejected;
            assertThat(thrownBy(Duration.ofSeconds(5)))
                    .as("HTTP %d", rejected)
                    .isInstanceOf(ModerationFailedException.class);
        }
        status = 200;
        answer = "not json";
        assertThat(thrownBy(Duration.ofSeconds(5))).isInstanceOf(ModerationFailedException.class);
        hang = true;
        assertThat(thrownBy(Duration.ofMillis(200))).isInstanceOf(ModerationUnavailableException.class);
    }

    @Test
    void malformedAnswersFailClosed() {
        for (String bad : List.of(
                "not json",
                "{\"results\":[]}",
                "{\"results\":[{\"flagged\":false}]}",
                openAiResult(false, "", "\"hate\":\"high\""),
                openAiResult(false, "", "\"hate\":1.7"))) {
            answer = bad;
            ModerationOutcome outcome = moderator(Duration.ofSeconds(5)).userInput("hello", ModerationPreset.STANDARD);
            assertThat(outcome).as(bad).isInstanceOf(ModerationOutcome.ProviderFailed.class);
        }
    }

    @Test
    void aTimeoutFailsClosed() {
        hang = true;
        ModerationOutcome outcome =
                moderator(Duration.ofMillis(200)).toolOutput("open_url", "x", ModerationPreset.HIGH);
        assertThat(outcome).isInstanceOf(ModerationOutcome.ProviderFailed.class);
        assertThat(((ModerationOutcome.ProviderFailed) outcome).error()).contains("timed out");
    }

    @Test
    void anUnreachableEndpointFailsClosed() {
        URI closed = base();
        server.stop(0);
        ModerationOutcome outcome = Moderator.create(ModerationProvider.openAiCompatible(new OpenAiModerationSettings(
                        closed, Optional.empty(), "omni-moderation-latest", Duration.ofSeconds(2))))
                .userInput("x", ModerationPreset.STANDARD);
        assertThat(outcome).isInstanceOf(ModerationOutcome.ProviderFailed.class);
        assertThat(((ModerationOutcome.ProviderFailed) outcome).error()).startsWith("calling " + closed);
    }

    @Test
    void settingsRejectWhatCannotWork() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpenAiModerationSettings(
                        URI.create("ftp://x"), Optional.empty(), "m", Duration.ofSeconds(1)))
                .hasMessage("moderation baseUrl must be an http or https URL, but was ftp://x");
        assertThat(new OpenAiModerationSettings(
                                URI.create("http://h:1/"), Optional.of("secret"), "m", Duration.ofSeconds(1))
                        .toString())
                .doesNotContain("secret");
    }
}
