package ai.lukhas.pwm.provider;

/**
 * Every test of {@link OpenAiCompatibleProviderTest} (which runs over the default transport, {@link
 * ApacheUpstreamHttp}) again over {@link JettyUpstreamHttp}: the provider above the seam must not
 * see which client carries the bytes.
 */
class OpenAiCompatibleProviderOverJettyTest extends OpenAiCompatibleProviderTest {
    @Override
    OpenAiCompatibleConfig.Builder config() {
        return super.config().transport(UpstreamTransport.JETTY);
    }
}
