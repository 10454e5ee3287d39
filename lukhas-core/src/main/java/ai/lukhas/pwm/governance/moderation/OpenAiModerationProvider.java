package ai.lukhas.pwm.governance.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls {@code POST <baseUrl>/v1/moderations} with {@code {"model":..., "input":...}} and maps the OpenAI
 * categories onto ours (sub-categories such as {@code violence/graphic} fold into their parent, by maximum
 * score). A category is flagged when the endpoint flags it or when its score reaches the preset's threshold,
 * so the stricter preset is stricter here too. PII, secrets and prompt injection are not scored by this
 * endpoint; combine it with the local provider for those.
 */
final class OpenAiModerationProvider extends RemoteGuardProvider<OpenAiModerationSettings> {
    /** OpenAI category name → ours. Names not listed here are ignored (and named in the reasons). */
    static final Map<String, ModerationCategory> CATEGORY_MAP = Map.ofEntries(
            Map.entry("harassment", ModerationCategory.HARASSMENT),
            Map.entry("harassment/threatening", ModerationCategory.HARASSMENT),
            Map.entry("hate", ModerationCategory.HATE),
            Map.entry("hate/threatening", ModerationCategory.HATE),
            Map.entry("self-harm", ModerationCategory.SELF_HARM),
            Map.entry("self-harm/intent", ModerationCategory.SELF_HARM),
            Map.entry("self-harm/instructions", ModerationCategory.SELF_HARM),
            Map.entry("sexual", ModerationCategory.SEXUAL),
            Map.entry("sexual/minors", ModerationCategory.SEXUAL_MINORS),
            Map.entry("violence", ModerationCategory.VIOLENCE),
            Map.entry("violence/graphic", ModerationCategory.VIOLENCE),
            Map.entry("illicit", ModerationCategory.ILLICIT),
            Map.entry("illicit/violent", ModerationCategory.ILLICIT));

    OpenAiModerationProvider(OpenAiModerationSettings settings) {
        super("openai-moderation", settings.timeout(), settings);
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
        ObjectNode body =
                GuardHttp.JSON.createObjectNode().put("model", settings.model()).put("input", request.text());
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        settings.apiKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        JsonNode root = http.postJson(settings.endpoint(), headers, body);
        return parse(root, request.preset(), settings.endpoint().toString());
    }

    ModerationVerdict parse(JsonNode root, ModerationPreset preset, String endpoint)
            throws ModerationProviderException {
        String body = root.toString();
        JsonNode results = root.get("results");
        if (results == null || !results.isArray() || results.isEmpty()) {
            throw new ModerationFailedException(
                    endpoint + " answered without a non-empty \"results\" array: " + snippet(body));
        }
        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        Set<ModerationCategory> flagged = EnumSet.noneOf(ModerationCategory.class);
        List<String> reasons = new ArrayList<>();
        for (JsonNode result : results) {
            JsonNode categoryScores = result.get("category_scores");
            if (categoryScores == null || !categoryScores.isObject()) {
                throw new ModerationFailedException(
                        endpoint + " answered a result without \"category_scores\": " + snippet(body));
            }
            JsonNode categories = result.path("categories");
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            categoryScores.properties().iterator();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String remote = entry.getKey();
                JsonNode value = entry.getValue();
                if (!value.isNumber() || !(value.asDouble() >= 0.0 && value.asDouble() <= 1.0)) {
                    throw new ModerationFailedException(endpoint + " answered a score for '" + remote
                            + "' that is not a number in [0, 1]: " + value);
                }
                Optional<ModerationCategory> ours = Optional.ofNullable(CATEGORY_MAP.get(remote));
                if (ours.isEmpty()) {
                    reasons.add("openai:" + remote + " (unmapped, ignored)");
                    continue;
                }
                ModerationCategory category = ours.get();
                double score = value.asDouble();
                scores.merge(category, score, Math::max);
                boolean remoteFlag = categories.path(remote).asBoolean(false);
                if (remoteFlag || preset.flags(category, score)) {
                    flagged.add(category);
                    reasons.add("openai:" + remote + (remoteFlag ? " flagged" : "")
                            + String.format(java.util.Locale.ROOT, " score=%.3f", score));
                }
            }
        }
        return new ModerationVerdict(name(), scores, flagged, reasons);
    }

    private static String snippet(String body) {
        return GuardHttp.snippet(body);
    }
}
