/**
 * Turns context signals into bounded model parameters through a declarative policy, with alignment
 * risk applied as caps that can only tighten, and a trace that explains every value.
 */
package ai.lukhas.pwm.modulation;
