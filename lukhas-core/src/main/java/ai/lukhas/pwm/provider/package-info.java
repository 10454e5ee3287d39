/**
 * LLM providers behind one small SPI: the chat request/response/stream types, an OpenAI-compatible
 * HTTP client with retries and typed errors, and a deterministic offline provider for keyless use.
 */
package ai.lukhas.pwm.provider;
