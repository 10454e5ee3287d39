/**
 * The executors behind the canonical tools: retrieval over a knowledge search SPI, a durable task
 * scheduler, an SSRF-safe browser and a bubblewrap code sandbox. Only the tool gate calls them.
 */
package ai.lukhas.pwm.governance.tools.exec;
