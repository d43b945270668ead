package dev.keyway.webapi;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.keyway.webapi.LoopRequest.LoopMapping;

/**
 * The opt-in event-loop listener (issue 14.1; {@code keyway.server.event-loop.port}): a second port on which
 * Netty reads each call and hands it to the same {@link FrontDoor}, Spring Security chain and Web API servlets as
 * Tomcat's port — {@code /rest/*}, {@code /auth/verify}, {@code /auth/envoy/*}, {@code /auth/forward}, and Spring
 * MVC's token endpoints under {@code /oauth} — on the thread that read it, so
 * a call answerable from memory costs no hand-over between threads (docs/BENCHMARKS.md, "Wave 2, eighth
 * session": −27 % of a signed call's CPU on one core). Where a call can wait on a socket (a database on the
 * network), it runs on a worker instead ({@code keyway.server.event-loop.run-on}, {@code auto} by default: on the
 * event loop with the embedded database, which answers in-process, on workers otherwise). What this listener
 * does not serve, and says so (404): the admin and the rest of the servlet application (docs/DECISIONS.md,
 * "Wave 2, ninth session"). A gateway route's forwarding, which waits on the upstream, runs on a worker.
 */
final class EventLoopListener implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventLoopListener.class);

	/** The paths of Spring MVC's handlers this listener answers: the token endpoints. */
	static final String TOKEN_PATHS = "/oauth/*";

	/** The bound port, in the application's environment once the listener started. */
	static final String LOCAL_PORT = "local.keyway.event-loop.port";

	/**
	 * Request attribute: the call runs on the event loop of this client connection (its Netty channel), so what may
	 * wait on the network must not block it ({@link EventLoopCall}) or is handed off to a worker.
	 */
	static final String ON_EVENT_LOOP = EventLoopListener.class.getName() + ".ON_EVENT_LOOP";

	enum RunOn {

		AUTO, EVENT_LOOP, WORKER;

		static RunOn of(String value) {
			return switch (value.strip().toLowerCase(Locale.ROOT)) {
				case "auto" -> AUTO;
				case "event-loop" -> EVENT_LOOP;
				case "worker" -> WORKER;
				default -> throw new IllegalArgumentException(
						"keyway.server.event-loop.run-on must be auto, event-loop or worker; got " + Shown.shown(value));
			};
		}

	}

	/** What the listener was told at start-up (null: no port set, the listener stays closed). */
	record Settings(String address, int port, RunOn runOn, String datasourceUrl, int maxHeaderBytes,
			long maxBodyBytes, LoopForwarded forwarded, int maxStreamsPerAddress) {

		Settings {
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("keyway.server.event-loop.port must be from 0 to 65535; got " + port);
			}
		}

		/** Calls on the event loop: asked for, or the embedded database (in-process: no socket to wait on). */
		boolean onEventLoop() {
			return switch (this.runOn) {
				case EVENT_LOOP -> true;
				case WORKER -> false;
				case AUTO -> this.datasourceUrl != null && this.datasourceUrl.startsWith("jdbc:h2:")
						&& !this.datasourceUrl.startsWith("jdbc:h2:tcp:") && !this.datasourceUrl.startsWith("jdbc:h2:ssl:");
			};
		}

	}

	/** The servlets this listener answers, each behind its own front door, most specific mapping first. */
	record Doors(List<Door> doors, ServletContext context) {

		Door find(String rawPath) {
			for (Door door : this.doors) {
				if (door.mapping().matches(rawPath)) {
					return door;
				}
			}
			return null;
		}

	}

	record Door(LoopMapping mapping, Filter door) {
	}

	private final Settings settings;

	private final ListableBeanFactory beans;

	private final CallMetrics metrics;

	private final ServletContext context;

	private final ConfigurableEnvironment environment;

	/** The longest a stop waits for the port to close, then for the event loops to end. */
	private static final long STOP_SECONDS = 10;

	private EventLoopGroup group;

	private ExecutorService workers;

	private Channel channel;

	private volatile boolean running;

	EventLoopListener(Settings settings, ListableBeanFactory beans, CallMetrics metrics, ServletContext context,
			ConfigurableEnvironment environment) {
		this.settings = settings;
		this.environment = environment;
		this.beans = beans;
		this.metrics = metrics;
		this.context = context;
	}

	/** The port the listener is bound to (the chosen one when configured with 0), or -1 before it starts. */
	int port() {
		return (this.channel != null) ? ((InetSocketAddress) this.channel.localAddress()).getPort() : -1;
	}

	@Override
	public void start() {
		if (this.settings == null) {
			// keyway.server.event-loop.port is not set: Tomcat's port serves everything
			return;
		}
		Doors doors = doors();
		boolean epoll = Epoll.isAvailable();
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
		this.group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("keyway-loop", true), io);
		this.workers = workers();
		ExecutorService calls = this.settings.onEventLoop() ? null : this.workers;
		// Tomcat's port is open by now (the web server starts in an earlier phase)
		String notServed = "This port serves /rest, /oauth, /auth/verify, /auth/envoy and /auth/forward; the admin and the rest are on port "
				+ this.environment.getProperty("local.server.port", this.environment.getProperty("server.port", "8080"))
				+ " (server.port)";
		HttpDecoderConfig decoding = new HttpDecoderConfig().setMaxInitialLineLength(this.settings.maxHeaderBytes())
			.setMaxHeaderSize(this.settings.maxHeaderBytes())
			.setStrictLineParsing(true)
			.setUseRfc9112TransferEncoding(true);
		RequestTarget target = RequestTarget.of(this.environment);
		StreamsPerAddress streams = new StreamsPerAddress(this.settings.maxStreamsPerAddress());
		// as many connections as Tomcat's port keeps (its default 8192): a client opening thousands is bounded
		int maxConnections = this.environment.getProperty("server.tomcat.max-connections", Integer.class, 8192);
		AtomicInteger open = new AtomicInteger();
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.group)
			.channel(type)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					if (open.incrementAndGet() > maxConnections) {
						// Tomcat's port stops accepting at the same number; here the newest is closed at once
						open.decrementAndGet();
						channel.close();
						return;
					}
					channel.closeFuture().addListener((closed) -> open.decrementAndGet());
					channel.pipeline()
						.addLast(new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS))
						.addLast(new LoopRequestDecoder(decoding))
						.addLast(new HttpResponseEncoder())
						.addLast(new LoopCalls(doors, calls, EventLoopListener.this.workers,
								EventLoopListener.this.settings.maxBodyBytes(),
								EventLoopListener.this.settings.forwarded(), notServed, target, streams));
				}
			});
		String address = this.settings.address();
		InetSocketAddress bind = (address == null || address.isBlank()) ? new InetSocketAddress(this.settings.port())
				: new InetSocketAddress(address, this.settings.port());
		if (bind.isUnresolved()) {
			stop();
			throw new IllegalStateException("keyway.server.event-loop.address must be an address or a host name of this "
					+ "machine; got " + Shown.shown(address));
		}
		io.netty.channel.ChannelFuture bound = bootstrap.bind(bind).awaitUninterruptibly();
		if (!bound.isSuccess()) {
			stop();
			throw new IllegalStateException("keyway.server.event-loop.port " + this.settings.port() + " could not be opened on "
					+ ((address == null || address.isBlank()) ? "every address" : Shown.shown(address)) + " (in use by "
					+ "another program, or server.port itself?): " + bound.cause().getMessage(), bound.cause());
		}
		this.channel = bound.channel();
		this.running = true;
		// as Spring Boot publishes local.server.port: the bound port, for scripts' and tests' look-ups
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("keyway.event-loop", Map.of(LOCAL_PORT, port())));
		log.info("Event-loop listener on {} ({}, calls on {}): /rest, /oauth, /auth/verify, /auth/envoy, /auth/forward", this.channel.localAddress(),
				epoll ? "epoll" : "nio", (calls == null) ? "the event loop" : "worker threads");
	}

	private Doors doors() {
		List<Door> doors = new ArrayList<>();
		for (ServletRegistrationBean<?> registration : this.beans.getBeansOfType(ServletRegistrationBean.class).values()) {
			if (registration.isEnabled() && registration.getServlet() instanceof ApiEndpoint
					&& registration.getServlet() instanceof HttpServlet servlet) {
				for (String pattern : registration.getUrlMappings()) {
					LoopMapping mapping = new LoopMapping(pattern, registration.getServletName());
					doors.add(new Door(mapping, new FrontDoor(null, servlet, this.metrics, this.beans)));
				}
			}
		}
		// the token endpoints (RFC 5849 2), which Spring MVC answers: a client's whole exchange on one port
		for (DispatcherServlet dispatcher : this.beans.getBeansOfType(DispatcherServlet.class).values()) {
			FrontDoor door = new FrontDoor(null, dispatcher, this.metrics, this.beans);
			Filter timed = (request, response, chain) -> this.metrics.timed((HttpServletRequest) request,
					(HttpServletResponse) response, (in, out) -> door.doFilter(in, out, chain));
			doors.add(new Door(new LoopMapping(TOKEN_PATHS, "dispatcherServlet", true), timed));
		}
		// exact mappings first, then the longest prefix: the servlet rule
		doors.sort(Comparator.comparing((Door door) -> door.mapping().prefix())
			.thenComparing((Door door) -> -door.mapping().pattern().length()));
		return new Doors(List.copyOf(doors), this.context);
	}

	/** Threads for calls that may wait: Tomcat's defaults (10 kept, 200 at most; over that, 503). */
	private static ExecutorService workers() {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(10, 200, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				new DefaultThreadFactory("keyway-loop-worker", true));
		return pool;
	}

	@Override
	public void stop() {
		this.running = false;
		// bounded: a stop once waited for ever on the group's termination with no event-loop thread left
		// (seen once, not reproduced); a node told to stop must stop
		if (this.channel != null && !this.channel.close().awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS)) {
			log.warn("The event-loop listener's port did not close within {} s; stopping anyway", STOP_SECONDS);
		}
		if (this.group != null
				&& !this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(STOP_SECONDS, TimeUnit.SECONDS)) {
			log.warn("The event-loop listener's threads did not end within {} s; stopping anyway", STOP_SECONDS);
		}
		if (this.workers != null) {
			this.workers.shutdown();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
