package ai.lukhas.pwm.governance.tools.exec;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.memory.dna.DnaKeyring;
import ai.lukhas.pwm.memory.dna.HelixMemory;
import ai.lukhas.pwm.store.TenantId;
import ai.lukhas.pwm.testing.MutableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnaKnowledgeSearchTest {
    static final TenantId T = TenantId.of("acme");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void findsTheCurrentVersionOfMatchingEntriesAndNeverPersonalOnes() throws Exception {
        HelixMemory helix = HelixMemory.inMemory(
                new MutableClock(),
                Flags.fixed(Map.of("DNA_ENCRYPT_PERSONAL", false)),
                DnaKeyring.load(Map.of(), Optional.empty()));
        helix.write(T, "policy/refunds", json.readTree("{\"text\":\"refunds within 30 days\"}"), 1, 0.8);
        helix.write(T, "policy/refunds", json.readTree("{\"text\":\"refunds within 45 days\"}"), 2, 0.8);
        helix.write(T, "user/ann", json.readTree("{\"_personal\":true,\"text\":\"ann asked about refunds\"}"), 1, 0.8);
        helix.write(T, "policy/shipping", json.readTree("{\"text\":\"shipping takes a week\"}"), 1, 0.8);

        var hits = DnaKnowledgeSearch.over(helix).search(T, "refunds", 5);

        assertThat(hits).extracting(KnowledgeSearch.Hit::id).containsExactly("policy/refunds");
        assertThat(hits.get(0).text()).contains("45 days").doesNotContain("30 days");
        assertThat(hits.get(0).title()).isEqualTo("policy/refunds (v2)");
    }
}
