package ai.lukhas.pwm.pipeline;

import ai.lukhas.pwm.pii.PiiScanner;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
 * ReleasePolicy.pendingFindings(PiiScanner.standard(), 64) // the pipeline's: see PendingFindings
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
    static ReleasePolicy pendingFindings(PiiScanner pii, int phraseWindow) {
        return new PendingFindings(pii, phraseWindow);
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
     *   <li><b>moderation phrases</b> ("I will kill you" split across chunks): the open sentence
     *       (after the last {@code . ! ?} followed by white space, or a line break) is held, but at
     *       most its last {@code phraseWindow} characters, so a sentence that never ends does not
     *       hold everything back.
     * </ul>
     *
     * Text before both points is released at once (no fixed delay for benign text). Cost per chunk:
     * the new characters once through the detectors' anchored patterns (only those whose first
     * character can start a match), plus a backward scan of at most {@code phraseWindow} characters;
     * the pending prefix itself is re-tried per chunk while it grows.
     */
    final class PendingFindings implements ReleasePolicy {
        private final PiiScanner pii;
        private final int phraseWindow;
        /** Every position before it can never start a finding (monotone as text is appended). */
        private int safeBefore;

        PendingFindings(PiiScanner pii, int phraseWindow) {
            if (phraseWindow < 0) {
                throw new IllegalArgumentException("phraseWindow must be >= 0, but was " + phraseWindow);
            }
            this.pii = pii;
            this.phraseWindow = phraseWindow;
        }

        @Override
        public int releasable(CharSequence text) {
            int from = Math.min(safeBefore, text.length());
            safeBefore = pii.pendingStart(text, from);
            return Math.min(safeBefore, openSentenceStart(text, phraseWindow));
        }

        /** Where the open sentence starts, but no earlier than {@code window} characters before the end. */
        static int openSentenceStart(CharSequence text, int window) {
            int n = text.length();
            int floor = Math.max(0, n - window);
            for (int i = n - 1; i >= floor; i--) {
                char c = text.charAt(i);
                if (c == '\n') {
                    return i + 1;
                }
                if (i + 1 < n && Character.isWhitespace(text.charAt(i + 1)) && (c == '.' || c == '!' || c == '?')) {
                    return i + 1;
                }
            }
            return floor;
        }

        @Override
        public void describe(ObjectNode request) {
            request.put("stream_release", "pending_findings");
            request.put("stream_window", phraseWindow);
        }
    }
}
