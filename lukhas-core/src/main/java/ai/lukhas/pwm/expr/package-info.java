/**
 * The small, safe expression language of policy files: parsed and type-checked once at load into a
 * tree that evaluates without allocating. No reflection, no script engine, nothing but arithmetic.
 */
package ai.lukhas.pwm.expr;
