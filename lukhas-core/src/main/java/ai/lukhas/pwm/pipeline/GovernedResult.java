package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.governance.incident.Incident;
import ai.lukhas.pwm.modulation.ModulatedParams;
import ai.lukhas.pwm.modulation.SafetyMode;
import ai.lukhas.pwm.provider.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one governed request, returned only after its audit bundle is durable.
 *
 * <pre>{@code
 * GovernedResult r = pipeline.complete(request);
 * r.auditId();      // x-lukhas-audit-id
 * r.safetyMode();   // x-lukhas-safety-mode: the mode in force when the request ended
 * r.response().message().content();
 * }</pre>
 *
 * @param response what the client receives: the model text released (moderated) before the request
 *     ended, or the refusal; see {@link Outcome} and {@code RequestDriver} for each end
 * @param params the parameters in force when the request ended, after client tightening
 * @param incidents the incidents this request recorded, in order
 * @param failure for {@link Outcome#PROVIDER_ERROR}, the provider's error message (redacted of the
 *     upstream key by the provider); otherwise empty
 * @param memory the outcome of each memory proposal, in request order
 * @param upstreamTime the time spent waiting for the upstream (every model step), so a server can
 *     report its own overhead as its time minus this
 * @param droppedStops the client's stop sequences left out because the policy's took their places
 *     (at most {@link ai.lukhas.pwm.provider.ChatRequest#MAX_STOP_SEQUENCES} reach the model)
 */
public record GovernedResult(
        String auditId,
        ChatResponse response,
        SafetyMode safetyMode,
        ModulatedParams params,
        List<Incident> incidents,
        Outcome outcome,
        Optional<String> failure,
        List<MemoryOutcome> memory,
        Duration upstreamTime,
        List<String> droppedStops) {

    public GovernedResult {
        droppedStops = List.copyOf(Objects.requireNonNull(droppedStops, "droppedStops"));
        Checks.notBlank(auditId, "auditId");
        Checks.nonNull("response, safetyMode, params", response, safetyMode, params);
        incidents = List.copyOf(Objects.requireNonNull(incidents, "incidents"));
        Checks.nonNull("outcome, failure", outcome, failure);
        memory = List.copyOf(Objects.requireNonNull(memory, "memory"));
        Objects.requireNonNull(upstreamTime, "upstreamTime");
    }
}
