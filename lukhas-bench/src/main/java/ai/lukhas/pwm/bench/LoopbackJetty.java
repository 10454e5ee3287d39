package ai.lukhas.pwm.bench;

import java.net.InetAddress;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A plain Jetty server on a free loopback port with a pool of its own, for benchmarks that need a
 * local HTTP peer (a mock upstream, a server floor).
 *
 * <pre>{@code
 * Server server = LoopbackJetty.start("mock-upstream", handler);
 * int port = LoopbackJetty.port(server);
 * }</pre>
 */
public final class LoopbackJetty {
    private LoopbackJetty() {}

    /** Starts {@code handler} on a free loopback port; the pool's threads are named {@code threadName}. */
    public static Server start(String threadName, Handler handler) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName(threadName);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return server;
    }

    /** The port {@code server} (started by {@link #start}) listens on. */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
