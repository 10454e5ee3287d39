package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

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
        Optional<String> preamble) {

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
        if (tools.stream().map(FunctionDefinition::name).distinct().count() != tools.size()) {
            throw new IllegalArgumentException("tools must have distinct names, but were "
                    + tools.stream().map(FunctionDefinition::name).toList());
        }
        Objects.requireNonNull(toolChoice, "toolChoice must not be null (use ToolChoice.AUTO)");
        stopSequences = Checks.listOf(stopSequences, "stopSequences");
        for (String s : stopSequences) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException(
                        "stop sequences must not be empty strings, but were " + stopSequences);
            }
        }
        Objects.requireNonNull(preamble, "preamble must not be null (use Optional.empty())");
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
                    preamble);
        }
    }
}
