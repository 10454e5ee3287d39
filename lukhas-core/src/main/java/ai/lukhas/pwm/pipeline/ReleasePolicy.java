package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.governance.moderation.PendingPhrases;
import ai.lukhas.pwm.pii.PiiScanner;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * How much of the model's text a stream may release before a model step ends: the replaceable
 * part of {@link StreamSink}. The {@link RequestDriver} moderates the whole text so far before every
 * release whatever the policy says, and releases the rest once the step has ended and passed; a
 * policy only chooses how early moderated text may leave (so a stricter rule, e.g. for secrets, is a
 * new policy, not a change to the loop).
 *
 * <pre>{@code
 * ReleasePolicy.holdBack(64).releasable("…")   // all but the last 64 characters
 * ReleasePolicy.HOLD_ALL.releasable("…")       // 0: nothing before the step ends
 * ReleasePolicy.pendingFindings(PiiScanner.standard(), moderator.pendingPhrases(64), 64) // the pipeline's
 * }</pre>
 */
interface ReleasePolicy {
    /** Nothing leaves before the step ends (a collected answer). */
    ReleasePolicy HOLD_ALL = text -> 0;

    /**
     * The end (exclusive) of the prefix of {@code text} (all the model's text so far) that may
     * leave now, once it has passed moderation whole. The driver caps it at {@code text.length()};
     * a value at or below what was already released releases nothing.
     */
    int releasable(CharSequence text);

    /** Adds what the audit bundle should say about the policy (under {@code request}). */
    default void describe(ObjectNode request) {}

    /**
     * Holds back the last {@code window} characters, so a pattern split across upstream chunks is
     * moderated together with what follows it before its first part leaves.
     */
    static ReleasePolicy holdBack(int window) {
        return new HoldBack(window);
    }

    /** See {@link #holdBack(int)}; audited as {@code stream_window}. */
    record HoldBack(int window) implements ReleasePolicy {
        public HoldBack {
            if (window < 0) {
                throw new IllegalArgumentException("window must be >= 0, but was " + window);
            }
        }

        @Override
        public int releasable(CharSequence text) {
            return text.length() - window;
        }

        @Override
        public void describe(ObjectNode request) {
            request.put("stream_window", window);
        }
    }

    /**
     * The pipeline's streaming policy: a new one per stream (it remembers how far the text is known
     * to be safe). See {@link PendingFindings}.
     */
    static ReleasePolicy pendingFindings(PiiScanner pii, Optional<PendingPhrases> phrases, int phraseWindow) {
        return new PendingFindings(pii, phrases, phraseWindow);
    }

    /**
     * Releases only text that no detector match could still extend into a finding, and no
     * moderation phrase could still be completed:
     *
     * <ul>
     *   <li><b>detector findings</b> (keys, tokens, JWTs, private keys, cards, IBANs, e-mail
     *       addresses, phone numbers): nothing from the start of a pending prefix on
     *       ({@link PiiScanner#pendingStart}), however long it grows; so no character of a finding
     *       leaves before the text holding it, whole, has passed moderation;
     *   <li><b>moderation phrases</b> ("I will kill you" split across chunks): nothing from the
     *       first position where a rule's pattern could still be completed by more text
     *       ({@link PendingPhrases}), in every spelling moderation reads (spaced out, leetspeak,
     *       look-alike or repeated letters, tag characters). When the moderator's rules are not all known patterns (a
     *       custom provider), the open sentence is held instead (after the last {@code . ! ?}
     *       followed by white space, or a line break), at most its last {@code phraseWindow}
     *       characters.
     * </ul>
     *
     * Text before both points is released at once: benign text that cannot start a finding or a
     * phrase waits for nothing. Cost per chunk: the new characters once through the detectors' and
     * the rules' patterns (each only at characters its pattern can start with); a pending prefix is
     * re-tried per chunk while it grows.
     */
    final class PendingFindings implements ReleasePolicy {
        private final PiiScanner pii;
        private final Optional<PendingPhrases> phrases;
        private final int phraseWindow;
        /** Every position before it can never start a finding (monotone as text is appended). */
        private int safeBefore;

        PendingFindings(PiiScanner pii, Optional<PendingPhrases> phrases, int phraseWindow) {
            if (phraseWindow < 0) {
                throw new IllegalArgumentException("phraseWindow must be >= 0, but was " + phraseWindow);
            }
            this.pii = pii;
            this.phrases = phrases;
            this.phraseWindow = phraseWindow;
        }

        @Override
        public int releasable(CharSequence text) {
            int from = Math.min(safeBefore, text.length());
            safeBefore = pii.pendingStart(text, from);
            int phrase = phrases.isPresent()
                    ? phrases.get().releasable(text)
                    : PendingPhrases.openSentenceStart(text, phraseWindow);
            return Math.min(safeBefore, phrase);
        }

        @Override
        public void describe(ObjectNode request) {
            request.put("stream_release", phrases.isPresent() ? "pending_phrases" : "pending_findings");
            request.put("stream_window", phraseWindow);
        }
    }
}
