package dev.rewind.http;

import java.net.InetSocketAddress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The non-blocking HTTP front: Netty, HTTP/1.1 keep-alive, bodies aggregated up to the request limit. */
public final class HttpServer implements AutoCloseable {
    /** DynamoDB's largest request (BatchWriteItem/TransactWriteItems with 16 MB of items) plus headroom. */
    public static final int MAX_REQUEST_BYTES = 20 * 1024 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    /**
     * @param idlePollMicros how long an event loop polls for the next request before it sleeps (0: never polls;
     *     see {@link SpinThenSelect})
     */
    public HttpServer(String host, int port, RequestHandler handler, int workerThreads, long idlePollMicros) {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("rewind-accept", true));
        long pollNanos = idlePollMicros * 1000;
        workers = new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("rewind-http", true),
                java.nio.channels.spi.SelectorProvider.provider(),
                pollNanos > 0 ? () -> new SpinThenSelect(pollNanos) : DefaultSelectStrategyFactory.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(8192, 65536, 65536))
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new HttpContentDecompressor()) // Content-Encoding: gzip or deflate bodies
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES, true))
                                .addLast(handler);
                    }
                });
        try {
            channel = b.bind(new InetSocketAddress(host, port)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
