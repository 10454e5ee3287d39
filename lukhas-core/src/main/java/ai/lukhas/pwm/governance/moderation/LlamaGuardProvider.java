package ai.lukhas.pwm.governance.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Llama Guard 3 (or 4) behind an OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server):
 * {@code POST <baseUrl>/v1/chat/completions} with the text to classify as the conversation and {@code
 * temperature 0}. The server applies the model's own chat template, which wraps the conversation in Meta's
 * task prompt with the S1–S14 category list; the model answers {@code safe}, or {@code unsafe} and on the next
 * line the violated codes ({@code S1,S10}). User input and tool output are sent as a user turn (Llama Guard
 * judges the last user message); the model's output as an assistant turn after the user turn, so the template
 * asks about the agent's message. Flagged codes map onto our categories with score 1.0 ({@link #CODES});
 * S6 specialized advice, S8 intellectual property and S13 elections have no category here and are only named
 * in the reasons. Llama Guard gives no score, so presets cannot make it stricter.
 */
final class LlamaGuardProvider extends RemoteGuardProvider<OpenAiModerationSettings> {
    /** Llama Guard 3 hazard codes → ours; codes not listed are named in the reasons and not flagged. */
    static final Map<String, ModerationCategory> CODES = Map.ofEntries(
            Map.entry("S1", ModerationCategory.VIOLENCE), // violent crimes
            Map.entry("S2", ModerationCategory.ILLICIT), // non-violent crimes (fraud, drugs, hacking)
            Map.entry("S3", ModerationCategory.SEXUAL), // sex-related crimes
            Map.entry("S4", ModerationCategory.SEXUAL_MINORS), // child sexual exploitation
            Map.entry("S5", ModerationCategory.HARASSMENT), // defamation
            Map.entry("S7", ModerationCategory.PII), // privacy
            Map.entry("S9", ModerationCategory.VIOLENCE), // indiscriminate weapons
            Map.entry("S10", ModerationCategory.HATE), // hate
            Map.entry("S11", ModerationCategory.SELF_HARM), // suicide and self-harm
            Map.entry("S12", ModerationCategory.SEXUAL), // sexual content
            Map.entry("S14", ModerationCategory.ILLICIT)); // code interpreter abuse

    LlamaGuardProvider(OpenAiModerationSettings settings) {
        super("llama-guard", settings.timeout(), settings);
    }

    @Override
    public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
        var endpoint = GuardHttp.resolve(settings.baseUrl(), "/v1/chat/completions");
        ObjectNode body =
                GuardHttp.JSON.createObjectNode().put("model", settings.model()).put("temperature", 0);
        var messages = body.putArray("messages");
        if (request.kind() == ContentKind.FINAL_OUTPUT) {
            messages.addObject().put("role", "user").put("content", "(the user's request is not shown)");
            messages.addObject().put("role", "assistant").put("content", request.text());
        } else {
            messages.addObject().put("role", "user").put("content", request.text());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        settings.apiKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        JsonNode answer = http.postJson(endpoint, headers, body);
        JsonNode content = answer.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw new ModerationFailedException(
                    endpoint + " answered without choices[0].message.content: " + GuardHttp.snippet(answer.toString()));
        }
        return parse(content.asText(), endpoint.toString());
    }

    ModerationVerdict parse(String content, String endpoint) throws ModerationProviderException {
        List<String> lines = content.strip()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        String first = lines.isEmpty() ? "" : lines.getFirst().toLowerCase(Locale.ROOT);
        Map<ModerationCategory, Double> scores = new EnumMap<>(ModerationCategory.class);
        for (ModerationCategory c : CODES.values()) {
            scores.put(c, 0.0);
        }
        if (first.equals("safe")) {
            return new ModerationVerdict(name(), scores, Set.of(), List.of());
        }
        if (!first.equals("unsafe")) {
            throw new ModerationFailedException(
                    endpoint + " answered neither 'safe' nor 'unsafe': " + GuardHttp.snippet(content));
        }
        if (lines.size() < 2) {
            throw new ModerationFailedException(
                    endpoint + " answered 'unsafe' without the violated categories: " + GuardHttp.snippet(content));
        }
        Set<ModerationCategory> flagged = EnumSet.noneOf(ModerationCategory.class);
        List<String> reasons = new ArrayList<>();
        for (String code : lines.get(1).split(",")) {
            String c = code.strip().toUpperCase(Locale.ROOT);
            if (!c.matches("S\\d{1,2}")) {
                throw new ModerationFailedException(
                        endpoint + " answered a category that is not a code S1..S14: " + GuardHttp.snippet(content));
            }
            ModerationCategory ours = CODES.get(c);
            if (ours == null) {
                reasons.add("llama-guard:" + c + " (unmapped, not flagged)");
            } else {
                scores.put(ours, 1.0);
                flagged.add(ours);
                reasons.add("llama-guard:" + c);
            }
        }
        return new ModerationVerdict(name(), scores, flagged, reasons);
    }
}
