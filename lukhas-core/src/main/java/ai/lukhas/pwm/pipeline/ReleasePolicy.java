package ai.lukhas.pwm.pipeline;

/**
 * How much of a model step's text may be released before the step ends. The driver moderates the
 * whole text so far before every release whatever the policy says, and releases the rest once the
 * step has ended and passed; a policy only chooses how early text may leave.
 *
 * <pre>{@code
 * ReleasePolicy.holdBack(64).releasable("…")   // all but the last 64 characters
 * ReleasePolicy.HOLD_ALL.releasable("…")       // 0: nothing before the step ends
 * }</pre>
 */
@FunctionalInterface
interface ReleasePolicy {
    /** Nothing leaves before the step ends (a collected answer). */
    ReleasePolicy HOLD_ALL = text -> 0;

    /**
     * The end (exclusive) of the prefix of {@code text} that may leave now, once {@code text} has
     * passed moderation whole. Values outside {@code [0, text.length()]} are clamped by the driver;
     * a value at or below what was already released releases nothing.
     */
    int releasable(CharSequence text);

    /**
     * Holds back the last {@code window} characters, so a pattern split across upstream chunks is
     * moderated together with what follows it before its first part leaves.
     */
    static ReleasePolicy holdBack(int window) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0, but was " + window);
        }
        return text -> text.length() - window;
    }
}
