package ai.lukhas.pwm.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * {@link UpstreamHttp} on Jetty's {@link HttpClient} over HTTP/1.1 (plain or TLS), a pool of
 * keep-alive connections per upstream, used blocking from the caller's thread: the caller parks
 * until Jetty's selector has read the answer, with no executor hop of its own in between (the JDK
 * {@code HttpClient} hands every exchange through its selector thread and a delegating executor
 * several times; docs/benchmarks.md, "Issue #19 levers"). A refused connection is Jetty's {@link
 * java.net.ConnectException}, passed on as it is.
 *
 * <p>Set up to behave like the JDK client it replaced: no redirects followed, no cookies kept
 * (an upstream's {@code Set-Cookie} must never travel with another tenant's request), no
 * {@code Accept-Encoding} added, a 401 handed to the provider as it is (no authentication
 * protocol), certificates and host names verified on https. Threads are daemons, so a provider
 * that is never closed does not keep the JVM alive.
 */
final class JettyUpstreamHttp implements UpstreamHttp {
    /** Requests to one upstream at once: beyond it requests wait in Jetty's queue (the JDK client had no bound). */
    static final int MAX_CONNECTIONS = 1024;
    /** Requests that may wait for a connection before new ones fail at once. */
    static final int MAX_QUEUED = 8192;
    /** The largest whole answer read into memory (an embeddings answer for 2,048 inputs is ~125 MB). */
    static final int MAX_ANSWER_BYTES = 256 * 1024 * 1024;
    /** A pooled connection unused this long is closed (as the JDK client's default keep-alive). */
    static final Duration POOL_IDLE = Duration.ofSeconds(30);
    /**
     * A stream silent this long after its headers is cut off: long enough for a reasoning model
     * that thinks before its first token, short enough that a dead upstream frees its connection.
     */
    static final Duration STREAM_IDLE = Duration.ofMinutes(10);
    /**
     * Selector threads reading the upstreams' answers: one parses a 1.5 KB answer in a few
     * microseconds, far below what one upstream call costs the gateway, and each extra one is an
     * extra thread to wake.
     */
    static final int SELECTORS = 1;
    /** How long {@link #close()} lets exchanges in flight finish. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (k, v) -> true);

    private final HttpClient client;
    private final Duration connectTimeout;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CountDownLatch drained = new CountDownLatch(1);
    private volatile boolean closing;
    /** The {@code Host} field of the last upstream URI sent to (one upstream per provider: always this one). */
    private volatile HostField lastHost;

    /** Verifies https upstreams against the JVM's trusted certificates, host name included. */
    JettyUpstreamHttp(Duration connectTimeout) {
        this(connectTimeout, new SslContextFactory.Client());
    }

    /** With the given TLS settings (tests trust their own certificate this way). */
    JettyUpstreamHttp(Duration connectTimeout, SslContextFactory.Client tls) {
        this.connectTimeout = connectTimeout;
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setSelectors(SELECTORS);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // Every response listener here only fills a buffer or a queue and completes a future, so the
        // selector thread that read the answer runs it itself: no hand-off to a pool thread and no
        // wake-up of the selector again to re-arm the connection's read interest (docs/benchmarks.md,
        // "Issue #19 levers — wake-ups of one paced request").
        transport.setInvocationType(InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        QueuedThreadPool threads = new QueuedThreadPool(200, 2);
        threads.setName("upstream-http");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("upstream-http-scheduler", true));
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setIdleTimeout(POOL_IDLE.toMillis());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        client.setMaxRequestsQueuedPerDestination(MAX_QUEUED);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the upstream HTTP client: " + e.getMessage(), e);
        }
        // installed by start(): a 401/407 goes to the provider's error mapping as it is, and
        // answers are read as sent (no Accept-Encoding; an SSE stream is never buffered by a decoder)
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
        client.getContentDecoderFactories().clear();
    }

    @Override
    public Answer<byte[]> post(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        Request request = request(uri, HttpMethod.POST, headers)
                .body(new BytesRequestContent(body))
                .timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<ContentResponse> answer = new CompletableResponseListener(request, MAX_ANSWER_BYTES).send();
        ContentResponse r = await(answer::get, request, timeout);
        // the headers made only if asked (an error's status): a TreeMap and HttpHeaders.of per
        // answer were ~0.5 % of the gateway's CPU at saturation; the answer's fields no longer change
        return new Answer<>(r.getStatus(), () -> headers(r), r.getContent());
    }

    @Override
    public Answer<InputStream> postStreaming(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        Request request = request(uri, HttpMethod.POST, headers)
                .body(new BytesRequestContent(body))
                .idleTimeout(Math.max(timeout.toMillis(), STREAM_IDLE.toMillis()), TimeUnit.MILLISECONDS);
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request.send(listener);
        Response r = await(() -> listener.get(timeout.toNanos(), TimeUnit.NANOSECONDS), request, timeout);
        return new Answer<>(r.getStatus(), headers(r), new Body(listener, request));
    }

    @Override
    public int get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        Request request = request(uri, HttpMethod.GET, headers).timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        // Response.Listener's content callbacks drop the body by default, keeping the connection reusable
        request.send(new Response.Listener() {
            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    status.completeExceptionally(result.getFailure());
                } else {
                    status.complete(result.getResponse().getStatus());
                }
            }
        });
        return await(status::get, request, timeout);
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (inFlight.get() > 0) {
                // what is still in flight after the grace (a stream nobody read to its end) is aborted by stop()
                drained.await(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            client.stop();
        } catch (Exception e) {
            // stopping only frees threads and sockets; nothing is lost
        }
    }

    /** The client itself: tests check on which thread its answers complete. */
    HttpClient client() {
        return client;
    }

    /** Connections taken from the pools and not given back (tests check that no failure leaks one). */
    int leasedConnections() {
        return client.getDestinations().stream()
                .map(Destination::getConnectionPool)
                .filter(AbstractConnectionPool.class::isInstance)
                .mapToInt(p -> ((AbstractConnectionPool) p).getActiveConnectionCount())
                .sum();
    }

    /** A request counted in flight from now until Jetty completes its exchange (answered, failed or aborted). */
    private Request request(URI uri, HttpMethod method, Map<String, String> headers) {
        inFlight.incrementAndGet();
        HttpField host = hostField(uri);
        return client.newRequest(uri)
                .method(method)
                .headers(h -> {
                    headers.forEach(h::put);
                    if (host != null && !h.contains(HttpHeader.HOST)) {
                        h.add(host);
                    }
                })
                .onComplete(result -> completed());
    }

    /**
     * The {@code Host} field Jetty would add to a request to {@code uri}, made once per upstream
     * URI: Jetty adds it when the request is sent, after the caller's headers, from a {@link URI}
     * it builds afresh from the request's scheme, host, port, path and query ({@code
     * HttpRequest.getURI}, ~0.7 % of the gateway's CPU at saturation); the same field added last
     * here gives the same bytes on the wire ({@code JettyUpstreamHttpHostTest}). Null when Jetty
     * would build no URI (it then takes its destination's field, and so do we by adding none).
     */
    private HttpField hostField(URI uri) {
        HostField last = lastHost;
        if (last != null && last.uri().equals(uri)) {
            return last.field();
        }
        URI built = client.newRequest(uri).getURI();
        HttpField field = built == null ? null : new HttpField(HttpHeader.HOST, built.getAuthority());
        lastHost = new HostField(uri, field);
        return field;
    }

    /** An upstream URI and the {@code Host} field of requests to it (null: none added). */
    private record HostField(URI uri, HttpField field) {}

    private void completed() {
        if (inFlight.decrementAndGet() == 0 && closing) {
            drained.countDown();
        }
    }

    /** Something to wait for: an answer, or its headers. */
    @FunctionalInterface
    private interface Wait<T> {
        T get() throws InterruptedException, ExecutionException, TimeoutException;
    }

    /** Waits on the caller's thread; a timeout, failure or interrupt aborts the exchange. */
    private <T> T await(Wait<T> answer, Request request, Duration timeout) throws IOException, InterruptedException {
        try {
            return answer.get();
        } catch (TimeoutException e) {
            request.abort(e);
            throw timedOut(timeout, e);
        } catch (ExecutionException e) {
            request.abort(e.getCause());
            throw io(e.getCause(), timeout);
        } catch (InterruptedException e) {
            request.abort(e);
            throw e;
        }
    }

    /** Jetty's failures as the JDK client's, which {@link ProviderErrors#forIo} maps. */
    private IOException io(Throwable failure, Duration timeout) {
        if (failure instanceof TimeoutException t) {
            return timedOut(timeout, t);
        }
        if (failure instanceof SocketTimeoutException s) {
            HttpConnectTimeoutException e =
                    new HttpConnectTimeoutException("cannot connect within " + connectTimeout.toMillis() + " ms");
            e.initCause(s);
            return e;
        }
        if (failure instanceof IOException e) {
            return e;
        }
        return new IOException(failure == null ? "the exchange failed" : String.valueOf(failure.getMessage()), failure);
    }

    private static HttpTimeoutException timedOut(Duration timeout, Throwable cause) {
        HttpTimeoutException e = new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
        e.initCause(cause);
        return e;
    }

    /** Response headers as {@link java.net.http.HttpHeaders}, names case-insensitive, repeated values kept. */
    private static HttpHeaders headers(Response r) {
        HttpFields fields = r.getHeaders();
        if (fields.size() == 0) {
            return NO_HEADERS;
        }
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField f : fields) {
            map.computeIfAbsent(f.getName(), k -> new ArrayList<>(1)).add(f.getValue());
        }
        return HttpHeaders.of(map, (k, v) -> true);
    }

    /** A streamed body: closing it before its end aborts the exchange at once, whether or not bytes are waiting. */
    private final class Body extends FilterInputStream {
        private final InputStreamResponseListener listener;
        private final Request request;
        private final AtomicBoolean closed = new AtomicBoolean();

        Body(InputStreamResponseListener listener, Request request) {
            super(listener.getInputStream());
            this.listener = listener;
            this.request = request;
        }

        @Override
        public void close() throws IOException {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            // a finished exchange ignores the abort and its connection goes back to the pool
            request.abort(new AsynchronousCloseException());
            listener.close();
            super.close();
        }
    }
}
