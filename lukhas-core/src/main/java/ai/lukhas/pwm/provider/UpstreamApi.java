package ai.lukhas.pwm.provider;

import ai.lukhas.pwm.check.WireName;

/**
 * Which OpenAI wire the upstream speaks. Whatever the choice, the gateway governs the request first
 * (the pipeline works on {@link ChatRequest}s); the provider only translates the governed request
 * into the upstream's wire and its answer back. Its name in configuration ({@code upstream.api}) is its
 * {@link WireName}.
 *
 * <pre>{@code
 * UpstreamApi.parse("responses") // RESPONSES: POST {base}/responses
 * }</pre>
 */
public enum UpstreamApi implements WireName {
    /** {@code POST {base}/chat/completions} (OpenAI, Azure, vLLM, Ollama, llama.cpp: the default). */
    CHAT_COMPLETIONS,
    /** {@code POST {base}/responses}, the OpenAI Responses API. */
    RESPONSES;

    /**
     * Reads a configuration value, case-insensitively.
     *
     * @throws IllegalArgumentException naming both choices and what was given
     */
    public static UpstreamApi parse(String value) {
        return WireName.configValue(
                UpstreamApi.class,
                value,
                "api must be chat_completions (the upstream serves POST"
                        + " {url}/chat/completions) or responses (it serves the OpenAI Responses API, POST {url}/responses)");
    }
}
