/**
 * The HTTP vocabulary every route group shares: {@link ai.lukhas.pwm.server.http.Routes}, RFC 9457
 * problems and the exception that answers one. Depends on no other server package.
 */
package ai.lukhas.pwm.server.http;
