package ai.lukhas.pwm.server.api;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server tests over a real gateway: a fresh {@link TestGateway} per test on its own temporary
 * directory ({@link #dir}), closed after the test. A subclass's own {@code @BeforeEach} runs after
 * the gateway has started, its {@code @AfterEach} before the gateway closes.
 */
abstract class GatewayTest {
    @TempDir
    Path dir;

    TestGateway gw;

    @BeforeEach
    final void startGateway() {
        gw = new TestGateway(dir);
    }

    @AfterEach
    final void closeGateway() {
        gw.close();
    }
}
