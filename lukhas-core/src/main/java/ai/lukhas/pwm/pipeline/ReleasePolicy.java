package ai.lukhas.pwm.pipeline;

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
}
