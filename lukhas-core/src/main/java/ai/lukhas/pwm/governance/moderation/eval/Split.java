package ai.lukhas.pwm.governance.moderation.eval;

import ai.lukhas.pwm.check.WireName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which part of the evaluation set an item belongs to. Tuning (rules, weights, the classifier's training)
 * may only look at {@link #TUNE}; {@link #HELD_OUT} measures what the tuning did not see. The split of an
 * item is a function of its group, fixed before any tuning: see {@link #of(String)}.
 */
public enum Split implements WireName {
    TUNE,
    HELD_OUT;

    /**
     * The split of a group: {@code held_out} when the first byte of SHA-256(group, UTF-8) mod 10 is below 3
     * (about 30 % of the groups), else {@code tune}. The generator script uses the same rule.
     */
    public static Split of(String group) {
        try {
            byte first = MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8))[0];
            return (first & 0xFF) % 10 < 3 ? HELD_OUT : TUNE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
