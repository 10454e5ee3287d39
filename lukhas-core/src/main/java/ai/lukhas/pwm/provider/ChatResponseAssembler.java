package ai.lukhas.pwm.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a {@link ChatResponse} from stream deltas: concatenates content, assembles tool calls by
 * index, and keeps the finish reason and usage. Not thread-safe.
 *
 * <pre>{@code
 * ChatResponseAssembler a = new ChatResponseAssembler();
 * released.forEach(a::accept);
 * ChatResponse whole = a.response();
 * }</pre>
 */
public final class ChatResponseAssembler {
    private String id = "";
    private String model = "";
    private final StringBuilder content = new StringBuilder();
    private boolean sawContent;
    private final TreeMap<Integer, PartialCall> calls = new TreeMap<>();
    private Optional<FinishReason> finish = Optional.empty();
    private Optional<Usage> usage = Optional.empty();

    private static final class PartialCall {
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
    }

    /** Adds one delta. */
    public void accept(ChatDelta delta) {
        switch (delta) {
            case ChatDelta.Started s -> {
                id = s.id();
                model = s.model();
            }
            case ChatDelta.Content c -> {
                content.append(c.text());
                sawContent = true;
            }
            case ChatDelta.ToolCallFragment t -> {
                PartialCall call = calls.computeIfAbsent(t.index(), i -> new PartialCall());
                if (call.id.isEmpty()) {
                    t.id().ifPresent(s -> call.id = s);
                }
                // OpenAI sends the name once; some servers repeat it on every fragment, others split it
                t.name().filter(s -> !s.equals(call.name)).ifPresent(s -> call.name += s);
                call.arguments.append(t.argumentsFragment());
            }
            case ChatDelta.Finished f -> finish = Optional.of(f.reason());
            case ChatDelta.UsageReport u -> usage = Optional.of(u.usage());
        }
    }

    /** The text received so far. */
    public String content() {
        return content.toString();
    }

    /**
     * The response assembled so far. Without a {@link ChatDelta.Finished} the finish reason is
     * {@code tool_calls} when tool calls arrived and {@code stop} otherwise.
     *
     * @throws IllegalStateException if no {@link ChatDelta.Started} was seen, or a tool call
     *     never received its id or name
     */
    public ChatResponse response() {
        if (id.isEmpty()) {
            throw new IllegalStateException("cannot assemble a response: the stream never started");
        }
        List<FunctionCall> toolCalls = new ArrayList<>();
        calls.forEach((index, c) -> {
            if (c.id.isEmpty() || c.name.isEmpty()) {
                throw new IllegalStateException(
                        "tool call at index " + index + " never received its " + (c.id.isEmpty() ? "id" : "name"));
            }
            toolCalls.add(new FunctionCall(c.id, c.name, c.arguments.toString()));
        });
        FinishReason reason = finish.orElse(toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS);
        Optional<String> text = sawContent || toolCalls.isEmpty() ? Optional.of(content.toString()) : Optional.empty();
        return new ChatResponse(id, model, new AssistantMessage(text, toolCalls), reason, usage);
    }
}
