package dev.keyway.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Timer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;

import dev.keyway.webapi.EventLoopCall;

/**
 * An upstream's connections on the event loops of the event-loop listener (issue 14.1): a forwarded call that runs
 * on an event loop is sent on a connection of that same loop and its answer read there ({@link LoopExchange}), so
 * no thread waits on the upstream and none wakes another (docs/DECISIONS.md, "Wave 2, tenth session"). Idle
 * connections are kept per event loop and touched only from it (no locks), up to {@link #IDLE_PER_LOOP} each.
 * <p>
 * Only for upstreams it can reach without blocking the loop: {@code http} (TLS stays on Apache HttpClient's
 * verified path) named by an IP address or {@code localhost} (a DNS name would be resolved on the loop, blocking
 * it). Other upstreams are forwarded on a worker, as on Tomcat's port.
 */
final class LoopUpstream implements AutoCloseable {

	/** Idle connections kept per event loop; more are closed when their exchange ends. */
	static final int IDLE_PER_LOOP = 64;

	final ReverseProxy proxy;

	final Upstream upstream;

	final Timer answered;

	final Timer failed;

	/** Null when the upstream is not reachable without blocking (see the class comment). */
	private final InetSocketAddress address;

	/** The {@code Host} header, as the worker path's client sends it: host and explicit port. */
	final String host;

	private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();

	private volatile boolean closed;

	LoopUpstream(ReverseProxy proxy, Upstream upstream, Timer answered, Timer failed) {
		this.proxy = proxy;
		this.upstream = upstream;
		this.answered = answered;
		this.failed = failed;
		URI url = upstream.url();
		int port = (url.getPort() >= 0) ? url.getPort() : ("https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
		this.host = url.getHost() + ":" + port;
		this.address = address(url, port);
	}

	private static InetSocketAddress address(URI url, int port) {
		if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
			return null;
		}
		String host = url.getHost();
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		byte[] ip = NetUtil.createByteArrayFromIpAddressString(literal);
		if (ip != null) {
			try {
				return new InetSocketAddress(InetAddress.getByAddress(ip), port);
			}
			catch (java.net.UnknownHostException ex) {
				return null;
			}
		}
		if ("localhost".equals(host.toLowerCase(Locale.ROOT))) {
			// the loopback interface, as the JDK resolves localhost without a look-up
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		}
		return null;
	}

	boolean usable() {
		return this.address != null && !this.closed;
	}

	/** Sends {@code out} on an idle connection of the call's event loop, or a new one; the exchange ends the call. */
	void send(EventLoopCall call, ReverseProxy.Outgoing out, byte[] body) {
		LoopExchange exchange = new LoopExchange(this, call, out, body);
		Channel channel = lease(call.eventLoop());
		if (channel != null) {
			exchange.sendOn(channel, true);
		}
		else {
			connect(call, exchange);
		}
	}

	private Channel lease(EventLoop loop) {
		ArrayDeque<Channel> pool = this.idle.get(loop);
		if (pool == null) {
			return null;
		}
		for (Channel channel = pool.pollLast(); channel != null; channel = pool.pollLast()) {
			if (channel.isActive()) {
				return channel;
			}
		}
		return null;
	}

	/** Opens a connection on the call's event loop for {@code exchange}. */
	void connect(EventLoopCall call, LoopExchange exchange) {
		call.client()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
					Math.max(1, this.upstream.connectTimeout().toMillis())))
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					channel.pipeline().addLast(new HttpClientCodec(), new Receiver());
				}
			})
			.connect(this.address)
			.addListener((io.netty.channel.ChannelFutureListener) (connected) -> {
				if (connected.isSuccess()) {
					exchange.sendOn(connected.channel(), false);
				}
				else {
					exchange.failed(null, connected.cause());
				}
			});
	}

	/** An exchange read its answer to the end: the connection waits for the next call of its event loop, or closes. */
	void release(Channel channel, boolean keepAlive) {
		receiver(channel).current = null;
		if (!keepAlive || this.closed) {
			channel.close();
			return;
		}
		ArrayDeque<Channel> pool = this.idle.computeIfAbsent(channel.eventLoop(), (loop) -> new ArrayDeque<>());
		if (pool.size() >= IDLE_PER_LOOP) {
			channel.close();
			return;
		}
		pool.addLast(channel);
	}

	static Receiver receiver(Channel channel) {
		return channel.pipeline().get(Receiver.class);
	}

	@Override
	public void close() {
		this.closed = true;
		this.idle.forEach((loop, pool) -> loop.execute(() -> {
			pool.forEach(Channel::close);
			pool.clear();
		}));
	}

	/** A connection's reader: hands what arrives to the exchange in progress; an idle connection's closing drops it. */
	final class Receiver extends ChannelInboundHandlerAdapter {

		LoopExchange current;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			if (this.current != null) {
				this.current.read(message);
			}
			else {
				// nothing is expected on an idle connection: the upstream broke the protocol
				ReferenceCountUtil.release(message);
				ctx.close();
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			if (this.current != null) {
				this.current.failed(ctx.channel(), new java.io.IOException("The upstream closed the connection"));
			}
			else {
				ArrayDeque<Channel> pool = LoopUpstream.this.idle.get(ctx.channel().eventLoop());
				if (pool != null) {
					pool.remove(ctx.channel());
				}
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (this.current != null) {
				this.current.failed(ctx.channel(), cause);
			}
			ctx.close();
		}

	}

}
