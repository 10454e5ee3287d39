package ai.lukhas.pwm.memory.colony;

import ai.lukhas.pwm.pii.PiiFinding;
import ai.lukhas.pwm.pii.PiiKind;
import ai.lukhas.pwm.pii.PiiScanner;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Keeps secrets out of memory always, and personal data out unless the value says it is personal
 * (so the helix encrypts it). Its rationale names the kinds found, never the text.
 */
final class ModerationAgent implements ColonyAgent {
    static final String ID = "moderation";
    /** Detectors can miss things, so a clean scan is not certainty. */
    static final double CLEAN_CONFIDENCE = 0.8;

    private final PiiScanner scanner;

    ModerationAgent(PiiScanner scanner) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
    }

    @Override
    public AgentOpinion assess(Proposal proposal) {
        JsonNode value = proposal.value();
        TreeSet<String> secrets = new TreeSet<>();
        TreeSet<String> personal = new TreeSet<>();
        scan(value, secrets, personal);
        if (!secrets.isEmpty()) {
            return AgentOpinion.reject(ID, 1.0, "contains a secret (" + String.join(", ", secrets) + ")");
        }
        boolean marked = value.isObject()
                && value.path("_personal").isBoolean()
                && value.path("_personal").booleanValue();
        if (!personal.isEmpty() && !marked) {
            return AgentOpinion.reject(
                    ID,
                    0.9,
                    "contains personal data (" + String.join(", ", personal) + ") but is not marked _personal");
        }
        return new AgentOpinion(
                ID,
                value,
                CLEAN_CONFIDENCE,
                personal.isEmpty()
                        ? "no personal data or secrets found"
                        : "personal data (" + String.join(", ", personal) + ") in a value marked _personal");
    }

    private void scan(JsonNode node, TreeSet<String> secrets, TreeSet<String> personal) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                record(field.getKey(), secrets, personal);
                scan(field.getValue(), secrets, personal);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                scan(item, secrets, personal);
            }
        } else if (node.isTextual()) {
            record(node.textValue(), secrets, personal);
        }
    }

    private void record(String text, TreeSet<String> secrets, TreeSet<String> personal) {
        for (PiiFinding f : scanner.scan(text)) {
            PiiKind kind = f.kind();
            (kind.isSecret() ? secrets : personal).add(kind.label());
        }
    }
}
