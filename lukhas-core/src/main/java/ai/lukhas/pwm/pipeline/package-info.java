/**
 * The governed request pipeline: the one place that composes modulation, feedback, tool governance,
 * moderation, incidents, the provider and the audit log into the order every request takes.
 */
package ai.lukhas.pwm.pipeline;
