package ai.lukhas.pwm.server;

import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * The same deadline as {@link BodyDeadline} for a request's head (request line and headers), which no
 * handler sees until it is whole: Jetty itself bounds a head only by its size (8 KiB, then 431) and the
 * idle timeout between two reads, so a head trickled a byte every few seconds could hold a connection
 * for days. Here, when more of a head arrives after the deadline counted from its first byte, the
 * connection is closed without an answer, as Jetty closes a connection whose head went idle. A head
 * therefore takes at most the deadline plus one idle timeout.
 *
 * <p>Cost: no timer; one comparison each time the connection has bytes to read, against the first-byte
 * time Jetty's parser records anyway, on the body deadline's clock ({@link BodyDeadline#time()}).
 *
 * <pre>{@code HeadDeadline.install(connector, new BodyDeadline(Duration.ofSeconds(30), DeadlineTime.JETTY));}</pre>
 */
final class HeadDeadline extends HttpConnectionFactory {
    private final BodyDeadline body;
    private final long timeoutNanos;
    private final DeadlineTime time;

    private HeadDeadline(HttpConnectionFactory replaced, BodyDeadline body) {
        super(replaced.getHttpConfiguration());
        setTransferEncodingChunkMaxLength(replaced.getTransferEncodingChunkMaxLength());
        this.body = body;
        this.timeoutNanos = body.timeout().toNanos();
        this.time = body.time();
    }

    /**
     * Replaces {@code connector}'s HTTP/1.1 connection factory with one whose connections hold heads to
     * {@code body}'s deadline (and count the connections closed for it there). Before the connector starts.
     */
    static void install(AbstractConnector connector, BodyDeadline body) {
        HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
        if (http != null && !(http instanceof HeadDeadline)) {
            connector.addConnectionFactory(new HeadDeadline(http, body));
        }
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new Held(this, connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** An HTTP/1.1 connection that checks its head's age before it reads more. */
    private static final class Held extends HttpConnection {
        private final HeadDeadline deadline;

        Held(HeadDeadline deadline, Connector connector, EndPoint endPoint) {
            super(deadline.getHttpConfiguration(), connector, endPoint);
            this.deadline = deadline;
        }

        @Override
        public void onFillable() {
            HttpParser parser = getParser();
            // between requests the parser is at START: a kept-alive connection waits as long as the idle timeout
            if (!parser.isStart()
                    && parser.inHeaderState()
                    && deadline.time.nanosSince(parser.getBeginNanoTime()) > deadline.timeoutNanos) {
                deadline.body.headClosed();
                getEndPoint()
                        .close(new TimeoutException("the request head did not arrive whole within "
                                + deadline.body.timeout().toMillis() + " ms"));
                return;
            }
            super.onFillable();
        }
    }
}
