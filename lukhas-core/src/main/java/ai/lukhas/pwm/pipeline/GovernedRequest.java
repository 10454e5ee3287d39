package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.SignalInput;
import ai.lukhas.pwm.provider.ChatMessage;
import ai.lukhas.pwm.provider.FunctionDefinition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chat request as the pipeline receives it after authentication.
 *
 * <pre>{@code
 * GovernedRequest r = GovernedRequest.builder(caller, "s-1", "u-9", List.of(new UserMessage("hello")))
 *         .signals(List.of(SignalInput.of("stress", 0.4, "app")))
 *         .build();
 * GovernedRequest strict = r.toBuilder().params(new ClientParams(...)).build();   // change one field
 * }</pre>
 *
 * @param signals live context signals to record in the session before modulating
 * @param toolAllowlist the request's own tool allowlist (absent: this layer does not narrow)
 * @param clientTools functions the application defined and runs itself; governed like any tool
 * @param model the model to ask for (absent: the pipeline's default model)
 * @param memory memories proposed during the request (see {@link MemoryProposal}); at most 16
 */
public record GovernedRequest(
        Caller caller,
        String sessionId,
        String userId,
        List<ChatMessage> messages,
        List<SignalInput> signals,
        Optional<List<String>> toolAllowlist,
        ClientParams params,
        List<FunctionDefinition> clientTools,
        Optional<String> model,
        List<MemoryProposal> memory) {

    /** The most memory proposals one request may carry. */
    public static final int MAX_MEMORY_PROPOSALS = 16;

    /**
     * The user id of a request that names no user: it reads the shared feedback LUT, and it shares no
     * escalation user scope with any other request (one anonymous caller's incident never makes every
     * anonymous caller strict).
     */
    public static final String NO_USER = "anon";

    public GovernedRequest {
        Objects.requireNonNull(caller, "caller");
        Checks.notBlank(sessionId, "sessionId");
        Checks.notBlank(userId, "userId");
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must hold at least one message, but was empty");
        }
        signals = List.copyOf(Objects.requireNonNull(signals, "signals"));
        toolAllowlist = Objects.requireNonNull(toolAllowlist, "toolAllowlist").map(List::copyOf);
        Objects.requireNonNull(params, "params");
        clientTools = List.copyOf(Objects.requireNonNull(clientTools, "clientTools"));
        Objects.requireNonNull(model, "model");
        model.ifPresent(m -> Checks.notBlank(m, "model"));
        memory = List.copyOf(Objects.requireNonNull(memory, "memory"));
        if (memory.size() > MAX_MEMORY_PROPOSALS) {
            throw new IllegalArgumentException(
                    "memory must hold at most " + MAX_MEMORY_PROPOSALS + " proposals, but held " + memory.size());
        }
    }

    /** The session (tenant, id), the named user (none for {@link #NO_USER}) and the key whose holds apply. */
    public EscalationSubject escalationSubject() {
        return new EscalationSubject(
                SessionKey.of(caller.tenant(), sessionId),
                userId.equals(NO_USER) ? Optional.empty() : Optional.of(userId),
                caller.keyId());
    }

    /**
     * A builder for a request from {@code caller} in {@code sessionId} for {@code userId}; every
     * other field starts empty (no signals, no allowlist, {@link ClientParams#NONE}, no client
     * tools, the default model, no memory proposals).
     */
    public static Builder builder(Caller caller, String sessionId, String userId, List<ChatMessage> messages) {
        return new Builder(caller, sessionId, userId, messages);
    }

    /** A builder holding this request's fields, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(caller, sessionId, userId, messages);
        b.signals = signals;
        b.toolAllowlist = toolAllowlist;
        b.params = params;
        b.clientTools = clientTools;
        b.model = model;
        b.memory = memory;
        return b;
    }

    /** Builds a {@link GovernedRequest}; {@link #build()} validates as the constructor does. */
    public static final class Builder {
        private Caller caller;
        private String sessionId;
        private String userId;
        private List<ChatMessage> messages;
        private List<SignalInput> signals = List.of();
        private Optional<List<String>> toolAllowlist = Optional.empty();
        private ClientParams params = ClientParams.NONE;
        private List<FunctionDefinition> clientTools = List.of();
        private Optional<String> model = Optional.empty();
        private List<MemoryProposal> memory = List.of();

        private Builder(Caller caller, String sessionId, String userId, List<ChatMessage> messages) {
            this.caller = caller;
            this.sessionId = sessionId;
            this.userId = userId;
            this.messages = messages;
        }

        public Builder caller(Caller v) {
            this.caller = v;
            return this;
        }

        public Builder sessionId(String v) {
            this.sessionId = v;
            return this;
        }

        public Builder userId(String v) {
            this.userId = v;
            return this;
        }

        public Builder messages(List<ChatMessage> v) {
            this.messages = v;
            return this;
        }

        public Builder signals(List<SignalInput> v) {
            this.signals = v;
            return this;
        }

        /** The request's own allowlist (narrows the offer; without it this layer does not narrow). */
        public Builder toolAllowlist(List<String> v) {
            this.toolAllowlist = Optional.of(Objects.requireNonNull(v, "toolAllowlist"));
            return this;
        }

        /** As {@link #toolAllowlist(List)}; empty removes the request's allowlist. */
        public Builder toolAllowlist(Optional<List<String>> v) {
            this.toolAllowlist = Objects.requireNonNull(v, "toolAllowlist");
            return this;
        }

        public Builder params(ClientParams v) {
            this.params = v;
            return this;
        }

        public Builder clientTools(List<FunctionDefinition> v) {
            this.clientTools = v;
            return this;
        }

        public Builder model(String v) {
            this.model = Optional.of(Objects.requireNonNull(v, "model"));
            return this;
        }

        /** As {@link #model(String)}; empty asks for the pipeline's default model. */
        public Builder model(Optional<String> v) {
            this.model = Objects.requireNonNull(v, "model");
            return this;
        }

        public Builder memory(List<MemoryProposal> v) {
            this.memory = v;
            return this;
        }

        public GovernedRequest build() {
            return new GovernedRequest(
                    caller, sessionId, userId, messages, signals, toolAllowlist, params, clientTools, model, memory);
        }
    }
}
