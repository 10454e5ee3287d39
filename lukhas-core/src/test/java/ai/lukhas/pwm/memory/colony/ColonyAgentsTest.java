package ai.lukhas.pwm.memory.colony;

import static ai.lukhas.pwm.memory.colony.ConsensusTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.DnaValue;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.pii.PiiScanner;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColonyAgentsTest {
    static final TenantId T = TenantId.of("acme");
    final HelixMemory helix =
            HelixMemory.inMemory(Clock.systemUTC(), Flags.fixed(Map.of()), DnaKeyring.of(List.of(new byte[32])));

    static Proposal proposal(String key, String value) {
        return new Proposal(T, key, json(value), 1);
    }

    @Test
    void schemaAgentChecksShapeTypesPersonalMarkerAndSize() {
        ColonyAgent schema = ColonyAgent.schema(Map.of("tone", JsonNodeType.STRING), 64);

        assertThat(schema.assess(proposal("k", "{\"tone\":\"brief\"}")))
                .satisfies(o -> assertThat(o.rejects()).isFalse())
                .satisfies(o -> assertThat(o.confidence()).isEqualTo(1.0));
        assertThat(schema.assess(proposal("k", "[1]")).rationale())
                .isEqualTo("value must be a JSON object, but was array");
        assertThat(schema.assess(proposal("k", "{}")).rationale()).isEqualTo("required field 'tone' is missing");
        assertThat(schema.assess(proposal("k", "{\"tone\":3}")).rationale())
                .isEqualTo("field 'tone' must be string, but was number");
        assertThat(schema.assess(proposal("k", "{\"tone\":\"x\",\"_personal\":\"yes\"}"))
                        .rationale())
                .isEqualTo("field '_personal' must be a boolean, but was string");
        assertThat(schema.assess(proposal("k", "{\"tone\":\"" + "x".repeat(80) + "\"}")))
                .satisfies(o -> assertThat(o.rejects()).isTrue())
                .satisfies(o -> assertThat(o.rationale()).startsWith("value must be at most 64 bytes"));
    }

    @Test
    void moderationAgentRejectsUnmarkedPersonalDataAndAnySecretWithoutQuotingThem() {
        ColonyAgent moderation = ColonyAgent.moderation(PiiScanner.standard());

        AgentOpinion unmarked = moderation.assess(proposal("k", "{\"note\":\"mail ada@example.org\"}"));
        assertThat(unmarked.rejects()).isTrue();
        assertThat(unmarked.rationale())
                .isEqualTo("contains personal data (EMAIL) but is not marked _personal")
                .doesNotContain("ada@");

        AgentOpinion marked =
                moderation.assess(proposal("k", "{\"_personal\":true,\"note\":\"mail ada@example.org\"}"));
        assertThat(marked.rejects()).isFalse();

        AgentOpinion secret = moderation.assess(
                proposal("k", "{\"_personal\":true,\"key\":\"sk-abcdefghijklmnopqrstuvwxyz123456\"}"));
        assertThat(secret.rejects()).isTrue();
        assertThat(secret.rationale()).isEqualTo("contains a secret (OPENAI_KEY)");

        assertThat(moderation.assess(proposal("k", "{\"tone\":\"brief\"}")).rejects())
                .isFalse();
    }

    @Test
    void noveltyAgentRejectsTheCurrentValueAndNearDuplicatesUnderOtherKeys() {
        helix.write(T, "drink", json("{\"order\":\"flat white with oat milk\"}"), 1, 0.5);
        ColonyAgent novelty = ColonyAgent.novelty(helix, 0.8);

        AgentOpinion same = novelty.assess(proposal("drink", "{\"order\":\"flat white with oat milk\"}"));
        assertThat(same.rejects()).isTrue();
        assertThat(same.rationale()).isEqualTo("duplicate of the current version 1 of this key");

        AgentOpinion near = novelty.assess(proposal("coffee", "{\"order\":\"Flat white, with oat milk!\"}"));
        assertThat(near.rejects()).isTrue();
        assertThat(near.rationale()).isEqualTo("near-duplicate of 'drink' (similarity 1.00 >= 0.80)");

        AgentOpinion novel = novelty.assess(proposal("food", "{\"order\":\"croissant\"}"));
        assertThat(novel.rejects()).isFalse();
        assertThat(novel.confidence()).isEqualTo(1.0);

        AgentOpinion partial = novelty.assess(proposal("food", "{\"order\":\"oat milk porridge\"}"));
        assertThat(partial.rejects()).isFalse();
        assertThat(partial.confidence()).isBetween(0.5, 1.0);
    }

    @Test
    void aColonyOfRuleAgentsDecidesAndPersists() {
        Colony colony = Colony.of(List.of(
                ColonyAgent.schema(Map.of("tone", JsonNodeType.STRING), 4096),
                ColonyAgent.moderation(PiiScanner.standard()),
                ColonyAgent.novelty(helix, 0.9)));

        ConsensusResult ok =
                colony.decide(proposal("user.tone", "{\"tone\":\"brief\"}"), new ConsensusMethod.Majority());
        assertThat(ConsensusPersistence.persist(helix, T, ok, 1.0))
                .isInstanceOf(ConsensusPersistence.Outcome.Written.class);
        assertThat(helix.read(T, "user.tone").orElseThrow().value())
                .isEqualTo(new DnaValue.Clear(json("{\"tone\":\"brief\"}"), false));

        Proposal leaky = new Proposal(T, "user.mail", json("{\"tone\":\"ada@example.org\"}"), 1);
        // rule agents vote like any other: two clean verdicts outvote moderation under a plain majority...
        assertThat(colony.decide(leaky, new ConsensusMethod.Majority())).isInstanceOf(ConsensusResult.Decided.class);
        // ...so a deployment that wants moderation to prevail weighs it above the others together
        ConsensusResult leak = colony.decide(leaky, new ConsensusMethod.Weighted(Map.of("moderation", 3.0), 1.0));
        assertThat(leak).isInstanceOfSatisfying(ConsensusResult.Decided.class, d -> assertThat(d.rejectsStoring())
                .isTrue());
        assertThat(ConsensusPersistence.persist(helix, T, leak, 1.0))
                .isInstanceOf(ConsensusPersistence.Outcome.NotWritten.class);
        assertThat(helix.read(T, "user.mail")).isEmpty();
    }

    @Test
    void noveltyAgentNeverConsultsAnotherTenantsMemory() {
        TenantId other = TenantId.of("globex");
        helix.write(other, "project.secret", json("{\"text\":\"zephyr launch ninth of march\"}"), 1, 0.8);
        helix.write(other, "project.same", json("{\"text\":\"identical value\"}"), 1, 0.8);
        ColonyAgent novelty = ColonyAgent.novelty(helix, 0.5);

        AgentOpinion near = novelty.assess(proposal("project.mine", "{\"text\":\"zephyr launch ninth of march\"}"));
        AgentOpinion same = novelty.assess(proposal("project.same", "{\"text\":\"identical value\"}"));

        assertThat(near.rejects()).isFalse();
        assertThat(near.rationale()).isEqualTo("nothing similar in memory").doesNotContain("project.secret");
        assertThat(same.rejects()).isFalse();
    }
}
