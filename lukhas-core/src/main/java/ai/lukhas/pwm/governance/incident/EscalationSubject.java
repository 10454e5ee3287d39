package ai.lukhas.pwm.governance.incident;

import ai.lukhas.pwm.check.Checks;
import ai.lukhas.pwm.modulation.SessionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who a modulation or an incident concerns: the session (tenant and id), the user the request named
 * (if any) and the API key it came with. The holds on any of them apply.
 *
 * <pre>{@code
 * new EscalationSubject(SessionKey.of("acme", "s-1"), Optional.of("alice"), "key_01");
 * }</pre>
 */
public record EscalationSubject(SessionKey session, Optional<String> userId, String keyId) {
    public EscalationSubject {
        Checks.nonNull("session, userId", session, userId);
        userId = userId.filter(u -> !u.isBlank());
        Checks.notBlank(keyId, "keyId");
    }

    /** The scopes whose holds apply to this subject under {@code settings}: session, then user, then key. */
    List<HoldScope> scopes(EscalationSettings settings) {
        List<HoldScope> scopes = new ArrayList<>(3);
        scopes.add(new HoldScope.Session(session));
        if (settings.userScope() && userId.isPresent()) {
            scopes.add(new HoldScope.User(session.tenant(), userId.get()));
        }
        if (settings.keyScope()) {
            scopes.add(new HoldScope.Key(keyId));
        }
        return scopes;
    }
}
