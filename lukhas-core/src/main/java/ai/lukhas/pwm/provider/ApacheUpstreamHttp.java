package ai.lukhas.pwm.provider;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link UpstreamHttp} on Apache HttpClient 5 classic: a pool of keep-alive HTTP/1.1 connections
 * per upstream whose socket reads and writes run on the caller's own thread. A platform thread
 * blocks in the kernel until the answer is there; a virtual thread parks on the JDK's poller. There
 * is no client selector thread to read the answer and wake the caller (what {@link
 * JettyUpstreamHttp} does), which saves wake-ups of idle CPUs at light load (docs/benchmarks.md,
 * "Issue #19 levers — upstream I/O on the request thread").
 *
 * <p>Configured like {@link JettyUpstreamHttp}: no redirects followed, no cookies kept, no {@code
 * Accept-Encoding} added, no authentication protocol (a 401 goes to the provider as it is), no
 * automatic retries (the provider has its own), certificates and host names verified on https by
 * the JDK during the handshake; the same pool bound, idle time and stream idle timeout.
 *
 * <p>Deadlines: the whole-answer deadline of {@link #post} and the headers deadline of {@link
 * #postStreaming} are kept by one watchdog thread that sleeps until the earliest deadline it knows
 * and cuts the connection of an exchange past it; registering an exchange wakes it only when its
 * deadline is earlier than the one it sleeps towards, so at a steady rate with one timeout it wakes
 * about once per timeout, not per request. Each socket read waits at most the same timeout too. The
 * watchdog's clock is a {@link DeadlineClock} ({@link DeadlineClock#SYSTEM} in production), so a test
 * moves it past a deadline instead of waiting for it.
 *
 * <p>An interrupt of a virtual thread blocked on the socket closes it at once (the JDK's socket
 * does so); a platform thread blocked in a socket read sees its interrupt when the read returns or
 * the deadline cuts it.
 */
final class ApacheUpstreamHttp implements UpstreamHttp {
    /** The pool bound per upstream, as {@link JettyUpstreamHttp#MAX_CONNECTIONS}. */
    static final int MAX_CONNECTIONS = JettyUpstreamHttp.MAX_CONNECTIONS;
    /** The largest whole answer read into memory, as {@link JettyUpstreamHttp#MAX_ANSWER_BYTES}. */
    static final int MAX_ANSWER_BYTES = JettyUpstreamHttp.MAX_ANSWER_BYTES;
    /** A pooled connection unused this long is closed, as {@link JettyUpstreamHttp#POOL_IDLE}. */
    static final Duration POOL_IDLE = JettyUpstreamHttp.POOL_IDLE;
    /** A stream silent this long after its headers is cut off, as {@link JettyUpstreamHttp#STREAM_IDLE}. */
    static final Duration STREAM_IDLE = JettyUpstreamHttp.STREAM_IDLE;
    /** How long {@link #close()} lets exchanges in flight finish. */
    static final Duration CLOSE_GRACE = JettyUpstreamHttp.CLOSE_GRACE;
    /** A pooled connection idle this long is checked for a close by the upstream before it is reused. */
    static final TimeValue VALIDATE_AFTER = TimeValue.ofSeconds(2);
    /**
     * What a stream closed before its end may still read to reach its end and keep its connection:
     * an upstream's {@code [DONE]} event is followed by the chunked body's last few bytes.
     */
    static final int TAIL_BYTES = 64;

    /** The exchange the calling thread is sending, so the executor can note its connection. */
    private static final ThreadLocal<Exchange> SENDING = new ThreadLocal<>();

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (k, v) -> true);
    private static final long NONE = Long.MAX_VALUE;

    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final Duration connectTimeout;
    private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private final DeadlineClock clock;
    /** The {@link DeadlineClock#nanoTime()} the watchdog sleeps towards; {@link #NONE} while it scans or has nothing to wait for. */
    private volatile long wakeAt = NONE;

    private volatile boolean closing;

    /** Verifies https upstreams against the JVM's trusted certificates, host name included. */
    ApacheUpstreamHttp(Duration connectTimeout) {
        this(connectTimeout, defaultTls());
    }

    /** With the given TLS context (tests trust their own certificate this way). */
    ApacheUpstreamHttp(Duration connectTimeout, SSLContext tls) {
        this(connectTimeout, tls, DeadlineClock.SYSTEM);
    }

    /** With the given TLS context, the deadlines kept on {@code clock} (tests advance it by hand). */
    ApacheUpstreamHttp(Duration connectTimeout, SSLContext tls, DeadlineClock clock) {
        this.connectTimeout = connectTimeout;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                // host names checked by the JDK in the handshake (endpoint identification "HTTPS"), as Jetty's client
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls, HostnameVerificationPolicy.BUILTIN, null))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setValidateAfterInactivity(VALIDATE_AFTER)
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setRequestExecutor(new RememberingExecutor())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .disableAutomaticRetries()
                .evictIdleConnections(TimeValue.of(POOL_IDLE))
                .build();
        this.watchdog =
                Thread.ofPlatform().name("upstream-http-deadlines").daemon(true).start(this::watch);
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context: " + e.getMessage(), e);
        }
    }

    @Override
    public Answer<byte[]> post(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpPost request = new HttpPost(uri);
        request.setEntity(new ByteArrayEntity(body, null));
        Exchange exchange = open(request, headers, timeout, timeout);
        boolean done = false;
        try {
            ClassicHttpResponse r = exchange.response;
            byte[] content = read(r.getEntity());
            done = true;
            return new Answer<>(r.getCode(), headers(r), content);
        } catch (IOException e) {
            throw failed(exchange, e, timeout);
        } finally {
            exchange.finish(!done);
        }
    }

    @Override
    public Answer<InputStream> postStreaming(URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        HttpPost request = new HttpPost(uri);
        request.setEntity(new ByteArrayEntity(body, null));
        Duration idle = timeout.compareTo(STREAM_IDLE) > 0 ? timeout : STREAM_IDLE;
        Exchange exchange = open(request, headers, timeout, idle);
        exchange.deadline = NONE; // the headers came: from now on only the stream's idle timeout applies
        HttpEntity entity = exchange.response.getEntity();
        InputStream content = entity == null ? InputStream.nullInputStream() : entity.getContent();
        return new Answer<>(exchange.response.getCode(), headers(exchange.response), new Body(content, exchange));
    }

    @Override
    public int get(URI uri, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException {
        Exchange exchange = open(new HttpGet(uri), headers, timeout, timeout);
        boolean done = false;
        try {
            HttpEntity entity = exchange.response.getEntity();
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            done = true;
            return exchange.response.getCode();
        } catch (IOException e) {
            throw failed(exchange, e, timeout);
        } finally {
            exchange.finish(!done);
        }
    }

    @Override
    public void close() {
        closing = true;
        long until = System.nanoTime() + CLOSE_GRACE.toNanos();
        // what is still in flight after the grace (a stream nobody read to its end) is cut off
        while (!inFlight.isEmpty() && System.nanoTime() - until < 0) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        for (Exchange e : inFlight) {
            e.request.cancel();
        }
        watchdog.interrupt();
        client.close(CloseMode.IMMEDIATE);
    }

    /** Connections taken from the pool and not given back (tests check that no failure leaks one). */
    int leasedConnections() {
        return pool.getTotalStats().getLeased();
    }

    /**
     * Sends the request and waits for the response head on the caller's thread; {@code deadline}
     * bounds the wait (and, for {@link #post}, the whole answer), {@code readTimeout} each socket read.
     */
    private Exchange open(
            HttpUriRequestBase request, Map<String, String> headers, Duration deadline, Duration readTimeout)
            throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before the upstream call");
        }
        if (closing) {
            throw new IOException("the upstream client is closed");
        }
        headers.forEach(request::setHeader);
        request.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(deadline))
                .setResponseTimeout(Timeout.of(readTimeout))
                .build());
        Exchange exchange = new Exchange(request, clock.nanoTime() + deadline.toNanos());
        register(exchange);
        SENDING.set(exchange);
        try {
            exchange.response = client.executeOpen(null, request, null);
            return exchange;
        } catch (IOException e) {
            IOException mapped = failed(exchange, e, deadline);
            exchange.finish(true);
            throw mapped;
        } catch (RuntimeException | Error e) {
            exchange.finish(true);
            throw e;
        } finally {
            SENDING.remove();
        }
    }

    /** The failure as the JDK client's, which {@link ProviderErrors#forIo} maps; an interrupt stays one. */
    private IOException failed(Exchange exchange, IOException e, Duration timeout) throws InterruptedException {
        exchange.request.cancel();
        if (Thread.interrupted()) {
            InterruptedException interrupted = new InterruptedException("interrupted during the upstream call");
            interrupted.initCause(e);
            throw interrupted;
        }
        if (exchange.timedOut || e instanceof SocketTimeoutException && !(e instanceof ConnectTimeoutException)) {
            HttpTimeoutException t = new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
            t.initCause(e);
            return t;
        }
        if (e instanceof ConnectTimeoutException) {
            HttpConnectTimeoutException t =
                    new HttpConnectTimeoutException("cannot connect within " + connectTimeout.toMillis() + " ms");
            t.initCause(e);
            return t;
        }
        return e; // a refused connection is a ConnectException (HttpHostConnectException) already
    }

    private static byte[] read(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            byte[] content = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (content.length > MAX_ANSWER_BYTES) {
                throw new IOException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
            }
            return content;
        }
    }

    /** Response headers as {@link java.net.http.HttpHeaders}, names case-insensitive, repeated values kept. */
    private static HttpHeaders headers(ClassicHttpResponse r) {
        Header[] all = r.getHeaders();
        if (all.length == 0) {
            return NO_HEADERS;
        }
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Header h : all) {
            map.computeIfAbsent(h.getName(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        return HttpHeaders.of(map, (k, v) -> true);
    }

    private void register(Exchange exchange) {
        inFlight.add(exchange);
        if (exchange.deadline - wakeAt < 0 || wakeAt == NONE) {
            LockSupport.unpark(watchdog);
        }
    }

    /** The watchdog: cuts the exchanges past their deadline, then sleeps until the earliest one left. */
    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            wakeAt = NONE; // a registration while we scan wakes us again, so none is missed
            long now = clock.nanoTime();
            long next = NONE;
            for (Exchange e : inFlight) {
                long d = e.deadline;
                if (d == NONE) {
                    continue;
                }
                if (d - now <= 0) {
                    e.timedOut = true;
                    e.request.cancel();
                    inFlight.remove(e);
                } else if (next == NONE || d - next < 0) {
                    next = d;
                }
            }
            if (next == NONE) {
                LockSupport.park(this);
            } else {
                wakeAt = next;
                clock.parkNanos(this, next - now);
            }
        }
    }

    /** One request from send to the end of its answer. */
    private final class Exchange {
        final HttpUriRequestBase request;
        volatile long deadline;
        volatile boolean timedOut;
        ClassicHttpResponse response;
        /** The connection it was sent on (the executor notes it). */
        HttpClientConnection connection;

        Exchange(HttpUriRequestBase request, long deadline) {
            this.request = request;
            this.deadline = deadline;
        }

        /** Gives the connection back to the pool, or cuts it when the exchange did not end cleanly. */
        void finish(boolean abort) {
            inFlight.remove(this);
            if (abort) {
                request.cancel();
            }
            if (response != null) {
                try {
                    response.close();
                } catch (IOException | RuntimeException e) {
                    // the connection is discarded; nothing else to free
                    request.cancel();
                }
            }
        }
    }

    /** Notes the connection an exchange runs on, so a stream closed near its end can read its tail. */
    private static final class RememberingExecutor extends HttpRequestExecutor {
        @Override
        public ClassicHttpResponse execute(
                ClassicHttpRequest request,
                HttpClientConnection conn,
                HttpResponseInformationCallback informationCallback,
                HttpContext context)
                throws IOException, HttpException {
            Exchange exchange = SENDING.get();
            if (exchange != null) {
                exchange.connection = conn;
            }
            return super.execute(request, conn, informationCallback, context);
        }
    }

    /**
     * A streamed body: closing it before its end aborts the exchange at once, unless the rest of
     * the answer (the last bytes of a chunked body after {@code [DONE]}) has already arrived.
     */
    private static final class Body extends FilterInputStream {
        private final Exchange exchange;
        private boolean ended;
        private boolean closed;

        Body(InputStream content, Exchange exchange) {
            super(content);
            this.exchange = exchange;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            exchange.finish(!(ended || tailArrived()));
        }

        /** Whether the answer ends within the bytes already received, read without waiting for more. */
        private boolean tailArrived() {
            HttpClientConnection conn = exchange.connection;
            if (conn == null) {
                return false;
            }
            try {
                conn.setSocketTimeout(Timeout.ofMilliseconds(1));
                byte[] tail = new byte[TAIL_BYTES];
                int total = 0;
                while (total < TAIL_BYTES) {
                    int n = in.read(tail, 0, TAIL_BYTES - total);
                    if (n < 0) {
                        return true;
                    }
                    total += n;
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
