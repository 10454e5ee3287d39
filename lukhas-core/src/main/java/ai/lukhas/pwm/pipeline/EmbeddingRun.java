package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.governance.incident.Tightening;
import ai.lukhas.pwm.governance.moderation.ModerationOutcome;
import ai.lukhas.pwm.governance.moderation.ModerationPreset;
import ai.lukhas.pwm.modulation.ModulationResult;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.modulation.StyleDeltas;
import ai.lukhas.pwm.provider.EmbeddingRequest;
import ai.lukhas.pwm.provider.EmbeddingResponse;
import ai.lukhas.pwm.provider.ProviderException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One governed embeddings request: the input is moderated as user input (with the session's preset,
 * holds applied); flagged input is an incident that tightens the session, and is refused (nothing is
 * sent upstream); otherwise the provider embeds it. Every end writes an audit bundle before the
 * result is returned. No tools, no model steps, no signals.
 */
final class EmbeddingRun {
    private final GovernedPipeline p;

    EmbeddingRun(GovernedPipeline p) {
        this.p = p;
    }

    GovernedEmbedding run(Caller caller, String sessionId, String userId, EmbeddingRequest request) {
        String auditId = p.audit.newAuditId();
        Instant start = p.clock.instant();
        EscalationSubject subject = new EscalationSubject(
                SessionKey.of(caller.tenant(), sessionId),
                userId.equals(GovernedRequest.NO_USER) ? Optional.empty() : Optional.of(userId),
                caller.keyId());
        ModulationResult modulation = p.escalation.modulate(subject, StyleDeltas.NONE);
        ModerationPreset preset =
                ModerationPreset.named(modulation.promptStyle().moderationPreset());
        String text = String.join("\n\n", request.input());
        ModerationOutcome verdict = p.moderator.forTenant(caller.tenant()).userInput(text, preset);
        ArrayNode moderation = AuditJson.F.arrayNode();
        moderation.add(AuditJson.moderation(0, verdict, preset.name(), text.length()));
        List<Incident> incidents = new ArrayList<>();
        Outcome outcome;
        Optional<EmbeddingResponse> response = Optional.empty();
        Optional<String> failure = Optional.empty();
        Duration upstream = Duration.ZERO;
        if (verdict.blocked()) {
            Optional<Tightening> t = p.guardian.onModeration(subject, auditId, verdict, StyleDeltas.NONE);
            t.ifPresent(x -> {
                incidents.add(x.incident());
                p.observer.tightened("flagged_input", x.modulation().params().safetyMode());
            });
            modulation = t.map(Tightening::modulation).orElse(modulation);
            outcome = Outcome.REFUSED;
            failure = Optional.of("the input was flagged by moderation");
        } else {
            Instant called = p.clock.instant();
            long nanos = System.nanoTime();
            try {
                response = Optional.of(p.provider.embed(request));
                outcome = Outcome.COMPLETED;
                p.observer.providerCall(Duration.ofNanos(System.nanoTime() - nanos), Optional.empty());
            } catch (ProviderException e) {
                outcome = Outcome.PROVIDER_ERROR;
                failure = Optional.of(String.valueOf(e.getMessage()));
                p.observer.providerCall(
                        Duration.ofNanos(System.nanoTime() - nanos), Optional.of(GovernedPipeline.errorType(e)));
            }
            upstream = Duration.between(called, p.clock.instant());
        }
        Duration overhead = Duration.between(start, p.clock.instant()).minus(upstream);
        ObjectNode req = AuditJson.F.objectNode();
        req.put("kind", "embeddings");
        req.put("key_id", caller.keyId());
        req.put("model", request.model());
        req.put("inputs", request.input().size());
        req.put("input_chars", text.length());
        ArrayNode passed = req.putArray("pass_through");
        request.passThrough().keySet().stream().sorted().forEach(passed::add);
        req.put("overhead_ms", Run.millis(overhead.isNegative() ? Duration.ZERO : overhead));
        req.put("upstream_ms", Run.millis(upstream));
        failure.ifPresent(f -> req.put("failure", f));
        ObjectNode moderationNode = AuditJson.F.objectNode();
        moderationNode.set("verdicts", moderation);
        ArrayNode incidentLog = AuditJson.F.arrayNode();
        incidents.forEach(i -> incidentLog.add(AuditJson.incident(i)));
        ObjectNode usage = AuditJson.F.objectNode();
        response.flatMap(EmbeddingResponse::usage).ifPresent(u -> {
            usage.put("prompt_tokens", u.promptTokens());
            usage.put("total_tokens", u.totalTokens());
        });
        ObjectNode mod = AuditJson.F.objectNode();
        mod.put("final_safety_mode", modulation.params().safetyMode().wireName());
        AuditBundle.Builder bundle = AuditBundle.builder(auditId, p.clock.instant())
                .tenant(caller.tenant())
                .session(sessionId)
                .user(userId)
                .request(req)
                .modulation(mod)
                .moderation(moderationNode)
                .incidents(incidentLog)
                .provider(p.provider.name())
                .model(response.map(EmbeddingResponse::model).orElse(request.model()))
                .usage(usage)
                .latencyMs(
                        Math.max(0, Duration.between(start, p.clock.instant()).toMillis()));
        p.recordEnd(bundle, outcome, subject, incidents.size());
        GovernedEmbedding result = new GovernedEmbedding(
                auditId, outcome, response, modulation.params().safetyMode(), incidents, failure, upstream);
        p.observer.embeddingsEnded(result);
        return result;
    }
}
