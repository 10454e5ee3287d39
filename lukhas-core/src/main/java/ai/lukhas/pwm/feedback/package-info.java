/**
 * Feedback cards and the style look-up table they feed: users tune style (temperature, top_p,
 * memory writes, verbosity) within fixed bounds, never safety.
 */
package ai.lukhas.pwm.feedback;
