/**
 * Text types shared by every core package: {@link ai.lukhas.pwm.text.GrowingText}, a text that only grows
 * (a model's answer as it streams), which its readers may read in place and remember by length. Depends on
 * nothing.
 */
package ai.lukhas.pwm.text;
