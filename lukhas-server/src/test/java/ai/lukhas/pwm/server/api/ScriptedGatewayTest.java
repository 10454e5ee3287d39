package ai.lukhas.pwm.server.api;

import org.junit.jupiter.api.AfterEach;

/**
 * A {@link GatewayTest} whose gateway calls a {@link ScriptedUpstream} ({@link #upstream}): one that
 * speaks chat completions, unless a subclass's {@link #startUpstream()} starts another (the Responses
 * API wire). The upstream is closed after each test.
 */
abstract class ScriptedGatewayTest extends GatewayTest {
    ScriptedUpstream upstream;

    /** The upstream of each test. */
    ScriptedUpstream startUpstream() {
        return ScriptedUpstream.start();
    }

    @Override
    final TestGateway openGateway() {
        upstream = startUpstream();
        return new TestGateway(dir, upstream.yaml());
    }

    @AfterEach
    final void closeUpstream() {
        upstream.close();
    }
}
