/**
 * Long-term memory: a colony of agents votes on what enters memory ({@code memory.colony}), the DNA
 * helix keeps every version of it ({@code memory.dna}), and {@code memory.legacy} migrates the old store.
 */
package ai.lukhas.pwm.memory;
