package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.provider.EmbeddingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of one governed embeddings request, returned once its audit bundle is durable.
 *
 * <pre>{@code
 * GovernedEmbedding e = pipeline.embed(caller, "s-1", GovernedRequest.NO_USER, request);
 * switch (e.outcome()) { case COMPLETED -> e.response().orElseThrow().data(); ... }
 * }</pre>
 *
 * @param outcome {@link Outcome#COMPLETED}, {@link Outcome#REFUSED} (flagged input: the provider was
 *     not called) or {@link Outcome#PROVIDER_ERROR}
 * @param response the embeddings, present only when completed
 * @param failure what refused or failed the request, otherwise empty
 * @param upstreamTime the time spent waiting for the upstream
 */
public record GovernedEmbedding(
        String auditId,
        Outcome outcome,
        Optional<EmbeddingResponse> response,
        SafetyMode safetyMode,
        List<Incident> incidents,
        Optional<String> failure,
        Duration upstreamTime) {
    public GovernedEmbedding {
        Checks.notBlank(auditId, "auditId");
        Checks.nonNull("outcome, response, safetyMode", outcome, response, safetyMode);
        Checks.nonNull("failure, upstreamTime", failure, upstreamTime);
        incidents = List.copyOf(incidents);
        if ((outcome == Outcome.COMPLETED) != response.isPresent()) {
            throw new IllegalArgumentException("a response is present exactly when the outcome is completed, but the"
                    + " outcome was " + outcome + " and the response " + (response.isPresent() ? "present" : "absent"));
        }
    }
}
