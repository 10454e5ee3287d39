/** The HTTP server: Javalin on Jetty with virtual threads. */
package ai.lukhas.pwm.server;
