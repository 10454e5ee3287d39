/**
 * The load/overhead harness: the real gateway in-process in front of a local mock upstream, driven
 * side by side with direct calls, to check ARCHITECTURE.md's gateway-overhead budget (bin/load).
 */
package ai.lukhas.pwm.bench.load;
