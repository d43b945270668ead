package dev.keyway.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
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
import io.netty.util.ReferenceCountUtil;

import dev.keyway.webapi.EventLoopCall;

/**
 * An upstream's connections on the event loops of the event-loop listener (issue 14.1): a forwarded call that runs
 * on an event loop is sent on a connection of that same loop and its answer read there ({@link LoopExchange}), so
 * no thread waits on the upstream and none wakes another (docs/DECISIONS.md, "Wave 2, tenth session"). Idle
 * connections are kept per event loop and touched only from it (no locks), up to {@link #IDLE_PER_LOOP} each.
 * <p>
 * For {@code http} and {@code https} upstreams. TLS is Netty's {@code SslHandler} over the JDK's engine with the JVM's
 * trust store (or the upstream's {@code ca_file}) and host name verification (RFC 2818, as the worker path's client: the same trust store, the same
 * {@code javax.net.ssl.*} properties, and the JVM's default protocols and cipher suites) and SNI; the handshake runs
 * on the loop, once per kept connection, before the request is sent, bounded by the connect timeout (504),
 * and a handshake that fails moves on to the name's next address as a refused connection does. Certificate
 * revocation checks, if an operator turns them on, would fetch on the loop: keep them off, as the JVM's default. An upstream named by a DNS name is looked up off the loop
 * ({@link UpstreamAddresses}); until it has an answer the calls go to a worker. A connection is tried on each address
 * in turn, as the worker path's client does.
 */
final class LoopUpstream implements AutoCloseable {

	/** Idle connections kept per event loop; more are closed when their exchange ends. */
	static final int IDLE_PER_LOOP = 64;

	/**
	 * Connections open at once per event loop (the worker path's pool holds 256 per upstream); a call that finds
	 * them all busy is forwarded from a worker instead of opening more.
	 */
	static final int OPEN_PER_LOOP = 256;

	/** How long an idle connection is kept when the upstream names no {@code Keep-Alive} timeout (Apache's 3 min). */
	static final long DEFAULT_KEEP_ALIVE_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(3);

	/** The address a connection was opened to. */
	private static final io.netty.util.AttributeKey<InetSocketAddress> ADDRESS = io.netty.util.AttributeKey
		.valueOf(LoopUpstream.class.getName() + ".ADDRESS");

	/** When an idle connection stops being reused ({@link System#nanoTime()}). */
	private static final io.netty.util.AttributeKey<Long> IDLE_UNTIL = io.netty.util.AttributeKey
		.valueOf(LoopUpstream.class.getName() + ".IDLE_UNTIL");

	/**
	 * The answers' limits: headers up to Tomcat's {@code server.tomcat.max-http-response-header-size} as Keyway
	 * sets it (64 KB; beyond, Tomcat's port cannot send them either); 64 KiB pieces of body.
	 */
	private static final io.netty.handler.codec.http.HttpDecoderConfig DECODING = new io.netty.handler.codec.http.HttpDecoderConfig()
		.setMaxInitialLineLength(64 * 1024)
		.setMaxHeaderSize(64 * 1024)
		.setMaxChunkSize(64 * 1024);

	final ReverseProxy proxy;

	final Upstream upstream;

	final Timer answered;

	final Timer failed;

	/** TLS for an {@code https} upstream; null for {@code http}. */
	private final io.netty.handler.ssl.SslContext tls;

	/** The host as TLS checks it (an IPv6 literal without brackets). */
	private final String tlsHost;

	/** Where to connect; null when the URL is neither {@code http} nor {@code https}. */
	private final UpstreamAddresses addresses;

	private final int port;

	/** The {@code Host} header, as the worker path's client sends it: host and explicit port. */
	final String host;

	/** Each event loop's connections, touched only from that loop. */
	private final Map<EventLoop, Pool> pools = new ConcurrentHashMap<>();

	private static final class Pool {

		final ArrayDeque<Channel> idle = new ArrayDeque<>();

		int open;

	}

	private volatile boolean closed;

	/** At most this many connections open per event loop ({@link #OPEN_PER_LOOP}; a test sets fewer). */
	private final int openPerLoop;

	LoopUpstream(ReverseProxy proxy, Upstream upstream, Timer answered, Timer failed) {
		this(proxy, upstream, answered, failed, OPEN_PER_LOOP, InetAddress::getAllByName, null);
	}

	LoopUpstream(ReverseProxy proxy, Upstream upstream, Timer answered, Timer failed, int openPerLoop) {
		this(proxy, upstream, answered, failed, openPerLoop, InetAddress::getAllByName, null);
	}

	/**
	 * @param resolver how a DNS name is looked up (off the loop)
	 * @param tls the TLS of an {@code https} upstream; null: {@link #clientTls} with the upstream's {@code ca_file}
	 * certificates, else the JVM's trust store
	 */
	LoopUpstream(ReverseProxy proxy, Upstream upstream, Timer answered, Timer failed, int openPerLoop,
			UpstreamAddresses.Resolver resolver, io.netty.handler.ssl.SslContext tls) {
		this.openPerLoop = openPerLoop;
		this.proxy = proxy;
		this.upstream = upstream;
		this.answered = answered;
		this.failed = failed;
		URI url = upstream.url();
		int port = (url.getPort() >= 0) ? url.getPort() : ("https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
		this.host = url.getHost() + ":" + port;
		this.port = port;
		boolean secure = "https".equalsIgnoreCase(url.getScheme());
		boolean supported = (secure || "http".equalsIgnoreCase(url.getScheme())) && url.getHost() != null;
		this.addresses = supported ? new UpstreamAddresses(url.getHost(), port, upstream.name(), resolver,
				UpstreamAddresses.RESOLVED_FOR_NANOS, UpstreamAddresses.KEPT_AFTER_FAILURE_NANOS) : null;
		this.tlsHost = (url.getHost() == null) ? null : UpstreamAddresses.unbracketed(url.getHost());
		this.tls = (!supported || !secure) ? null : (tls != null) ? tls : clientTls(upstream.trustedOrNull());
	}

	/**
	 * The client TLS of the loop's forward: the JDK's engine with the protocols and cipher suites the JVM enables by
	 * default (as the worker path's client: {@code jdk.tls.client.protocols}, {@code jdk.tls.client.cipherSuites}
	 * and {@code jdk.tls.disabledAlgorithms} apply to both), RFC 2818 host name verification.
	 * @param trusted the certificates to trust (an upstream's {@code ca_file}); null: the JVM's trust store
	 */
	static io.netty.handler.ssl.SslContext clientTls(java.security.cert.X509Certificate... trusted) {
		try {
			javax.net.ssl.SSLParameters defaults = javax.net.ssl.SSLContext.getDefault().getDefaultSSLParameters();
			io.netty.handler.ssl.SslContextBuilder builder = io.netty.handler.ssl.SslContextBuilder.forClient()
				.sslProvider(io.netty.handler.ssl.SslProvider.JDK)
				.protocols(defaults.getProtocols())
				.ciphers(java.util.Arrays.asList(defaults.getCipherSuites()))
				.endpointIdentificationAlgorithm("HTTPS");
			if (trusted != null) {
				builder.trustManager(trusted);
			}
			return builder.build();
		}
		catch (javax.net.ssl.SSLException | java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("The JVM's TLS cannot be set up: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether calls can be sent from the event loop now: an {@code http} or {@code https} upstream whose URL names an
	 * address, or a name with an answer (a look-up starts, off the loop, when none is there or it is due again).
	 */
	boolean usable() {
		return !this.closed && this.addresses != null && !this.addresses.current().isEmpty();
	}

	/**
	 * Whether a call of this event loop can be sent from it now: an idle connection waits, or fewer than
	 * {@link #OPEN_PER_LOOP} are open (on the loop: nothing changes between this and {@link #send}).
	 */
	boolean available(EventLoop loop) {
		Pool pool = this.pools.get(loop);
		return pool == null || pool.open < this.openPerLoop || !pool.idle.isEmpty();
	}

	/** Sends {@code out} on an idle connection of the call's event loop, or a new one; the exchange ends the call. */
	void send(EventLoopCall call, ReverseProxy.Outgoing out, byte[] body) {
		LoopExchange exchange = new LoopExchange(this, call, out, body);
		if (exchange.ended()) {
			// the client left before the call could be sent
			return;
		}
		Channel channel = lease(call.eventLoop());
		if (channel != null) {
			exchange.sendOn(channel, true);
		}
		else {
			connect(call, exchange);
		}
	}

	/** The most recently used idle connection still open and within its keep-alive; expired ones are closed. */
	private Channel lease(EventLoop loop) {
		Pool pool = this.pools.get(loop);
		if (pool == null) {
			return null;
		}
		long now = System.nanoTime();
		java.util.List<InetSocketAddress> current = this.addresses.current();
		for (Channel channel = pool.idle.pollLast(); channel != null; channel = pool.idle.pollLast()) {
			// a connection to an address the name no longer resolves to is not reused
			if (channel.isActive() && now - channel.attr(IDLE_UNTIL).get() < 0
					&& current.contains(channel.attr(ADDRESS).get())) {
				return channel;
			}
			channel.close();
		}
		return null;
	}

	/** Opens a connection on the call's event loop for {@code exchange}. */
	void connect(EventLoopCall call, LoopExchange exchange) {
		java.util.List<InetSocketAddress> all = this.addresses.current();
		if (all.isEmpty()) {
			// the name's answer expired since the call was taken on
			exchange.failed(null, new java.net.UnknownHostException(this.tlsHost));
			return;
		}
		connect(call, exchange, all, 0);
	}

	/** Opens a connection to the {@code index}th address, the next one if that fails, as the worker path's client. */
	private void connect(EventLoopCall call, LoopExchange exchange, java.util.List<InetSocketAddress> all, int index) {
		InetSocketAddress address = all.get(index);
		Pool pool = this.pools.computeIfAbsent(call.eventLoop(), (loop) -> new Pool());
		call.client()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
					Math.max(1, this.upstream.connectTimeout().toMillis())))
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(new ChannelInitializer<Channel>() {
				@Override
				protected void initChannel(Channel channel) {
					// counted once registered on the event loop (a channel that could not even be made never is),
					// and given back when it closes, on the same loop
					pool.open++;
					channel.closeFuture().addListener((closed) -> pool.open--);
					if (LoopUpstream.this.tls != null) {
						// SNI and the host name check against the URL's host; the handshake is bounded by the connect
						// timeout, as the worker path's client bounds it
						io.netty.handler.ssl.SslHandler handler = LoopUpstream.this.tls.newHandler(channel.alloc(),
								LoopUpstream.this.tlsHost, LoopUpstream.this.port);
						handler.setHandshakeTimeoutMillis(Math.max(1, LoopUpstream.this.upstream.connectTimeout().toMillis()));
						channel.pipeline().addLast(handler);
					}
					channel.pipeline().addLast(new HttpClientCodec(DECODING, false, false), new Receiver());
				}
			})
			.connect(address)
			.addListener((io.netty.channel.ChannelFutureListener) (connected) -> onLoop(call, () -> {
				if (!connected.isSuccess()) {
					next(call, exchange, all, index, connected.cause());
					return;
				}
				Channel channel = connected.channel();
				channel.attr(ADDRESS).set(address);
				io.netty.handler.ssl.SslHandler tls = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
				if (tls == null) {
					exchange.sendOn(channel, false);
					return;
				}
				// the request leaves once the peer is verified; a failed handshake moves on to the next address, as
				// the worker path's client does
				tls.handshakeFuture().addListener((handshake) -> {
					if (handshake.isSuccess()) {
						exchange.sendOn(channel, false);
					}
					else {
						channel.close();
						next(call, exchange, all, index, handshake.cause());
					}
				});
			}));
	}

	/** After a failed connection: the next address, or the exchange's failure (on the loop). */
	private void next(EventLoopCall call, LoopExchange exchange, java.util.List<InetSocketAddress> all, int index,
			Throwable cause) {
		if (index + 1 < all.size() && !exchange.ended()) {
			connect(call, exchange, all, index + 1);
		}
		else {
			exchange.failed(null, cause);
		}
	}

	/** Runs {@code task} on the call's event loop (a channel that could not be made reports on another executor). */
	private static void onLoop(EventLoopCall call, Runnable task) {
		if (call.eventLoop().inEventLoop()) {
			task.run();
		}
		else {
			call.eventLoop().execute(task);
		}
	}

	/**
	 * An exchange read its answer to the end: the connection waits for the next call of its event loop, or closes.
	 * @param keepAliveNanos how long the upstream keeps it, or a negative number to close it
	 */
	void release(Channel channel, long keepAliveNanos) {
		receiver(channel).current = null;
		Pool pool = this.pools.get(channel.eventLoop());
		if (keepAliveNanos <= 0 || this.closed || pool == null || pool.idle.size() >= IDLE_PER_LOOP) {
			channel.close();
			return;
		}
		channel.attr(IDLE_UNTIL).set(System.nanoTime() + keepAliveNanos);
		pool.idle.addLast(channel);
	}

	/**
	 * How long the upstream keeps a connection after {@code answer}: its {@code Keep-Alive: timeout} less a second
	 * (so that it is not reused as the upstream closes it), else {@link #DEFAULT_KEEP_ALIVE_NANOS}; -1 when it
	 * closes the connection.
	 */
	static long keepAliveNanos(io.netty.handler.codec.http.HttpResponse answer) {
		if (!io.netty.handler.codec.http.HttpUtil.isKeepAlive(answer)) {
			return -1;
		}
		String keepAlive = answer.headers().get("Keep-Alive");
		if (keepAlive != null) {
			for (String parameter : keepAlive.split(",")) {
				String[] pair = parameter.strip().split("=", 2);
				if (pair.length == 2 && "timeout".equalsIgnoreCase(pair[0].strip())) {
					try {
						return java.util.concurrent.TimeUnit.SECONDS.toNanos(Long.parseLong(pair[1].strip()) - 1);
					}
					catch (NumberFormatException ex) {
						break;
					}
				}
			}
		}
		return DEFAULT_KEEP_ALIVE_NANOS;
	}

	static Receiver receiver(Channel channel) {
		return channel.pipeline().get(Receiver.class);
	}

	@Override
	public void close() {
		this.closed = true;
		if (this.addresses != null) {
			this.addresses.close();
		}
		this.pools.forEach((loop, pool) -> {
			try {
				loop.execute(() -> {
					pool.idle.forEach(Channel::close);
					pool.idle.clear();
				});
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// the listener stopped first: its event loops closed every connection they had
			}
		});
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
				Pool pool = LoopUpstream.this.pools.get(ctx.channel().eventLoop());
				if (pool != null) {
					pool.idle.remove(ctx.channel());
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
