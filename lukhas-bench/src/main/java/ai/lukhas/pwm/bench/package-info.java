/**
 * JMH benchmarks. Build and run with {@code bin/bench [JMH options] [regex]}; record results and the
 * exact command in {@code docs/benchmarks.md}.
 */
package ai.lukhas.pwm.bench;
