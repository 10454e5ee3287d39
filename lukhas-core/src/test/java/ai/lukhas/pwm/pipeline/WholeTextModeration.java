package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.governance.moderation.ModerationProvider;
import ai.lukhas.pwm.governance.moderation.ModerationProviderException;
import ai.lukhas.pwm.governance.moderation.ModerationRequest;
import ai.lukhas.pwm.governance.moderation.ModerationVerdict;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The local provider's verdicts, but not the local provider: a pipeline with it checks every whole text
 * (the reference the streamed checks, which keep their work from one check to the next, are compared with).
 */
final class WholeTextModeration implements ModerationProvider {
    private final ModerationProvider local = ModerationProvider.local();

    @Override
    public ModerationVerdict moderate(ModerationRequest request) throws ModerationProviderException {
        return local.moderate(request);
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public Optional<List<Pattern>> phrasePatterns() {
        return local.phrasePatterns();
    }
}
