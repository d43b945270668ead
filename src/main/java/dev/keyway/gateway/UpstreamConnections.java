package dev.keyway.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.http.protocol.HttpProcessor;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The pooled HTTP/1.1 connections to one upstream, on Apache HttpClient 5's connection manager
 * (pool, connect timeout, TLS with host name verification, validation of idle connections) and
 * HttpCore's request executor, without the classic client's execution chain (docs/DECISIONS.md
 * "Gateway forwarding cost"). Hand-written orchestration (lease, connect, send, keep or discard),
 * because that chain (route planning, per-call context, authentication and cookie stages, retries
 * and redirects the proxy switches off anyway) was about a quarter of a forwarded call's work in the
 * profile; what is left here is what {@code MainClientExec} does for a plain request. Thread-safe.
 */
final class UpstreamConnections implements AutoCloseable {

	/** What the client's default chain adds that a forwarded request needs: framing, Host, keep-alive. */
	private static final HttpProcessor PROCESSOR = HttpProcessorBuilder.create()
		.addAll(new RequestContent(), new RequestTargetHost(), new RequestConnControl())
		.build();

	private final PoolingHttpClientConnectionManager manager;

	private final HttpRequestExecutor executor = new HttpRequestExecutor();

	private final HttpHost target;

	private final HttpRoute route;

	private final Timeout connectTimeout;

	private final Timeout readTimeout;

	/** How long a call waits for a free pooled connection: the classic client's default. */
	private final Timeout leaseTimeout = RequestConfig.DEFAULT.getConnectionRequestTimeout();

	private final String id;

	UpstreamConnections(String name, URI url, Duration connectTimeout, Duration readTimeout) {
		this(name, url, connectTimeout, readTimeout, null);
	}

	/**
	 * @param trusted the certificates an {@code https} upstream's must chain to; null: the JVM's trust store
	 */
	UpstreamConnections(String name, URI url, Duration connectTimeout, Duration readTimeout,
			java.security.cert.X509Certificate[] trusted) {
		this.target = target(url);
		this.route = new HttpRoute(this.target, null, "https".equals(this.target.getSchemeName()));
		this.connectTimeout = Timeout.of(connectTimeout);
		this.readTimeout = Timeout.of(readTimeout);
		this.id = "upstream-" + name;
		PoolingHttpClientConnectionManagerBuilder builder = PoolingHttpClientConnectionManagerBuilder.create()
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(this.connectTimeout)
				.setSocketTimeout(this.readTimeout)
				.build())
			.setMaxConnTotal(256)
			.setMaxConnPerRoute(256);
		if (trusted != null) {
			// the client's own TLS (protocols, suites, host name verification), with these certificates as the roots
			builder.setTlsSocketStrategy(org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder.create()
				.setSslContext(sslContext(trusted))
				.buildClassic());
		}
		this.manager = builder.build();
	}

	private static javax.net.ssl.SSLContext sslContext(java.security.cert.X509Certificate[] trusted) {
		try {
			java.security.KeyStore roots = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
			roots.load(null, null);
			for (int i = 0; i < trusted.length; i++) {
				roots.setCertificateEntry("ca-" + i, trusted[i]);
			}
			javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory
				.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
			factory.init(roots);
			javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (java.security.GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("The upstream's trusted certificates cannot be used: " + ex.getMessage(), ex);
		}
	}

	/** The scheme, host and port of a URL, the port made explicit as the classic client's route planner does. */
	private static HttpHost target(URI url) {
		String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
		int port = (url.getPort() >= 0) ? url.getPort() : ("https".equals(scheme) ? 443 : 80);
		return new HttpHost(scheme, url.getHost(), port);
	}

	HttpHost target() {
		return this.target;
	}

	/**
	 * Sends {@code request} (its authority set to {@link #target()}, its path in origin form) on a
	 * pooled connection, a new one if none is free, and answers the upstream's status and headers;
	 * the body is read from the exchange, which must then be closed.
	 * @throws IOException when no connection could be made or the upstream broke the protocol;
	 * an {@link InterruptedIOException} when a timeout passed
	 */
	Exchange send(ClassicHttpRequest request) throws IOException {
		ConnectionEndpoint endpoint = lease();
		boolean sent = false;
		try {
			HttpClientContext context = HttpClientContext.create();
			if (!endpoint.isConnected()) {
				try {
					this.manager.connect(endpoint, this.connectTimeout, context);
				}
				catch (java.io.InterruptedIOException ex) {
					// the connection, or its TLS handshake, did not come within the connect timeout
					throw new ConnectTimedOut(ex.getMessage());
				}
			}
			endpoint.setSocketTimeout(this.readTimeout);
			if (request.getEntity() != null && request.getEntity().isStreaming()) {
				request.setEntity(new UnfinishedOnFailure(request.getEntity(), endpoint));
			}
			PROCESSOR.process(request, request.getEntity(), context);
			ClassicHttpResponse response = endpoint.execute(this.id, request, this.executor, context);
			sent = true;
			return new Exchange(endpoint, request, response, context);
		}
		catch (HttpException ex) {
			throw new ClientProtocolException(ex.getMessage(), ex);
		}
		finally {
			if (!sent) {
				discard(endpoint);
			}
		}
	}

	private ConnectionEndpoint lease() throws IOException {
		try {
			return this.manager.lease(this.id, this.route, this.leaseTimeout, null).get(this.leaseTimeout);
		}
		catch (TimeoutException ex) {
			// all connections busy that long: the upstream is overwhelmed (502, logged), not slow to answer one call
			throw new IOException("No free connection to the upstream within " + this.leaseTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for a connection to the upstream");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof InterruptedIOException timeout) {
				// the pool's own lease timeout: as above
				throw new IOException("No free connection to the upstream: " + timeout.getMessage(), timeout);
			}
			throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
		}
	}

	/**
	 * A streamed body whose writing fails (the client's upload broke off, stalled, or went over the limit; the
	 * upstream's connection failed) must reach the upstream as an incomplete message (RFC 9112 7.1: a chunked body
	 * ends with its last chunk; 8: an incomplete message is not complete). HttpCore's chunked stream writes the last
	 * chunk when it is closed, even after a failure, which would hand the upstream a complete, shorter body that it
	 * acts on (a security trial: the client saw 408 and might retry, and the upstream had applied half an upload).
	 * The connection is reset before that close runs; the close's own failure is suppressed into the first one.
	 */
	private static final class UnfinishedOnFailure extends HttpEntityWrapper {

		private final ConnectionEndpoint endpoint;

		UnfinishedOnFailure(HttpEntity body, ConnectionEndpoint endpoint) {
			super(body);
			this.endpoint = endpoint;
		}

		@Override
		public void writeTo(OutputStream out) throws IOException {
			try {
				super.writeTo(out);
			}
			catch (IOException | RuntimeException ex) {
				this.endpoint.close(CloseMode.IMMEDIATE);
				throw ex;
			}
		}

	}

	private void discard(ConnectionEndpoint endpoint) {
		endpoint.close(CloseMode.IMMEDIATE);
		this.manager.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
	}

	@Override
	public void close() {
		this.manager.close(CloseMode.GRACEFUL);
	}

	/**
	 * One request and its answer on a leased connection. {@link #close()} gives the connection back
	 * to the pool when {@link #completed()} was called (the body read to its end) and both sides
	 * allow keep-alive, and closes it otherwise.
	 */
	final class Exchange implements AutoCloseable {

		private final ConnectionEndpoint endpoint;

		private final ClassicHttpRequest request;

		private final ClassicHttpResponse response;

		private final HttpClientContext context;

		private boolean completed;

		private boolean closed;

		private Exchange(ConnectionEndpoint endpoint, ClassicHttpRequest request, ClassicHttpResponse response,
				HttpClientContext context) {
			this.endpoint = endpoint;
			this.request = request;
			this.response = response;
			this.context = context;
		}

		ClassicHttpResponse response() {
			return this.response;
		}

		/** The answer's body was read to its end: the connection may serve the next call. */
		void completed() {
			this.completed = true;
		}

		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.completed && DefaultConnectionReuseStrategy.INSTANCE.keepAlive(this.request, this.response,
					this.context)) {
				TimeValue keepAlive = DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(this.response,
						this.context);
				UpstreamConnections.this.manager.release(this.endpoint, null, keepAlive);
			}
			else {
				discard(this.endpoint);
			}
		}

	}

}
