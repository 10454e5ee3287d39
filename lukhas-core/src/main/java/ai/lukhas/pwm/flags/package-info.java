/**
 * Feature flags: a registry of known flags, the service that resolves them (override &gt; environment
 * &gt; YAML file &gt; default, re-read every 5 s), and the OpenFeature provider and client adapter.
 */
package ai.lukhas.pwm.flags;
