/**
 * Argument checks shared by every core package ({@link ai.lukhas.pwm.check.Checks}): value first, field
 * name second, messages that say what was expected and what was given; the one base for errors that point
 * into a text ({@link ai.lukhas.pwm.check.PositionedException}); and the one wire-name rule for enums
 * ({@link ai.lukhas.pwm.check.WireName}). Depends on nothing.
 */
package ai.lukhas.pwm.check;
