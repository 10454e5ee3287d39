package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.governance.moderation.ContentKind;
import ai.lukhas.pwm.governance.moderation.ModerationCategory;
import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.ModerationProviderException;
import ai.lukhas.pwm.governance.moderation.ModerationRequest;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A moderation provider that flags text of the given kinds containing {@code marker} (violence 1.0)
 * and passes everything else — so a test can flag exactly one stage. Everything else goes to the
 * local provider.
 */
record MarkerModeration(String marker, Set<ContentKind> kinds) implements ModerationProvider {
    private static final ModerationProvider LOCAL = ModerationProvider.local();

    @Override
    public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
        if (kinds.contains(request.kind()) && request.text().contains(marker)) {
            return new ModerationVerdict(
                    "marker",
                    Map.of(ModerationCategory.VIOLENCE, 1.0),
                    Set.of(ModerationCategory.VIOLENCE),
                    List.of("marker:" + marker));
        }
        return LOCAL.moderate(request);
    }

    @Override
    public String name() {
        return "marker";
    }
}
