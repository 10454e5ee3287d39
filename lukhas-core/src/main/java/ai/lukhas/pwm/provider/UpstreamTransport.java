package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.WireName;

/**
 * Which HTTP client carries the bytes to an OpenAI-compatible upstream. Both pool keep-alive
 * HTTP/1.1 connections and behave the same to the provider above them (timeouts, errors, streaming
 * with back-pressure, a stream closed early aborting the call); they differ in which thread does
 * the socket I/O. Its name in configuration ({@code upstream.transport}) is its {@link WireName}.
 *
 * <pre>{@code
 * UpstreamTransport.parse("jetty") // JETTY
 * }</pre>
 */
public enum UpstreamTransport implements WireName {
    /** Apache HttpClient 5 classic: the request's own thread writes the request and reads the answer. */
    APACHE,
    /** Jetty's {@code HttpClient}: its selector thread reads the answer and wakes the request's thread. */
    JETTY;

    /**
     * Reads a configuration value, case-insensitively.
     *
     * @throws IllegalArgumentException naming both choices and what was given
     */
    public static UpstreamTransport parse(String value) {
        return WireName.configValue(
                UpstreamTransport.class,
                value,
                "transport must be apache (the request's thread does the"
                        + " upstream I/O) or jetty (Jetty's client selector reads the answers)");
    }
}
