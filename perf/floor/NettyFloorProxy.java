// perf/floor/NettyFloorProxy.java: the floor of a proxy on Netty 4.2 (docs/benchmarks.md, "Other Java I/O stacks:
// Netty and Helidon SE"). The same behaviour as FloorProxy.java (POST /v1/chat/completions and GET /v1/models
// forwarded to UPSTREAM_BASE + the same path, the body whole; the upstream's status, content type and body back;
// keep-alive on both sides; anything else 404; no logging), on Netty's own event loops instead of Jetty.
//
// Run with the JDK's source launcher on the class path perf/floor/pom.xml copies (profile netty):
//   java -cp 'perf/floor/target/netty/*' perf/floor/NettyFloorProxy.java PORT UPSTREAM_BASE MODE LOOPS
//   e.g. ... NettyFloorProxy.java 18304 http://127.0.0.1:18080 loop 1
// MODE:
//   loop - the cheapest Java proxy design: HttpServerCodec + HttpObjectAggregator inbound; each inbound channel
//          keeps its own keep-alive upstream channel (HttpClientCodec + HttpObjectAggregator) registered on the
//          SAME event loop, so the upstream call and its answer never leave the inbound channel's thread.
//   vt   - what the gateway's blocking pipeline would need on Netty: the event loop hands each aggregated request
//          to a new virtual thread, which sends it on the channel's upstream channel (the Netty client, as in
//          loop), waits untimed for a CompletableFuture that the upstream handler completes on the event loop,
//          and writes the answer to the inbound channel itself (Netty runs that write on the event loop).
// LOOPS: event loop threads (one group accepts and serves; the upstream channels share the inbound's loop).
// Transport: epoll when Netty's native library loads, NIO otherwise; printed at start.
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

public class NettyFloorProxy {
    /** As FloorProxy's limit on an answer (and a request: Jetty's default form/body limits do not apply there). */
    static final int MAX_BYTES = 256 * 1024 * 1024;

    static String upstreamHost;
    static int upstreamPort;
    static Class<? extends Channel> clientChannel;

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[2].equals("loop") || args[2].equals("vt"))) {
            System.err.println("usage: NettyFloorProxy PORT UPSTREAM_BASE (e.g. http://127.0.0.1:18080) loop|vt LOOPS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        upstreamHost = upstream.getHost();
        upstreamPort = upstream.getPort() < 0 ? 80 : upstream.getPort();
        boolean vt = args[2].equals("vt");
        int loops = Integer.parseInt(args[3]);

        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        clientChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, io);

        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BYTES),
                                vt ? new VirtualFrontend() : new LoopFrontend());
                    }
                });
        Channel server = b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        System.out.println("netty floor proxy (" + args[2] + ", " + loops + " event loop thread(s), transport "
                + (epoll ? "epoll" : "nio (epoll unavailable: " + Epoll.unavailabilityCause() + ")")
                + ", unsafe " + PlatformDependent.hasUnsafe() + ") on 127.0.0.1:" + port + " -> " + args[1]);
        server.closeFuture().sync();
    }

    // ------------------------------------------------------------------ the upstream side (both modes)

    /**
     * One keep-alive upstream channel per inbound channel, registered on the inbound channel's event loop. Touched
     * only on that event loop. One exchange at a time (the inbound side stops reading while one is in flight).
     */
    static final class Upstream {
        private final Channel inbound;
        private Channel channel;
        private Consumer<FullHttpResponse> waiting;

        Upstream(Channel inbound) {
            this.inbound = inbound;
        }

        /** On the event loop: sends REQUEST (whose body it takes over), calls ANSWER with the answer or null. */
        void send(FullHttpRequest request, Consumer<FullHttpResponse> answer) {
            waiting = answer;
            if (channel != null && channel.isActive()) {
                channel.writeAndFlush(request).addListener(failIfNot());
                return;
            }
            new Bootstrap()
                    .group(inbound.eventLoop())
                    .channel(clientChannel)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_BYTES),
                                    new SimpleChannelInboundHandler<FullHttpResponse>(false) {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                                            if (!HttpUtil.isKeepAlive(r)) {
                                                ctx.close();
                                            }
                                            complete(r);
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            if (channel == ctx.channel()) {
                                                channel = null;
                                            }
                                            complete(null);
                                        }

                                        @Override
                                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                            ctx.close();
                                        }
                                    });
                        }
                    })
                    .connect(upstreamHost, upstreamPort)
                    .addListener((ChannelFutureListener) f -> {
                        if (!f.isSuccess()) {
                            request.release();
                            complete(null);
                            return;
                        }
                        channel = f.channel();
                        channel.writeAndFlush(request).addListener(failIfNot());
                    });
        }

        private ChannelFutureListener failIfNot() {
            return f -> {
                if (!f.isSuccess()) {
                    f.channel().close();
                }
            };
        }

        private void complete(FullHttpResponse r) {
            Consumer<FullHttpResponse> w = waiting;
            waiting = null;
            if (w != null) {
                w.accept(r);
            } else if (r != null) {
                r.release();
            }
        }

        void close() {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** The upstream request: method and path, the body whole, content type and authorization as FloorProxy sends. */
    static FullHttpRequest upstreamRequest(FullHttpRequest in, boolean chat) {
        ByteBuf body = chat ? in.content().retain() : Unpooled.EMPTY_BUFFER;
        FullHttpRequest up = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, chat ? HttpMethod.POST : HttpMethod.GET,
                in.uri(), body);
        up.headers().set(HttpHeaderNames.HOST, upstreamHost + ":" + upstreamPort);
        up.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        String auth = in.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (auth != null) {
            up.headers().set(HttpHeaderNames.AUTHORIZATION, auth);
        }
        if (chat) {
            up.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
        return up;
    }

    /** The answer to the client: status, JSON content type, length and body (taken over), keep-alive as asked. */
    static FullHttpResponse answer(HttpResponseStatus status, ByteBuf body, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return r;
    }

    static FullHttpResponse error(int status, String message, boolean keepAlive) {
        return answer(HttpResponseStatus.valueOf(status),
                Unpooled.copiedBuffer("{\"error\":{\"message\":\"" + message + "\"}}", StandardCharsets.UTF_8), keepAlive);
    }

    /** null for a route this proxy does not serve, else whether it is the chat route (POST with a body). */
    static Boolean route(FullHttpRequest req) {
        String path = req.uri();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (req.method().equals(HttpMethod.POST) && path.equals("/v1/chat/completions")) {
            return Boolean.TRUE;
        }
        if (req.method().equals(HttpMethod.GET) && path.equals("/v1/models")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** Writes R to CH (from any thread), closes CH after it unless keep-alive, and reads the next request. */
    static void reply(Channel ch, FullHttpResponse r, boolean keepAlive) {
        ch.writeAndFlush(r).addListener((ChannelFutureListener) f -> {
            if (!keepAlive || !f.isSuccess()) {
                f.channel().close();
            } else {
                f.channel().config().setAutoRead(true);
            }
        });
    }

    // ------------------------------------------------------------------ loop: everything on the event loop

    static final class LoopFrontend extends SimpleChannelInboundHandler<FullHttpRequest> {
        private Upstream upstream;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            upstream = new Upstream(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            Boolean chat = route(req);
            if (chat == null) {
                reply(ctx.channel(), error(404, "not found", keepAlive), keepAlive);
                return;
            }
            ctx.channel().config().setAutoRead(false); // one exchange at a time per connection (HTTP/1.1 order)
            upstream.send(upstreamRequest(req, chat), r -> {
                if (r == null) {
                    reply(ctx.channel(), error(502, "upstream closed", keepAlive), keepAlive);
                } else {
                    reply(ctx.channel(), answer(r.status(), r.content(), keepAlive), keepAlive);
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            upstream.close();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ------------------------------------------------------------------ vt: a virtual thread per request

    static final class VirtualFrontend extends SimpleChannelInboundHandler<FullHttpRequest> {
        private Upstream upstream;

        VirtualFrontend() {
            super(false); // the virtual thread owns (and releases) the request
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            upstream = new Upstream(ctx.channel());
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            ctx.channel().config().setAutoRead(false); // one exchange at a time per connection (HTTP/1.1 order)
            Thread.ofVirtual().start(() -> handle(ctx.channel(), req));
        }

        /** On the request's virtual thread: as the gateway's pipeline would, blocking until the upstream answers. */
        private void handle(Channel ch, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            try {
                Boolean chat = route(req);
                if (chat == null) {
                    reply(ch, error(404, "not found", keepAlive), keepAlive);
                    return;
                }
                FullHttpRequest up = upstreamRequest(req, chat);
                CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();
                ch.eventLoop().execute(() -> upstream.send(up, answer::complete));
                FullHttpResponse r;
                try {
                    r = answer.get(); // untimed, as the gateway waits (JettyUpstreamHttp.post)
                } catch (InterruptedException | ExecutionException e) {
                    reply(ch, error(502, "upstream: " + e, keepAlive), keepAlive);
                    return;
                }
                if (r == null) {
                    reply(ch, error(502, "upstream closed", keepAlive), keepAlive);
                } else {
                    reply(ch, answer(r.status(), r.content(), keepAlive), keepAlive);
                }
            } finally {
                req.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Upstream u = upstream;
            ctx.channel().eventLoop().execute(u::close);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
