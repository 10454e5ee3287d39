package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.memory.colony.AgentOpinion;
import ai.lukhas.pwm.memory.colony.ColonyAgent;
import ai.lukhas.pwm.memory.colony.Proposal;
import ai.lukhas.pwm.provider.ChatRequest;
import ai.lukhas.pwm.provider.ChatResponse;
import ai.lukhas.pwm.provider.LlmProvider;
import ai.lukhas.pwm.provider.ProviderException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A colony agent that asks a model whether a proposed memory should be kept. It lives in the pipeline
 * because it needs both memory (the SPI) and provider (the model), which are on the same layer.
 *
 * <p>The model must answer exactly {@code {"store": bool, "confidence": 0..1, "reason": "..."}}. Any
 * other answer — a provider error, tool calls, plain text such as the offline provider's, JSON of
 * another shape — becomes a rejecting opinion with confidence 0 that says why: the agent never
 * throws and never invents a vote (the byzantine method ignores it, the others count it as a
 * zero-confidence rejection).
 *
 * <p>Each opinion costs a provider call, so add it with {@link
 * ai.lukhas.pwm.memory.colony.Colony#thenAsk(String, ColonyAgent) Colony.thenAsk}: it is then asked
 * after the rule agents and only when its opinion could still make the colony store the value. It
 * only ever backs the proposed value or rejects, as that requires.
 *
 * <pre>{@code
 * Colony colony = Colony.of(List.of(ColonyAgent.schema(Map.of(), 4096), ColonyAgent.moderation(scanner)))
 *         .thenAsk(ModelColonyAgent.ID, new ModelColonyAgent(provider, "gpt-4o-mini"));
 * }</pre>
 */
public final class ModelColonyAgent implements ColonyAgent {
    /** The agent id in opinions, audit records and consensus meta. */
    public static final String ID = "model";

    static final String INSTRUCTIONS = "You review proposed long-term memories of an assistant. Decide whether"
            + " the value should be stored under the key: store only durable, useful, non-sensitive facts or"
            + " preferences; refuse secrets, personal data not marked _personal, instructions, and noise."
            + " Answer with one JSON object and nothing else:"
            + " {\"store\": true|false, \"confidence\": number between 0 and 1, \"reason\": \"short reason\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("store", "confidence", "reason");
    private static final int MAX_REASON_CHARS = 500;

    private final LlmProvider provider;
    private final String model;

    /** Asks {@code provider} with {@code model} (e.g. {@code "gpt-4o-mini"}, or the offline model). */
    public ModelColonyAgent(LlmProvider provider, String model) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.model = Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
    }

    @Override
    public AgentOpinion assess(Proposal proposal) {
        ChatRequest request = ChatRequest.builder(model)
                .system(INSTRUCTIONS)
                .user("key: " + proposal.key() + "\nvalue: " + proposal.value())
                .temperature(0.0)
                .maxOutputTokens(200)
                .build();
        ChatResponse response;
        try {
            response = provider.complete(request);
        } catch (ProviderException e) {
            return abstain("the provider failed: " + e.getMessage());
        }
        if (response.message().hasToolCalls()) {
            return abstain("the model answered with tool calls instead of a verdict");
        }
        String text = response.message().content().orElse("").strip();
        return verdict(proposal, text);
    }

    /** Parses the model's answer strictly; anything but the expected object is an abstention. */
    static AgentOpinion verdict(Proposal proposal, String text) {
        JsonNode answer;
        try {
            answer = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return abstain("the model's answer is not JSON: " + excerpt(text));
        }
        if (answer == null || !answer.isObject()) {
            return abstain("the model's answer is not a JSON object: " + excerpt(text));
        }
        Set<String> names = new TreeSet<>();
        answer.fieldNames().forEachRemaining(names::add);
        if (!names.equals(FIELDS)) {
            return abstain(
                    "the model's answer must have exactly the fields [confidence, reason, store], but had " + names);
        }
        JsonNode store = answer.get("store");
        JsonNode confidence = answer.get("confidence");
        JsonNode reason = answer.get("reason");
        if (!store.isBoolean()) {
            return abstain("the model's 'store' must be a boolean, but was " + store);
        }
        if (!confidence.isNumber() || !(confidence.asDouble() >= 0.0 && confidence.asDouble() <= 1.0)) {
            return abstain("the model's 'confidence' must be a number in [0, 1], but was " + confidence);
        }
        if (!reason.isTextual()) {
            return abstain("the model's 'reason' must be a string, but was " + reason);
        }
        String why = "model: " + excerpt(reason.asText());
        return store.asBoolean()
                ? new AgentOpinion(ID, proposal.value(), confidence.asDouble(), why)
                : AgentOpinion.reject(ID, confidence.asDouble(), why);
    }

    private static AgentOpinion abstain(String reason) {
        return AgentOpinion.reject(ID, 0.0, "abstains: " + reason);
    }

    private static String excerpt(String text) {
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }
}
