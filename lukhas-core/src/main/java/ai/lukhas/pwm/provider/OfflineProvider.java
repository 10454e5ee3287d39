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

    /**
     * Deterministic stand-in vectors: for each input, {@value #EMBEDDING_DIMENSIONS} numbers (or
     * {@code dimensions}) from SHA-256 of the text in counter mode, each in [-1, 1), scaled to unit
     * length. The same text always gives the same vector; it carries no meaning. Usage counts one
     * token per whitespace-separated word.
     */
    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
        int dims = request.passThrough().containsKey("dimensions")
                ? request.passThrough().get("dimensions").asInt(EMBEDDING_DIMENSIONS)
                : EMBEDDING_DIMENSIONS;
        com.fasterxml.jackson.databind.node.ArrayNode data =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        int tokens = 0;
        for (int i = 0; i < request.input().size(); i++) {
            String text = request.input().get(i);
            tokens += text.isBlank() ? 0 : text.strip().split("\\s+").length;
            float[] v = vector(text, dims);
            com.fasterxml.jackson.databind.node.ObjectNode e =
                    data.addObject().put("object", "embedding").put("index", i);
            if (request.base64()) {
                java.nio.ByteBuffer buf =
                        java.nio.ByteBuffer.allocate(4 * dims).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (float f : v) {
                    buf.putFloat(f);
                }
                e.put("embedding", java.util.Base64.getEncoder().encodeToString(buf.array()));
            } else {
                com.fasterxml.jackson.databind.node.ArrayNode arr = e.putArray("embedding");
                for (float f : v) {
                    arr.add(f);
                }
            }
        }
        return new EmbeddingResponse(MODEL, data, Optional.of(new Usage(tokens, 0, tokens)));
    }

    /** The offline embedding length when the request names no {@code dimensions}. */
    static final int EMBEDDING_DIMENSIONS = 16;

    static float[] vector(String text, int dims) {
        float[] v = new float[dims];
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        double norm = 0;
        for (int block = 0; block * 8 < dims; block++) {
            java.security.MessageDigest sha;
            try {
                sha = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
            sha.update(java.nio.ByteBuffer.allocate(4).putInt(block).array());
            byte[] h = sha.digest(bytes);
            for (int j = 0; j < 8 && block * 8 + j < dims; j++) {
                int word = java.nio.ByteBuffer.wrap(h, j * 4, 4).getInt();
                v[block * 8 + j] = (float) (word / 2147483648.0);
                norm += v[block * 8 + j] * (double) v[block * 8 + j];
            }
        }
        double len = Math.sqrt(norm);
        for (int i = 0; i < dims && len > 0; i++) {
            v[i] = (float) (v[i] / len);
        }
        return v;
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
