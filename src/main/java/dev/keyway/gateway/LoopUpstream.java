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
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;

import dev.keyway.webapi.EventLoopCall;

/**
 * An upstream's connections on the event loops of the event-loop listener (issue 14.1): a forwarded call that runs
 * on an event loop is sent on a connection of that same loop and its answer read there ({@link LoopExchange}), so
 * no thread waits on the upstream and none wakes another (docs/DECISIONS.md, "Wave 2, tenth session"). Idle
 * connections are kept per event loop and touched only from it (no locks), up to {@link #IDLE_PER_LOOP} each.
 * <p>
 * Only for {@code http} upstreams (TLS stays on Apache HttpClient's verified path; {@code https} upstreams are
 * forwarded on a worker, as on Tomcat's port). An upstream named by a DNS name is resolved off the loop, with the
 * JVM's resolver as the worker path's client uses it ({@link InetAddress#getAllByName}, the first address), and the
 * address kept for {@link #RESOLVED_FOR_NANOS}: until the first answer the calls go to a worker; after that an
 * address older than that is looked up again while the calls keep using it, and a name that stops resolving sends
 * them to the worker path again, which reports the failure as it always did (502).
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

	/**
	 * How long a resolved address is used before it is looked up again: the JVM's own default for a positive look-up
	 * ({@code networkaddress.cache.ttl}, 30 s), below which the JVM's cache answers without asking DNS.
	 */
	static final long RESOLVED_FOR_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

	/** Looks a host name up (blocking); the JVM's resolver unless a test gives another. */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws java.net.UnknownHostException;

	}

	/** An address a name resolved to, and when to look the name up again ({@link System#nanoTime()}). */
	private record Resolved(InetSocketAddress address, long refreshAt) {
	}

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

	/** The upstream's IP address when its URL names one; else null. */
	private final InetSocketAddress fixed;

	/** The DNS name to resolve off the loop; null when the URL names an address or is not {@code http}. */
	private final String name;

	private final int port;

	/** The name's last address, or null before the first answer and after a failed look-up. */
	private volatile Resolved resolved;

	private final java.util.concurrent.atomic.AtomicBoolean resolving = new java.util.concurrent.atomic.AtomicBoolean();

	private final Resolver resolver;

	private final long resolvedForNanos;

	/** Where look-ups run: one thread at most, started when one is needed and ended when idle. */
	private final java.util.concurrent.ThreadPoolExecutor lookUps;

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
		this(proxy, upstream, answered, failed, OPEN_PER_LOOP, InetAddress::getAllByName, RESOLVED_FOR_NANOS);
	}

	LoopUpstream(ReverseProxy proxy, Upstream upstream, Timer answered, Timer failed, int openPerLoop) {
		this(proxy, upstream, answered, failed, openPerLoop, InetAddress::getAllByName, RESOLVED_FOR_NANOS);
	}

	LoopUpstream(ReverseProxy proxy, Upstream upstream, Timer answered, Timer failed, int openPerLoop,
			Resolver resolver, long resolvedForNanos) {
		this.openPerLoop = openPerLoop;
		this.resolver = resolver;
		this.resolvedForNanos = resolvedForNanos;
		this.proxy = proxy;
		this.upstream = upstream;
		this.answered = answered;
		this.failed = failed;
		URI url = upstream.url();
		int port = (url.getPort() >= 0) ? url.getPort() : ("https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
		this.host = url.getHost() + ":" + port;
		this.port = port;
		this.fixed = literal(url, port);
		this.name = ("http".equalsIgnoreCase(url.getScheme()) && url.getHost() != null && this.fixed == null)
				? url.getHost() : null;
		this.lookUps = (this.name == null) ? null : new java.util.concurrent.ThreadPoolExecutor(0, 1, 10,
				java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "keyway-upstream-lookup-" + upstream.name());
					thread.setDaemon(true);
					return thread;
				});
	}

	/** The address an {@code http} URL names as an IP literal, else null. */
	private static InetSocketAddress literal(URI url, int port) {
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
		return null;
	}

	/**
	 * Whether calls can be sent from the event loop now: an {@code http} upstream named by an address, or by a name
	 * that resolved (a look-up starts, off the loop, when there is no address yet or it is due again).
	 */
	boolean usable() {
		if (this.closed) {
			return false;
		}
		if (this.fixed != null) {
			return true;
		}
		if (this.name == null) {
			return false;
		}
		Resolved last = this.resolved;
		if (last == null || System.nanoTime() - last.refreshAt() >= 0) {
			lookUp();
		}
		return last != null;
	}

	/** The address to connect to: the URL's, or the name's last; null when there is none. */
	InetSocketAddress address() {
		if (this.fixed != null) {
			return this.fixed;
		}
		Resolved last = this.resolved;
		return (last != null) ? last.address() : null;
	}

	/** Starts a look-up of the name unless one runs; its result is used by the calls that come after it. */
	private void lookUp() {
		if (!this.resolving.compareAndSet(false, true)) {
			return;
		}
		try {
			this.lookUps.execute(() -> {
				try {
					InetAddress[] all = this.resolver.resolve(this.name);
					this.resolved = (all.length == 0) ? null
							: new Resolved(new InetSocketAddress(all[0], this.port), System.nanoTime() + this.resolvedForNanos);
				}
				catch (java.net.UnknownHostException | RuntimeException ex) {
					// the worker path looks the name up again and answers its failure (502)
					this.resolved = null;
				}
				finally {
					this.resolving.set(false);
				}
			});
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// closed while the call came in
			this.resolving.set(false);
		}
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
		InetSocketAddress current = address();
		for (Channel channel = pool.idle.pollLast(); channel != null; channel = pool.idle.pollLast()) {
			// a connection to an address the name no longer resolves to is not reused
			if (channel.isActive() && now - channel.attr(IDLE_UNTIL).get() < 0
					&& (this.fixed != null || channel.remoteAddress().equals(current))) {
				return channel;
			}
			channel.close();
		}
		return null;
	}

	/** Opens a connection on the call's event loop for {@code exchange}. */
	void connect(EventLoopCall call, LoopExchange exchange) {
		InetSocketAddress address = address();
		if (address == null) {
			// the name stopped resolving since the call was taken on (a look-up in between failed)
			exchange.failed(null, new java.net.UnknownHostException(this.name));
			return;
		}
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
					channel.pipeline().addLast(new HttpClientCodec(DECODING, false, false), new Receiver());
				}
			})
			.connect(address)
			.addListener((io.netty.channel.ChannelFutureListener) (connected) -> {
				if (connected.isSuccess()) {
					exchange.sendOn(connected.channel(), false);
				}
				else if (call.eventLoop().inEventLoop()) {
					exchange.failed(null, connected.cause());
				}
				else {
					// a channel that could not be made reports on another executor: the exchange lives on the loop
					call.eventLoop().execute(() -> exchange.failed(null, connected.cause()));
				}
			});
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
		if (this.lookUps != null) {
			this.lookUps.shutdownNow();
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
