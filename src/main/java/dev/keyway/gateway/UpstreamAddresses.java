package dev.keyway.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.util.NetUtil;

/**
 * The addresses the event loop connects to for one upstream ({@link LoopUpstream}), found without blocking the loop:
 * the URL's IP address, or its DNS name looked up on a thread of its own with the JVM's resolver — the resolver of the
 * worker path's client ({@link InetAddress#getAllByName}: {@code /etc/hosts}, then DNS, the JVM's cache and its
 * {@code java.net.preferIPv6Addresses} order), every address kept, to be tried in that order as that client does.
 * <p>
 * An answer is used for {@link #RESOLVED_FOR_NANOS}, then looked up again while the calls keep using it. A look-up
 * that fails keeps the last answer for {@link #KEPT_AFTER_FAILURE_NANOS} more (a DNS outage does not drop working
 * connections) and is tried again after {@link #RETRY_NANOS}. Without an answer the list is empty: the calls go to the
 * worker path, which looks the name up itself and answers a name that does not resolve with 502.
 */
final class UpstreamAddresses implements AutoCloseable {

	/**
	 * How long an answer is used before the name is looked up again: the JVM's default for a positive look-up
	 * ({@code networkaddress.cache.ttl}, 30 s), below which the JVM's cache answers without asking DNS.
	 */
	static final long RESOLVED_FOR_NANOS = TimeUnit.SECONDS.toNanos(30);

	/** How long the last answer still serves while look-ups fail. */
	static final long KEPT_AFTER_FAILURE_NANOS = TimeUnit.MINUTES.toNanos(5);

	/** The pause after a failed look-up (the JVM caches a failure for 10 s by default anyway). */
	static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** Looks a host name up (blocking); the JVM's resolver unless a test gives another. */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/** The addresses a name resolved to; when to look it up again, and when to stop using them. */
	private record Answer(List<InetSocketAddress> addresses, long refreshAt, long expiresAt) {
	}

	private final List<InetSocketAddress> fixed;

	private final String name;

	private final int port;

	private final Resolver resolver;

	private final long resolvedFor;

	private final long keptAfterFailure;

	private volatile Answer answer;

	private volatile long retryAt = System.nanoTime();

	private final AtomicBoolean resolving = new AtomicBoolean();

	/** One thread at most, started when a look-up is due and ended a minute after the last. */
	private final ThreadPoolExecutor lookUps;

	/**
	 * @param host the URL's host (an IP literal, in brackets for IPv6, or a DNS name)
	 * @param label names the look-up thread
	 */
	UpstreamAddresses(String host, int port, String label, Resolver resolver, long resolvedFor, long keptAfterFailure) {
		this.port = port;
		this.resolver = resolver;
		this.resolvedFor = resolvedFor;
		this.keptAfterFailure = keptAfterFailure;
		InetSocketAddress literal = literal(host, port);
		this.fixed = (literal != null) ? List.of(literal) : null;
		this.name = (literal != null) ? null : host;
		this.lookUps = (literal != null) ? null
				: new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "keyway-upstream-lookup-" + label);
					thread.setDaemon(true);
					return thread;
				});
	}

	private static InetSocketAddress literal(String host, int port) {
		byte[] ip = NetUtil.createByteArrayFromIpAddressString(unbracketed(host));
		if (ip == null) {
			return null;
		}
		try {
			return new InetSocketAddress(InetAddress.getByAddress(ip), port);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** A URL's host as an address or a name is written outside a URL: an IPv6 literal without its brackets. */
	static String unbracketed(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

	/**
	 * The addresses to connect to, in the order to try them; empty when there is no usable answer. Never blocks: a
	 * look-up that is due starts on the look-up thread, and its answer serves the calls that come after it.
	 */
	List<InetSocketAddress> current() {
		if (this.fixed != null) {
			return this.fixed;
		}
		long now = System.nanoTime();
		Answer last = this.answer;
		if (last != null && now - last.expiresAt() >= 0) {
			last = null;
		}
		if ((last == null || now - last.refreshAt() >= 0) && now - this.retryAt >= 0) {
			lookUp();
		}
		return (last != null) ? last.addresses() : List.of();
	}

	private void lookUp() {
		if (!this.resolving.compareAndSet(false, true)) {
			return;
		}
		try {
			this.lookUps.execute(this::resolve);
		}
		catch (RejectedExecutionException ex) {
			// closed while the call came in
			this.resolving.set(false);
		}
	}

	private void resolve() {
		try {
			InetAddress[] all = this.resolver.resolve(this.name);
			List<InetSocketAddress> addresses = new ArrayList<>(all.length);
			for (InetAddress address : all) {
				addresses.add(new InetSocketAddress(address, this.port));
			}
			if (addresses.isEmpty()) {
				throw new UnknownHostException(this.name);
			}
			long now = System.nanoTime();
			this.answer = new Answer(List.copyOf(addresses), now + this.resolvedFor,
					now + this.resolvedFor + this.keptAfterFailure);
		}
		catch (UnknownHostException | RuntimeException ex) {
			// the last answer serves until it expires; the worker path reports the failure once it has none
			this.retryAt = System.nanoTime() + RETRY_NANOS;
		}
		finally {
			this.resolving.set(false);
		}
	}

	@Override
	public void close() {
		if (this.lookUps != null) {
			this.lookUps.shutdownNow();
		}
	}

}
