package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One chat completion request in provider terms: the model, the conversation, the sampling
 * parameters, the tools offered, the stop sequences and the prompt style's preamble (sent as the
 * first system message). Unset parameters are left to the upstream's defaults.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder("gpt-4o-mini")
 *         .preamble("Be careful and concise.")
 *         .user("What causes tides?")
 *         .temperature(0.3).topP(0.9).maxOutputTokens(256).reasoningEffort(0.8)
 *         .tools(List.of(retrieveKnowledge))
 *         .stopSequences(List.of("\nEND"))
 *         .build();
 * }</pre>
 *
 * @param temperature in [0, 2]
 * @param topP in [0, 1]
 * @param maxOutputTokens at least 1
 * @param reasoningEffort in [0, 1]; mapped to low/medium/high for reasoning models
 * @param toolChoice only sent when {@code tools} is not empty
 * @param passThrough OpenAI request fields the client chose that no governance stage changes (seed,
 *     response_format, penalties...), sent as given; only names in {@link #PASS_THROUGH}, never one
 *     the request already sets
 */
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        OptionalDouble temperature,
        OptionalDouble topP,
        OptionalInt maxOutputTokens,
        OptionalDouble reasoningEffort,
        List<FunctionDefinition> tools,
        ToolChoice toolChoice,
        List<String> stopSequences,
        Optional<String> preamble,
        Map<String, JsonNode> passThrough) {

    /**
     * The OpenAI chat fields a client may set that reach the upstream unchanged. Fields the gateway
     * governs (model, messages, sampling parameters, token limits, tools, tool_choice, stop, stream)
     * are never among them. {@code parallel_tool_calls} is sent only with tools; {@code reasoning_effort}
     * only when the request does not set it itself (reasoning models get the modulated level).
     */
    public static final java.util.Set<String> PASS_THROUGH = java.util.Set.of(
            "seed",
            "response_format",
            "presence_penalty",
            "frequency_penalty",
            "logit_bias",
            "parallel_tool_calls",
            "metadata",
            "store",
            "service_tier",
            "prediction",
            "modalities",
            "user",
            "reasoning_effort",
            "prompt_cache_key",
            "safety_identifier",
            "verbosity");

    /** The most stop sequences one request may carry (OpenAI's limit). */
    public static final int MAX_STOP_SEQUENCES = 4;

    public ChatRequest {
        Checks.notBlank(model, "model");
        messages = Checks.listOf(messages, "messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must contain at least one message, but was empty");
        }
        Objects.requireNonNull(temperature, "temperature must not be null (use OptionalDouble.empty())");
        temperature.ifPresent(t -> Checks.inRange(t, 0, 2, "temperature"));
        Objects.requireNonNull(topP, "topP must not be null (use OptionalDouble.empty())");
        topP.ifPresent(p -> Checks.inRange(p, 0, 1, "top_p"));
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens must not be null (use OptionalInt.empty())");
        maxOutputTokens.ifPresent(m -> {
            if (m < 1) {
                throw new IllegalArgumentException("max output tokens must be >= 1, but was " + m);
            }
        });
        Objects.requireNonNull(reasoningEffort, "reasoningEffort must not be null (use OptionalDouble.empty())");
        reasoningEffort.ifPresent(e -> Checks.inRange(e, 0, 1, "reasoning effort"));
        tools = Checks.listOf(tools, "tools");
        if (!distinctNames(tools)) {
            throw new IllegalArgumentException("tools must have distinct names, but were "
                    + tools.stream().map(FunctionDefinition::name).toList());
        }
        Objects.requireNonNull(toolChoice, "toolChoice must not be null (use ToolChoice.AUTO)");
        stopSequences = Checks.listOf(stopSequences, "stopSequences");
        if (stopSequences.size() > MAX_STOP_SEQUENCES) {
            throw new IllegalArgumentException("stop sequences must be at most " + MAX_STOP_SEQUENCES
                    + " (OpenAI's limit), but were " + stopSequences.size());
        }
        for (String s : stopSequences) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException(
                        "stop sequences must not be empty strings, but were " + stopSequences);
            }
        }
        Objects.requireNonNull(preamble, "preamble must not be null (use Optional.empty())");
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        Objects.requireNonNull(passThrough, "passThrough must not be null (use Map.of())")
                .forEach((k, v) -> {
                    if (!PASS_THROUGH.contains(k)) {
                        throw new IllegalArgumentException(
                                "'" + k + "' is not a pass-through field; those are " + PASS_THROUGH);
                    }
                    fields.put(k, Objects.requireNonNull(v, k));
                });
        passThrough = Collections.unmodifiableMap(fields);
    }

    /** A builder for {@code model}, with no messages, no parameters, no tools. */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** A builder holding this request's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(model);
        b.messages.addAll(messages);
        b.temperature = temperature;
        b.topP = topP;
        b.maxOutputTokens = maxOutputTokens;
        b.reasoningEffort = reasoningEffort;
        b.tools = tools;
        b.toolChoice = toolChoice;
        b.stopSequences = stopSequences;
        b.preamble = preamble;
        b.passThrough = passThrough;
        return b;
    }

    /** Collects a request's values; {@link #build()} validates them. */
    public static final class Builder {
        private String model;
        private final List<ChatMessage> messages = new ArrayList<>();
        private OptionalDouble temperature = OptionalDouble.empty();
        private OptionalDouble topP = OptionalDouble.empty();
        private OptionalInt maxOutputTokens = OptionalInt.empty();
        private OptionalDouble reasoningEffort = OptionalDouble.empty();
        private List<FunctionDefinition> tools = List.of();
        private ToolChoice toolChoice = ToolChoice.AUTO;
        private List<String> stopSequences = List.of();
        private Optional<String> preamble = Optional.empty();
        private Map<String, JsonNode> passThrough = Map.of();

        private Builder(String model) {
            this.model = model;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        /** Replaces the conversation. */
        public Builder messages(List<? extends ChatMessage> value) {
            messages.clear();
            messages.addAll(value);
            return this;
        }

        public Builder message(ChatMessage value) {
            messages.add(value);
            return this;
        }

        public Builder system(String content) {
            return message(new SystemMessage(content));
        }

        public Builder user(String content) {
            return message(new UserMessage(content));
        }

        public Builder temperature(double value) {
            this.temperature = OptionalDouble.of(value);
            return this;
        }

        public Builder topP(double value) {
            this.topP = OptionalDouble.of(value);
            return this;
        }

        public Builder maxOutputTokens(int value) {
            this.maxOutputTokens = OptionalInt.of(value);
            return this;
        }

        public Builder reasoningEffort(double value) {
            this.reasoningEffort = OptionalDouble.of(value);
            return this;
        }

        public Builder tools(List<FunctionDefinition> value) {
            this.tools = value;
            return this;
        }

        public Builder toolChoice(ToolChoice value) {
            this.toolChoice = value;
            return this;
        }

        public Builder stopSequences(List<String> value) {
            this.stopSequences = value;
            return this;
        }

        /** The prompt style's preamble, sent as the first system message. */
        public Builder preamble(String value) {
            this.preamble = Optional.of(value);
            return this;
        }

        /** Fields sent unchanged (names in {@link #PASS_THROUGH}). */
        public Builder passThrough(Map<String, JsonNode> value) {
            this.passThrough = value;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(
                    model,
                    messages,
                    temperature,
                    topP,
                    maxOutputTokens,
                    reasoningEffort,
                    tools,
                    toolChoice,
                    stopSequences,
                    preamble,
                    passThrough);
        }
    }

    /**
     * Whether no two tools share a name: pairs compared for the few tools of a request (every model step
     * builds a request; a stream's {@code distinct().count()} was ~0.5 us of it), a set for many.
     */
    private static boolean distinctNames(List<FunctionDefinition> tools) {
        if (tools.size() > 16) {
            Set<String> seen = new HashSet<>();
            for (FunctionDefinition t : tools) {
                if (!seen.add(t.name())) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 1; i < tools.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (tools.get(i).name().equals(tools.get(j).name())) {
                    return false;
                }
            }
        }
        return true;
    }
}
