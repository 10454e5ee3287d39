package ai.lukhas.pwm.provider;

/**
 * Every test of {@link OpenAiCompatibleProviderTest} (which runs over the default transport, {@link
 * JettyUpstreamHttp}) again over {@link ApacheUpstreamHttp}: the provider above the seam must not
 * see which client carries the bytes.
 */
class OpenAiCompatibleProviderOverApacheTest extends OpenAiCompatibleProviderTest {
    @Override
    OpenAiCompatibleConfig.Builder config() {
        return super.config().transport(UpstreamTransport.APACHE);
    }
}
