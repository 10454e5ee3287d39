package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.Proposal;
import ai.lukhas.pwm.provider.FakeUpstream;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelColonyAgentTest {
    final FakeUpstream upstream = new FakeUpstream();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final LlmProvider provider = upstream.provider(clock);
    final ModelColonyAgent agent = new ModelColonyAgent(provider, "gpt-4o-mini");
    final Proposal proposal = new Proposal(TenantId.of("acme"), "user.42.tone", json("{\"tone\":\"brief\"}"), 1);

    @AfterEach
    void stop() {
        provider.close();
        upstream.close();
    }

    static JsonNode json(String s) {
        try {
            return FakeUpstream.JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String answer(String content) {
        return FakeUpstream.JSON
                .createObjectNode()
                .put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("model", "gpt-4o-mini")
                .set(
                        "choices",
                        FakeUpstream.JSON
                                .createArrayNode()
                                .add(FakeUpstream.JSON
                                        .createObjectNode()
                                        .put("index", 0)
                                        .put("finish_reason", "stop")
                                        .set(
                                                "message",
                                                FakeUpstream.JSON
                                                        .createObjectNode()
                                                        .put("role", "assistant")
                                                        .put("content", content))))
                .toString();
    }

    @Test
    void a_yes_backs_the_proposed_value_with_the_models_confidence() {
        upstream.then(
                FakeUpstream.ok(answer("{\"store\": true, \"confidence\": 0.8, \"reason\": \"stable preference\"}")));

        AgentOpinion o = agent.assess(proposal);

        assertThat(o.agentId()).isEqualTo("model");
        assertThat(o.rejects()).isFalse();
        assertThat(o.value()).isEqualTo(proposal.value());
        assertThat(o.confidence()).isEqualTo(0.8);
        assertThat(o.rationale()).isEqualTo("model: stable preference");
        JsonNode sent = upstream.lastBody();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.0);
        assertThat(sent.path("messages").toString()).contains("user.42.tone").contains("{\\\"tone\\\":\\\"brief\\\"}");
    }

    @Test
    void a_no_rejects_with_the_models_confidence() {
        upstream.then(FakeUpstream.ok(answer("{\"store\": false, \"confidence\": 0.9, \"reason\": \"small talk\"}")));

        AgentOpinion o = agent.assess(proposal);

        assertThat(o.rejects()).isTrue();
        assertThat(o.confidence()).isEqualTo(0.9);
        assertThat(o.rationale()).isEqualTo("model: small talk");
    }

    @Test
    void garbage_abstains_with_confidence_zero_and_says_why() {
        upstream.then(FakeUpstream.ok(answer("Sure! I think you should store it.")))
                .then(FakeUpstream.ok(answer("{\"store\": \"yes\", \"confidence\": 0.9, \"reason\": \"x\"}")))
                .then(FakeUpstream.ok(answer("{\"store\": true, \"confidence\": 1.5, \"reason\": \"x\"}")))
                .then(FakeUpstream.ok(
                        answer("{\"store\": true, \"confidence\": 0.9, \"reason\": \"x\", \"extra\": 1}")))
                .then(FakeUpstream.status(400, "{\"error\":{\"message\":\"bad model\"}}"));

        AgentOpinion text = agent.assess(proposal);
        AgentOpinion notBoolean = agent.assess(proposal);
        AgentOpinion outOfRange = agent.assess(proposal);
        AgentOpinion extraField = agent.assess(proposal);
        AgentOpinion providerError = agent.assess(proposal);

        assertThat(java.util.List.of(text, notBoolean, outOfRange, extraField, providerError))
                .allSatisfy(o -> {
                    assertThat(o.rejects()).isTrue();
                    assertThat(o.confidence()).isZero();
                    assertThat(o.rationale()).startsWith("abstains: ");
                });
        assertThat(text.rationale()).contains("not JSON");
        assertThat(notBoolean.rationale()).contains("'store' must be a boolean");
        assertThat(outOfRange.rationale()).contains("'confidence' must be a number in [0, 1]");
        assertThat(extraField.rationale()).contains("exactly the fields");
        assertThat(providerError.rationale()).contains("the provider failed");
    }

    @Test
    void the_offline_providers_plain_text_is_an_abstention_not_a_vote() {
        try (LlmProvider offline = LlmProvider.offline()) {
            AgentOpinion o = new ModelColonyAgent(offline, "lukhas-offline").assess(proposal);

            assertThat(o.rejects()).isTrue();
            assertThat(o.confidence()).isZero();
            assertThat(o.rationale()).startsWith("abstains: ");
        }
    }
}
