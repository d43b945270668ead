package dev.keyway.gateway;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

/**
 * A TLS server with a self-signed certificate for one host name, answering every request with its path. The
 * certificate comes from Netty's {@code SelfSignedCertificate}, which runs the JDK's {@code keytool} here (the tests
 * need a JDK, not only a JRE).
 */
final class TlsUpstream implements AutoCloseable {

	final io.netty.handler.ssl.util.SelfSignedCertificate certificate;

	final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	final Channel server;

	final List<String> serverNames = new java.util.concurrent.CopyOnWriteArrayList<>();

	volatile int requests;

	TlsUpstream(String host) throws Exception {
		this.certificate = new io.netty.handler.ssl.util.SelfSignedCertificate(host);
		io.netty.handler.ssl.SslContext tls = io.netty.handler.ssl.SslContextBuilder
			.forServer(this.certificate.certificate(), this.certificate.privateKey())
			.sslProvider(io.netty.handler.ssl.SslProvider.JDK)
			.build();
		this.server = new io.netty.bootstrap.ServerBootstrap().group(this.group)
			.channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
			.childHandler(new io.netty.channel.ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					io.netty.handler.ssl.SslHandler handler = tls.newHandler(channel.alloc());
					javax.net.ssl.SSLParameters parameters = handler.engine().getSSLParameters();
					parameters.setSNIMatchers(List.of(new javax.net.ssl.SNIMatcher(0) {
						@Override
						public boolean matches(javax.net.ssl.SNIServerName name) {
							TlsUpstream.this.serverNames
								.add(new String(name.getEncoded(), java.nio.charset.StandardCharsets.US_ASCII));
							return true;
						}
					}));
					handler.engine().setSSLParameters(parameters);
					channel.pipeline()
						.addLast(handler, new io.netty.handler.codec.http.HttpServerCodec(),
								new io.netty.handler.codec.http.HttpObjectAggregator(65536),
								new io.netty.channel.SimpleChannelInboundHandler<io.netty.handler.codec.http.FullHttpRequest>() {
									@Override
									protected void channelRead0(io.netty.channel.ChannelHandlerContext ctx,
											io.netty.handler.codec.http.FullHttpRequest request) {
										TlsUpstream.this.requests++;
										byte[] body = ("{\"tls\":\"" + request.uri() + "\"}")
											.getBytes(java.nio.charset.StandardCharsets.UTF_8);
										io.netty.handler.codec.http.FullHttpResponse answer = new io.netty.handler.codec.http.DefaultFullHttpResponse(
												io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
												io.netty.handler.codec.http.HttpResponseStatus.OK,
												io.netty.buffer.Unpooled.wrappedBuffer(body));
										answer.headers().set("Content-Type", "application/json").set("Content-Length", body.length);
										ctx.writeAndFlush(answer);
									}

									@Override
									public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
										// a client that refused the certificate: expected in the tests, not logged
										ctx.close();
									}
								});
				}
			})
			.bind(java.net.InetAddress.getLoopbackAddress(), 0)
			.sync()
			.channel();
	}

	int port() {
		return ((java.net.InetSocketAddress) this.server.localAddress()).getPort();
	}

	@Override
	public void close() {
		this.server.close();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		this.certificate.delete();
	}

}
