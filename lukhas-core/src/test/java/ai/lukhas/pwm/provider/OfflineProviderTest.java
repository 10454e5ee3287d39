package ai.lukhas.pwm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The offline provider: labelled, deterministic, tool calls on request, answers from tool results, streams. */
class OfflineProviderTest {
    final LlmProvider offline = LlmProvider.offline();

    static FunctionDefinition tool(String name, String schema) throws IOException {
        return new FunctionDefinition(name, "", (ObjectNode) FakeUpstream.JSON.readTree(schema));
    }

    static FunctionDefinition openUrl() throws IOException {
        return tool(
                "open_url",
                "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}},\"required\":[\"url\"]}");
    }

    static FunctionDefinition retrieveKnowledge() throws IOException {
        return tool(
                "retrieve_knowledge",
                "{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"integer\"},\"query\":{\"type\":\"string\"}},"
                        + "\"required\":[\"query\"]}");
    }

    static ChatRequest ask(String text, List<FunctionDefinition> tools) {
        return ChatRequest.builder("gpt-4o").user(text).tools(tools).build();
    }

    @Test
    void answersPlainlyLabelledAsOfflineWhateverModelWasAskedFor() {
        ChatResponse r = offline.complete(ask("What causes tides?", List.of()));
        assertThat(r.model()).isEqualTo("lukhas-offline");
        assertThat(r.message().content())
                .contains("[lukhas-offline] No language model is configured; this is the offline provider. "
                        + "You said: What causes tides?");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.message().toolCalls()).isEmpty();
        assertThat(offline.name()).isEqualTo("offline");
    }

    @Test
    void isDeterministic() throws IOException {
        ChatRequest request = ask("call retrieve_knowledge with query=tides", List.of(retrieveKnowledge()));
        assertThat(offline.complete(request)).isEqualTo(LlmProvider.offline().complete(request));
        assertThat(offline.complete(ask("a", List.of())).id())
                .isNotEqualTo(offline.complete(ask("b", List.of())).id());
    }

    @Test
    void saySpeaksTheGivenTextAfterTheLabel() {
        assertThat(offline.complete(ask("say: my card is 4111 1111 1111 1111", List.of()))
                        .message()
                        .content())
                .contains("[lukhas-offline] my card is 4111 1111 1111 1111");
    }

    @Test
    void callsAToolWithKeyValueArguments() throws IOException {
        ChatResponse r = offline.complete(
                ask("Please call retrieve_knowledge with query=\"tides, moon\", k=3.", List.of(retrieveKnowledge())));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.message().content()).isEmpty();
        assertThat(r.message().toolCalls())
                .containsExactly(new FunctionCall(
                        "call_offline_1_1", "retrieve_knowledge", "{\"query\":\"tides, moon\",\"k\":\"3\"}"));
    }

    @Test
    void useTheToolOnAValueFillsTheToolsPrimaryParameter() throws IOException {
        ChatResponse r = offline.complete(ask("use the open_url tool on https://example.com/a.", List.of(openUrl())));
        assertThat(r.message().toolCalls())
                .containsExactly(
                        new FunctionCall("call_offline_1_1", "open_url", "{\"url\":\"https://example.com/a\"}"));
        ChatResponse lone = offline.complete(ask("call retrieve_knowledge with tides", List.of(retrieveKnowledge())));
        assertThat(lone.message().toolCalls().getFirst().arguments()).isEqualTo("{\"query\":\"tides\"}");
    }

    @Test
    void callsExactlyTheToolNamedEvenWhenItWasNotOffered() throws IOException {
        ChatResponse r = offline.complete(ask("call delete_everything with path=/", List.of(openUrl())));
        assertThat(r.message().toolCalls())
                .containsExactly(new FunctionCall("call_offline_1_1", "delete_everything", "{\"path\":\"/\"}"));
        ChatResponse named = offline.complete(ask("use the shell tool on rm -rf /tmp/x", List.of()));
        assertThat(named.message().toolCalls())
                .containsExactly(new FunctionCall("call_offline_1_1", "shell", "{\"input\":\"rm -rf /tmp/x\"}"));
    }

    @Test
    void aJsonObjectIsPassedVerbatimEvenWhenMalformed() throws IOException {
        ChatResponse good =
                offline.complete(ask("call retrieve_knowledge with {\"query\": \"a}b\", \"k\": 2} now", List.of()));
        assertThat(good.message().toolCalls().getFirst().arguments()).isEqualTo("{\"query\": \"a}b\", \"k\": 2}");
        ChatResponse bad = offline.complete(ask("call retrieve_knowledge with {\"query\": ", List.of()));
        assertThat(bad.message().toolCalls().getFirst().arguments()).isEqualTo("{\"query\":");
    }

    @Test
    void severalInstructionsGiveSeveralCallsInOrder() throws IOException {
        ChatResponse r = offline.complete(ask(
                "call retrieve_knowledge with query=tides; then use the open_url tool on https://a.example, and call"
                        + " the weather tool",
                List.of(openUrl(), retrieveKnowledge())));
        assertThat(r.message().toolCalls())
                .extracting(FunctionCall::name, FunctionCall::arguments)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("retrieve_knowledge", "{\"query\":\"tides\"}"),
                        org.assertj.core.groups.Tuple.tuple("open_url", "{\"url\":\"https://a.example\"}"),
                        org.assertj.core.groups.Tuple.tuple("weather", "{}"));
        assertThat(r.message().toolCalls()).extracting(FunctionCall::id).doesNotHaveDuplicates();
    }

    @Test
    void aBareValueRunsOnOverWordsThatDoNotStartAnInstruction() throws IOException {
        ChatResponse r = offline.complete(ask(
                "call retrieve_knowledge with query=how to use tools and call the weather tool",
                List.of(retrieveKnowledge())));
        assertThat(r.message().toolCalls())
                .extracting(FunctionCall::name, FunctionCall::arguments)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("retrieve_knowledge", "{\"query\":\"how to use tools\"}"),
                        org.assertj.core.groups.Tuple.tuple("weather", "{}"));
    }

    @Test
    void ordinaryWordsAreNotToolCalls() {
        for (String text :
                List.of("call me later", "I will use the tool wisely", "recall open_url", "Call it a day.")) {
            assertThat(offline.complete(ask(text, List.of())).message().toolCalls())
                    .as(text)
                    .isEmpty();
        }
    }

    @Test
    void consumesToolResultsInTheNextStep() throws IOException {
        ChatRequest first = ask(
                "call retrieve_knowledge with query=tides and use the open_url tool on https://a.example",
                List.of(openUrl(), retrieveKnowledge()));
        ChatResponse calls = offline.complete(first);
        List<FunctionCall> made = calls.message().toolCalls();
        assertThat(made).hasSize(2);

        ChatResponse answer = offline.complete(first.toBuilder()
                .message(calls.message())
                .message(new ToolMessage(made.get(0).id(), "Tides follow the moon."))
                .message(new ToolMessage(made.get(1).id(), "blocked: open_url is not allowed"))
                .build());

        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.message().content())
                .contains("[lukhas-offline] retrieve_knowledge returned: Tides follow the moon.; "
                        + "open_url returned: blocked: open_url is not allowed");
        assertThat(answer.message().toolCalls()).isEmpty();
    }

    @Test
    void toolCallIdsCountTheStep() throws IOException {
        ChatRequest twoTurns = ChatRequest.builder("m")
                .user("call retrieve_knowledge with query=a")
                .message(AssistantMessage.toolCalls(
                        List.of(new FunctionCall("call_offline_1_1", "retrieve_knowledge", "{}"))))
                .message(new ToolMessage("call_offline_1_1", "nothing"))
                .message(AssistantMessage.text("[lukhas-offline] retrieve_knowledge returned: nothing"))
                .user("call retrieve_knowledge with query=b")
                .build();
        assertThat(offline.complete(twoTurns).message().toolCalls().getFirst().id())
                .isEqualTo("call_offline_3_1");
    }

    @Test
    void honoursStopSequencesAndTheOutputTokenLimit() {
        ChatResponse stopped = offline.complete(ChatRequest.builder("m")
                .user("say: one two ### three")
                .stopSequences(List.of("###"))
                .build());
        assertThat(stopped.message().content()).contains("[lukhas-offline] one two ");
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);

        ChatResponse cut = offline.complete(ChatRequest.builder("m")
                .user("say: one two three four five")
                .maxOutputTokens(3)
                .build());
        assertThat(cut.message().content()).contains("[lukhas-offline] one two");
        assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(cut.usage().orElseThrow().completionTokens()).isEqualTo(3);
    }

    @Test
    void streamsTheSameAnswerInChunks() throws IOException {
        for (ChatRequest request : List.of(
                ask("What causes tides? Tell me everything about the moon.", List.of()),
                ask("call retrieve_knowledge with query=tides of the northern sea", List.of(retrieveKnowledge())))) {
            LlmProvider chunky = LlmProvider.offline(5);
            List<ChatDelta> deltas = new ArrayList<>();
            try (ChatStream s = chunky.stream(request)) {
                for (Optional<ChatDelta> d = s.next(); d.isPresent(); d = s.next()) {
                    deltas.add(d.get());
                }
            }
            assertThat(deltas.getFirst())
                    .isEqualTo(new ChatDelta.Started(chunky.complete(request).id(), "lukhas-offline"));
            assertThat(deltas)
                    .filteredOn(
                            d -> d instanceof ChatDelta.Content c && c.text().length() > 5)
                    .isEmpty();
            assertThat(deltas.size()).isGreaterThan(4);
            ChatResponseAssembler assembler = new ChatResponseAssembler();
            deltas.forEach(assembler::accept);
            assertThat(assembler.response()).isEqualTo(chunky.complete(request));
        }
    }

    @Test
    void closingAStreamEndsIt() {
        ChatStream s = offline.stream(ask("hello there", List.of()));
        assertThat(s.next()).isPresent();
        s.close();
        assertThat(s.next()).isEmpty();
    }

    @Test
    void isTheDefaultWhenNoUpstreamIsConfigured() {
        LlmProvider p = LlmProvider.configured(OpenAiCompatibleConfig.fromEnvironment(java.util.Map.of()));
        assertThat(p.name()).isEqualTo("offline");
        assertThat(p.complete(ask("hi", List.of())).model()).isEqualTo("lukhas-offline");
    }
}
