// perf/floor/FloorProxy.java: the floor of the gateway's I/O stack (docs/benchmarks.md, "Issue #19 — the floor
// of a proxy on this machine"). A plain Jetty 12 Handler (no Javalin, no governance, no audit, no JSON parsing)
// that reads the request body, sends it to the upstream with Jetty's HttpClient set up as
// lukhas-core's JettyUpstreamHttp sets it up, waits for the whole answer on the request's thread (as the gateway
// does) and writes the upstream's body back.
//
// Run with the JDK's source launcher against the gateway's jar, so it uses exactly the gateway's Jetty:
//   java -cp lukhas-server/target/lukhas.jar perf/floor/FloorProxy.java PORT UPSTREAM_BASE THREADS
//   e.g. ... FloorProxy.java 18301 http://127.0.0.1:18080 virtual
// THREADS:
//   virtual  - the gateway's default `server.threads: javalin-virtual`: the Jetty server's thread pool is the one
//              Javalin makes for useVirtualThreads (io.javalin.util.ConcurrencyUtil.jettyThreadPool with the
//              arguments Javalin's JettyServer passes), a new virtual thread for every task Jetty runs,
//              selector and acceptor loops included.
//   platform - the gateway's `server.threads: platform` pool: QueuedThreadPool(256, 8, 60 s, a bounded queue of
//              1024). The gateway also puts a QoSHandler (224 requests at once) in front; not here.
// Routes: POST /v1/chat/completions and GET /v1/models, proxied to UPSTREAM_BASE + the same path; anything else 404.
import io.javalin.util.ConcurrencyUtil;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.ThreadPool;

public class FloorProxy {
    static final long TIMEOUT_MS = 60_000;
    static final int MAX_ANSWER_BYTES = 256 * 1024 * 1024;

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !(args[2].equals("virtual") || args[2].equals("platform"))) {
            System.err.println("usage: FloorProxy PORT UPSTREAM_BASE (e.g. http://127.0.0.1:18080) virtual|platform");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String upstream = args[1].replaceAll("/+$", "");
        HttpClient client = upstreamClient();

        ThreadPool pool;
        if (args[2].equals("virtual")) {
            // what Javalin's JettyServer.defaultThreadPool(useVirtualThreads = true) returns (javalin-virtual)
            pool = ConcurrencyUtil.jettyThreadPool("JettyServerThreadPool", 8, 250, true);
        } else {
            // GatewayServer.threads(PLATFORM): ServerThreads.PLATFORM_MAX_THREADS, 8, 60 s, PLATFORM_MAX_WAITING
            QueuedThreadPool qtp = new QueuedThreadPool(256, 8, 60_000, new ArrayBlockingQueue<>(1024));
            qtp.setName("floor-http");
            pool = qtp;
        }
        Server server = new Server(pool);
        // Javalin's JettyServer.defaultHttpConfiguration()
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.RFC3986);
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Proxy(client, upstream));
        server.start();
        System.out.println("floor proxy (" + args[2] + ") on 127.0.0.1:" + port + " -> " + upstream
                + "; acceptors=" + connector.getAcceptors() + " selectors=" + connector.getSelectorManager().getSelectorCount()
                + " pool=" + pool.getClass().getName());
        // not server.join(): Javalin's virtual-thread pool's join() returns at once, and with every Jetty thread a
        // (daemon) virtual thread the JVM would exit; the gateway's main thread waits the same way
        Thread.currentThread().join();
    }

    /** As lukhas-core's JettyUpstreamHttp(Duration) constructor sets up its client (connect timeout 10 s here). */
    static HttpClient upstreamClient() throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        transport.setInvocationType(InvocationType.NON_BLOCKING);
        HttpClient client = new HttpClient(transport);
        QueuedThreadPool threads = new QueuedThreadPool(200, 2);
        threads.setName("upstream-http");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("upstream-http-scheduler", true));
        client.setConnectTimeout(10_000);
        client.setIdleTimeout(30_000);
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setMaxConnectionsPerDestination(1024);
        client.setMaxRequestsQueuedPerDestination(8192);
        client.start();
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        client.getContentDecoderFactories().clear();
        return client;
    }

    /** A blocking handler, as the gateway's (HotRoutesHandler sits in Javalin's chain, whose servlet handler blocks). */
    static final class Proxy extends Handler.Abstract {
        private final HttpClient client;
        private final String upstream;
        private final AtomicInteger inFlight = new AtomicInteger(); // JettyUpstreamHttp counts exchanges too

        Proxy(HttpClient client, String upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            boolean chat = HttpMethod.POST.is(request.getMethod()) && path.equals("/v1/chat/completions");
            boolean models = HttpMethod.GET.is(request.getMethod()) && path.equals("/v1/models");
            if (!chat && !models) {
                answer(response, callback, 404, "{\"error\":{\"message\":\"not found\"}}".getBytes());
                return true;
            }
            org.eclipse.jetty.client.Request up = client.newRequest(URI.create(upstream + path))
                    .method(chat ? HttpMethod.POST : HttpMethod.GET)
                    .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .onComplete(result -> inFlight.decrementAndGet());
            inFlight.incrementAndGet();
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            up.headers(h -> {
                h.put(HttpHeader.CONTENT_TYPE, "application/json");
                if (auth != null) {
                    h.put(HttpHeader.AUTHORIZATION, auth);
                }
            });
            if (chat) {
                // as JettyExchange.bodyBytes reads a body of known length
                long length = request.getLength();
                byte[] body;
                try (InputStream in = Content.Source.asInputStream(request)) {
                    body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
                }
                up.body(new BytesRequestContent(body));
            }
            ContentResponse r;
            try {
                // untimed, as JettyUpstreamHttp.post waits (the request's own timeout above bounds it): a timed
                // get would park the virtual thread with a timer of the JDK's scheduler, which the gateway does not
                r = new CompletableResponseListener(up, MAX_ANSWER_BYTES).send().get();
            } catch (Exception e) {
                up.abort(e);
                answer(response, callback, 502, ("{\"error\":{\"message\":\"upstream: " + e + "\"}}").getBytes());
                return true;
            }
            answer(response, callback, r.getStatus(), r.getContent());
            return true;
        }

        /** As JettyExchange.finish writes a whole answer. */
        private static void answer(Response response, Callback callback, int status, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }
}
