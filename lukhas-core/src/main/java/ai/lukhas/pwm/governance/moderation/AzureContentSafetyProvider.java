package ai.lukhas.pwm.governance.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Azure AI Content Safety: {@code POST <endpoint>/contentsafety/text:analyze?api-version=...} with {@code
 * {"text": ..., "categories": ["Hate", "SelfHarm", "Sexual", "Violence"], "outputType": "FourSeverityLevels"}}
 * and the key in {@code Ocp-Apim-Subscription-Key}. The answer's {@code categoriesAnalysis} gives a severity
 * 0, 2, 4 or 6 per category; the score is severity / 6, and a category is flagged at severity 4 (medium) or
 * above, or when the score reaches the preset's threshold. The service takes at most 10,000 characters per call,
 * so longer texts are sent in pieces and the highest severity per category wins.
 */
final class AzureContentSafetyProvider extends RemoteGuardProvider<AzureContentSafetySettings> {
    static final Map<String, ModerationCategory> CATEGORIES = Map.of(
            "Hate", ModerationCategory.HATE,
            "SelfHarm", ModerationCategory.SELF_HARM,
            "Sexual", ModerationCategory.SEXUAL,
            "Violence", ModerationCategory.VIOLENCE);
    static final int MAX_CHARS = 10_000;
    private static final int MAX_SEVERITY = 6;
    private static final int FLAG_SEVERITY = 4;

    AzureContentSafetyProvider(AzureContentSafetySettings settings) {
        super("azure-content-safety", settings.timeout(), settings);
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
        URI endpoint = GuardHttp.resolve(
                settings.endpoint(),
                "/contentsafety/text:analyze?api-version="
                        + URLEncoder.encode(settings.apiVersion(), StandardCharsets.UTF_8));
        Map<ModerationCategory, Integer> severities = new EnumMap<>(ModerationCategory.class);
        String text = request.text();
        int start = 0;
        do {
            int end = Math.min(text.length(), start + MAX_CHARS);
            ObjectNode body = GuardHttp.JSON.createObjectNode().put("text", text.substring(start, end));
            var categories = body.putArray("categories");
            CATEGORIES.keySet().stream().sorted().forEach(categories::add);
            body.put("outputType", "FourSeverityLevels");
            JsonNode answer = http.postJson(endpoint, Map.of("Ocp-Apim-Subscription-Key", settings.apiKey()), body);
            collect(answer, endpoint.toString(), severities);
            start = end;
        } while (start < text.length());
        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        Set<ModerationCategory> flagged = EnumSet.noneOf(ModerationCategory.class);
        List<String> reasons = new ArrayList<>();
        severities.forEach((category, severity) -> {
            double score = (double) severity / MAX_SEVERITY;
            scores.put(category, score);
            if (severity >= FLAG_SEVERITY || request.preset().flags(category, score)) {
                flagged.add(category);
                reasons.add("azure:" + category.wireName() + " severity=" + severity);
            }
        });
        return new ModerationVerdict(name(), scores, flagged, reasons);
    }

    private static void collect(JsonNode answer, String endpoint, Map<ModerationCategory, Integer> severities)
            throws ModerationProviderException {
        JsonNode analysis = answer.get("categoriesAnalysis");
        if (analysis == null || !analysis.isArray()) {
            throw new ModerationFailedException(endpoint + " answered without a \"categoriesAnalysis\" array: "
                    + GuardHttp.snippet(answer.toString()));
        }
        for (JsonNode entry : analysis) {
            String name = entry.path("category").asText("");
            JsonNode severity = entry.get("severity");
            ModerationCategory ours = CATEGORIES.get(name);
            if (ours == null) {
                continue; // a category we did not ask for: ignore
            }
            if (severity == null || !severity.canConvertToInt() || severity.asInt() < 0 || severity.asInt() > 7) {
                throw new ModerationFailedException(endpoint + " answered a severity for '" + name
                        + "' that is not an integer in [0, 7]: " + severity);
            }
            severities.merge(ours, Math.min(severity.asInt(), MAX_SEVERITY), Math::max);
        }
        for (ModerationCategory c : CATEGORIES.values()) {
            severities.putIfAbsent(c, 0);
        }
    }
}
