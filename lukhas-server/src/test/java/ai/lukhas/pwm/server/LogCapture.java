package ai.lukhas.pwm.server;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Collects what is logged while a test has it as {@code System.err} (slf4j-simple writes to whatever
 * {@code System.err} is at each log call); {@link #seen} opens once a line containing the marker was
 * written.
 *
 * <pre>{@code
 * LogCapture captured = new LogCapture("client disconnected");
 * System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
 * }</pre>
 */
public final class LogCapture extends OutputStream {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final String marker;
    public final CountDownLatch seen = new CountDownLatch(1);

    public LogCapture(String marker) {
        this.marker = marker;
    }

    @Override
    public synchronized void write(int b) {
        buf.write(b);
        if (b == '\n' && text().contains(marker)) {
            seen.countDown();
        }
    }

    public synchronized String text() {
        return buf.toString(StandardCharsets.UTF_8);
    }
}
