package ai.lukhas.pwm.server.api;

import com.openai.client.OpenAIClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server tests over a real gateway: a fresh {@link TestGateway} per test on its own temporary
 * directory ({@link #dir}), closed after the test. A subclass's own {@code @BeforeEach} runs after
 * the gateway has started, its {@code @AfterEach} before the gateway closes; a subclass that needs
 * another gateway (its own upstream, settings) overrides {@link #openGateway()}.
 */
abstract class GatewayTest {
    @TempDir
    Path dir;

    TestGateway gw;
    private OpenAIClient sdk;

    /** The gateway of each test: the default {@link TestGateway} on {@link #dir}. */
    TestGateway openGateway() {
        return new TestGateway(dir);
    }

    /** The official OpenAI Java SDK pointed at {@link #gw} with the admin key; made on first use, closed after the test. */
    OpenAIClient sdk() {
        if (sdk == null) {
            sdk = gw.openAiClient(gw.admin);
        }
        return sdk;
    }

    @BeforeEach
    final void startGateway() {
        gw = openGateway();
    }

    @AfterEach
    final void closeGateway() {
        if (sdk != null) {
            sdk.close();
        }
        gw.close();
    }
}
