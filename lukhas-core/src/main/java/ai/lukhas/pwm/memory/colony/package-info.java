/**
 * Colony consensus: agents give opinions on what enters long-term memory, a consensus method turns
 * them into a decision (or a reasoned non-decision), and a decided result is written to the DNA helix.
 */
package ai.lukhas.pwm.memory.colony;
