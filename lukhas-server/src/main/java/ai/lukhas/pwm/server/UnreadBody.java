package ai.lukhas.pwm.server;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The request body could not be read to its end: the connection broke or went idle in the middle of
 * it. What {@link JettyExchange} throws for any failure of reading the body, so that {@link
 * GatewayServer#answer} tells a client's unfinished request (400, 408) from a fault of the gateway
 * (500) by where it happened, not by the exception's type alone.
 */
final class UnreadBody extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    UnreadBody(IOException cause) {
        super(cause);
    }
}
