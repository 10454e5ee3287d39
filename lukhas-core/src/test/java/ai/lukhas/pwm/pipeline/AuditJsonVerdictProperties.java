package ai.lukhas.pwm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationCategory;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link AuditJson#moderation}'s verdict (loops since feat/auditcpu2) renders exactly what the stream
 * version before it rendered, kept here as the oracle: random verdicts with any subset of categories
 * scored (zero or positive, some at 1.0), any subset of those flagged, reasons, every content kind, passed
 * and flagged, compared as written (key and element order included).
 */
class AuditJsonVerdictProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 2000)
    void theVerdictIsRenderedAsTheStreamsRenderedIt(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        EnumMap<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        EnumSet<ModerationCategory> flagged = EnumSet.noneOf(ModerationCategory.class);
        for (ModerationCategory c : ModerationCategory.values()) {
            switch (r.nextInt(4)) {
                case 0 -> {}
                case 1 -> scores.put(c, 0.0);
                case 2 -> scores.put(c, 1.0);
                default -> scores.put(c, r.nextDouble());
            }
            if (scores.containsKey(c) && r.nextInt(3) == 0) {
                flagged.add(c);
            }
        }
        List<String> reasons = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            reasons.add("rule " + r.nextInt(100));
        }
        ModerationVerdict v = new ModerationVerdict("local", scores, flagged, reasons);
        ContentKind kind = ContentKind.values()[r.nextInt(ContentKind.values().length)];
        Optional<String> tool = kind == ContentKind.TOOL_OUTPUT ? Optional.of("retrieval") : Optional.empty();
        ModerationOutcome o = flagged.isEmpty()
                ? new ModerationOutcome.Passed(kind, tool, v)
                : new ModerationOutcome.Flagged(kind, tool, v);
        int step = r.nextInt(3);
        int chars = r.nextInt(1000);
        assertThat(JSON.writeValueAsString(AuditJson.moderation(step, o, "standard", chars)))
                .isEqualTo(JSON.writeValueAsString(Old.moderation(step, o, "standard", chars)));
    }

    /** AuditJson.moderation and verdict at fdc2c0c, unchanged. */
    private static final class Old {
        static ObjectNode moderation(int step, ModerationOutcome o, String preset, int chars) {
            ObjectNode node = AuditJson.F.objectNode();
            node.put("kind", o.kind().wireName());
            node.put("step", step);
            o.tool().ifPresent(t -> node.put("tool", t));
            node.put("preset", preset);
            node.put("chars", chars);
            switch (o) {
                case ModerationOutcome.Passed p -> {
                    node.put("result", "passed");
                    verdict(node, p.verdict());
                }
                case ModerationOutcome.Flagged f -> {
                    node.put("result", "flagged");
                    verdict(node, f.verdict());
                }
                case ModerationOutcome.ProviderFailed pf -> {
                    node.put("result", "provider_failed");
                    node.put("provider", pf.provider());
                    node.put("error", pf.error());
                }
            }
            return node;
        }

        private static void verdict(ObjectNode node, ModerationVerdict v) {
            node.put("provider", v.provider());
            ArrayNode flagged = node.putArray("flagged");
            v.flagged().stream().map(c -> c.wireName()).sorted().forEach(flagged::add);
            ObjectNode scores = node.putObject("scores");
            v.scores().entrySet().stream()
                    .filter(e -> e.getValue() > 0)
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> scores.put(e.getKey().wireName(), e.getValue()));
            ArrayNode reasons = node.putArray("reasons");
            v.reasons().forEach(reasons::add);
        }
    }
}
