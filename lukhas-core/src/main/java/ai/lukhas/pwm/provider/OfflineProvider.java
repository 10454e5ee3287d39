package ai.lukhas.pwm.provider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The keyless stand-in for a model: deterministic answers, labelled {@code [lukhas-offline]}, tool
 * calls when the user asks for them in the grammar of {@link OfflineInstructions}, answers from
 * tool results, and streams made by chunking the same answer. It is not a language model and never
 * claims to be one: every response says model {@value #MODEL}.
 */
final class OfflineProvider implements LlmProvider {
    static final String MODEL = "lukhas-offline";
    static final String LABEL = "[lukhas-offline] ";
    static final int DEFAULT_CHUNK_CHARS = 12;

    private final int chunkChars;

    OfflineProvider(int chunkChars) {
        if (chunkChars < 1) {
            throw new IllegalArgumentException("offline chunk size must be >= 1 character, but was " + chunkChars);
        }
        this.chunkChars = chunkChars;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public String model(String configured) {
        return MODEL;
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        return answer(request);
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        ChatResponse r = answer(request);
        List<ChatDelta> deltas = new ArrayList<>();
        deltas.add(new ChatDelta.Started(r.id(), r.model()));
        r.message().content().ifPresent(text -> chunks(text).forEach(c -> deltas.add(new ChatDelta.Content(c))));
        List<FunctionCall> calls = r.message().toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            FunctionCall c = calls.get(i);
            deltas.add(new ChatDelta.ToolCallFragment(i, Optional.of(c.id()), Optional.of(c.name()), ""));
            for (String piece : chunks(c.arguments())) {
                deltas.add(new ChatDelta.ToolCallFragment(i, Optional.empty(), Optional.empty(), piece));
            }
        }
        deltas.add(new ChatDelta.Finished(r.finishReason()));
        r.usage().ifPresent(u -> deltas.add(new ChatDelta.UsageReport(u)));
        return new ListChatStream(deltas);
    }

    private ChatResponse answer(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        String id = "offline-" + digest(request);
        int prompt = messages.stream().mapToInt(OfflineProvider::words).sum();
        ChatMessage last = messages.getLast();
        if (!(last instanceof ToolMessage)) {
            String said = lastUserText(messages);
            List<OfflineInstructions.Requested> asked = OfflineInstructions.parse(said, request.tools());
            if (!asked.isEmpty()) {
                long step = messages.stream()
                                .filter(m -> m instanceof AssistantMessage)
                                .count()
                        + 1;
                List<FunctionCall> calls = new ArrayList<>();
                int completion = 0;
                for (int i = 0; i < asked.size(); i++) {
                    OfflineInstructions.Requested a = asked.get(i);
                    calls.add(new FunctionCall("call_offline_" + step + "_" + (i + 1), a.name(), a.arguments()));
                    completion += words(a.arguments());
                }
                return new ChatResponse(
                        id,
                        MODEL,
                        AssistantMessage.toolCalls(calls),
                        FinishReason.TOOL_CALLS,
                        Optional.of(new Usage(prompt, completion, prompt + completion)));
            }
            return text(request, id, prompt, plainAnswer(said));
        }
        return text(request, id, prompt, fromToolResults(messages));
    }

    private static String plainAnswer(String said) {
        String trimmed = said.strip();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("say:")) {
            return LABEL + trimmed.substring(4).strip();
        }
        return LABEL + "No language model is configured; this is the offline provider. You said: " + trimmed;
    }

    /** "name returned: content" for each trailing tool result, joined by "; ". */
    private static String fromToolResults(List<ChatMessage> messages) {
        int first = messages.size();
        while (first > 0 && messages.get(first - 1) instanceof ToolMessage) {
            first--;
        }
        List<FunctionCall> asked =
                first > 0 && messages.get(first - 1) instanceof AssistantMessage a ? a.toolCalls() : List.of();
        List<String> parts = new ArrayList<>();
        for (ChatMessage m : messages.subList(first, messages.size())) {
            ToolMessage t = (ToolMessage) m;
            String name = asked.stream()
                    .filter(c -> c.id().equals(t.toolCallId()))
                    .map(FunctionCall::name)
                    .findFirst()
                    .orElse("tool call " + t.toolCallId());
            parts.add(name + " returned: " + t.content());
        }
        return LABEL + String.join("; ", parts);
    }

    /** Applies stop sequences, then the output token limit (one token = one whitespace-separated word). */
    private static ChatResponse text(ChatRequest request, String id, int prompt, String answer) {
        String content = answer;
        int cut = -1;
        for (String stop : request.stopSequences()) {
            int at = content.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            content = content.substring(0, cut);
        }
        FinishReason reason = FinishReason.STOP;
        if (request.maxOutputTokens().isPresent()
                && words(content) > request.maxOutputTokens().getAsInt()) {
            content = firstWords(content, request.maxOutputTokens().getAsInt());
            reason = FinishReason.LENGTH;
        }
        int completion = words(content);
        return new ChatResponse(
                id,
                MODEL,
                AssistantMessage.text(content),
                reason,
                Optional.of(new Usage(prompt, completion, prompt + completion)));
    }

    private static String lastUserText(List<ChatMessage> messages) {
        for (ChatMessage m : messages.reversed()) {
            if (m instanceof UserMessage u) {
                return u.content();
            }
        }
        return "";
    }

    private List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int end = i;
            for (int n = 0; n < chunkChars && end < text.length(); n++) {
                end = text.offsetByCodePoints(end, 1);
            }
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }

    private static int words(ChatMessage m) {
        return switch (m) {
            case SystemMessage s -> words(s.content());
            case UserMessage u -> words(u.content());
            case ToolMessage t -> words(t.content());
            case AssistantMessage a ->
                words(a.content().orElse(""))
                        + a.toolCalls().stream()
                                .mapToInt(c -> words(c.arguments()))
                                .sum();
        };
    }

    static int words(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static String firstWords(String s, int n) {
        int count = 0;
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            if (count == n) {
                return s.substring(0, i).stripTrailing();
            }
            while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            count++;
        }
        return s;
    }

    private static String digest(ChatRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ChatMessage m : request.messages()) {
                sha.update(m.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
