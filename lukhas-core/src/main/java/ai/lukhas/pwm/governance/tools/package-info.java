/**
 * Tool governance: the tool registry, which tools a request is offered and why others are not, and the
 * call-time gate that is the only path from a model's tool call to an executor (safety invariant 4).
 */
package ai.lukhas.pwm.governance.tools;
