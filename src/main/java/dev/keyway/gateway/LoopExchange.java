package dev.keyway.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import dev.keyway.webapi.EventLoopCall;

/**
 * One forwarded call on an event loop ({@link LoopUpstream}): sends the request, reads the answer as it arrives
 * and ends the call — everything on the call's event loop. An answer of up to {@link #WHOLE} bytes is gathered and
 * sent whole (most API answers); a longer one is handed to a worker once it passes that size, and streams to the
 * client through a pipe that pauses reading the upstream while a MiB waits (backpressure, as on the worker path).
 * Failures mean what they mean on the worker path ({@link ReverseProxy#refusal}): 502, or 504 for a timeout. A
 * reused connection that fails before anything came from it (the upstream closed it while idle) is retried once on
 * a new one, for idempotent methods only (RFC 9110 9.2.2), signed again when Keyway signed it for a Magento. A client
 * that leaves closes the upstream's connection.
 */
final class LoopExchange {

	/** Answers up to this size are gathered on the event loop; longer ones stream through a worker. */
	static final int WHOLE = 64 * 1024;

	/** The status a call is recorded with when its client left before the answer (nginx's convention). */
	static final int CLIENT_CLOSED = 499;

	private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

	private final LoopUpstream upstream;

	private final EventLoopCall call;

	private ReverseProxy.Outgoing out;

	private final byte[] body;

	private final long start = System.nanoTime();

	private final long timeoutNanos;

	private Channel channel;

	private boolean reused;

	private boolean retried;

	private boolean ended;

	/** Something came from the upstream on this exchange's connection: it saw the request, so it is never resent. */
	private boolean received;

	/** The upstream's status and headers, once they came. */
	private HttpResponse head;

	/** An informational (1xx) answer is being skipped. */
	private boolean informational;

	private final ByteArrayOutputStream gathered = new ByteArrayOutputStream(0);

	/** Set once the answer streams through a worker. */
	private EventLoopCall.Pipe pipe;

	private long lastRead;

	private ScheduledFuture<?> timer;

	/** Stops listening for the client's going away. */
	private final Runnable forget;

	LoopExchange(LoopUpstream upstream, EventLoopCall call, ReverseProxy.Outgoing out, byte[] body) {
		this.upstream = upstream;
		this.call = call;
		this.out = out;
		this.body = body;
		this.timeoutNanos = upstream.upstream.readTimeout().toNanos();
		this.forget = call.onClientGone(this::clientGone);
	}

	/** The client closed its connection while its answer was awaited: the upstream's connection closes too. */
	private void clientGone() {
		if (this.ended || this.pipe != null) {
			// over, or a worker streams the answer and learns it when it writes
			return;
		}
		this.ended = true;
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		if (this.channel != null) {
			LoopUpstream.receiver(this.channel).current = null;
			this.channel.close();
		}
		// no answer reaches anyone: recorded as nginx records it (499, client closed request), not as an error of ours
		this.call.response().setStatus(CLIENT_CLOSED);
		this.call.complete();
	}

	boolean ended() {
		return this.ended;
	}

	void sendOn(Channel channel, boolean reused) {
		if (this.ended) {
			channel.close();
			return;
		}
		this.channel = channel;
		this.reused = reused;
		LoopUpstream.receiver(channel).current = this;
		FullHttpRequest request;
		try {
			request = request();
		}
		catch (RuntimeException ex) {
			// a header Netty refuses: not worth a second connection
			this.retried = true;
			failed(channel, ex);
			return;
		}
		this.lastRead = System.nanoTime();
		this.timer = channel.eventLoop().schedule(this::checkTimeout, this.timeoutNanos, TimeUnit.NANOSECONDS);
		channel.writeAndFlush(request).addListener((ChannelFutureListener) (written) -> {
			if (!written.isSuccess()) {
				failed(channel, written.cause());
			}
		});
	}

	private FullHttpRequest request() {
		FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(this.out.method()),
				this.out.path(), (this.body != null) ? Unpooled.wrappedBuffer(this.body) : Unpooled.EMPTY_BUFFER);
		HttpHeaders headers = request.headers();
		headers.set("Host", this.upstream.host);
		for (String[] header : this.out.headers()) {
			headers.add(header[0], header[1]);
		}
		if (this.body != null) {
			headers.set("Content-Length", this.body.length);
		}
		return request;
	}

	/** The read timeout of the worker path's socket: no byte from the upstream for that long, while one is awaited. */
	private void checkTimeout() {
		if (this.ended || this.pipe != null) {
			return;
		}
		long quiet = System.nanoTime() - this.lastRead;
		if (quiet >= this.timeoutNanos) {
			failed(this.channel,
					new SocketTimeoutException("The upstream sent nothing for " + this.upstream.upstream.readTimeout()));
			return;
		}
		this.timer = this.channel.eventLoop().schedule(this::checkTimeout, this.timeoutNanos - quiet, TimeUnit.NANOSECONDS);
	}

	void read(Object message) {
		try {
			this.lastRead = System.nanoTime();
			this.received = true;
			if (this.ended) {
				return;
			}
			if (message instanceof io.netty.handler.codec.DecoderResultProvider decoded && decoded.decoderResult().isFailure()) {
				failed(this.channel, new IOException("The upstream's answer is not HTTP/1.1", decoded.decoderResult().cause()));
				return;
			}
			if (message instanceof HttpResponse response) {
				if (response.status().code() == 101) {
					// Keyway never forwards Upgrade: switching protocols is the upstream breaking the exchange
					failed(this.channel, new IOException("The upstream switched protocols unasked"));
					return;
				}
				if (response.status().code() < 200) {
					// an interim answer (103 Early Hints): the final one follows
					this.informational = true;
				}
				else {
					IOException tooLong = ReverseProxy.headersTooLong(response.headers());
					if (tooLong != null) {
						failed(this.channel, tooLong);
						return;
					}
					answered(response);
				}
			}
			if (message instanceof HttpContent content) {
				if (this.informational) {
					this.informational = !(content instanceof LastHttpContent);
					return;
				}
				piece(ByteBufUtil.getBytes(content.content()));
				if (content instanceof LastHttpContent) {
					finished();
				}
			}
		}
		finally {
			ReferenceCountUtil.release(message);
		}
	}

	private void answered(HttpResponse response) {
		this.head = response;
		this.upstream.answered.record(System.nanoTime() - this.start, TimeUnit.NANOSECONDS);
		int status = response.status().code();
		this.upstream.proxy.answeredWith(status);
		boolean bodyless = "HEAD".equals(this.out.method()) || status == 204 || status == 304;
		if (!bodyless && HttpUtil.getContentLength(response, -1L) > WHOLE) {
			stream();
		}
	}

	private void piece(byte[] bytes) {
		if (bytes.length == 0) {
			return;
		}
		if (this.pipe != null) {
			this.pipe.offer(bytes);
			return;
		}
		this.gathered.writeBytes(bytes);
		if (this.gathered.size() > WHOLE) {
			stream();
		}
	}

	/** The answer is long: a worker writes it as it arrives (on a pipe that pauses this connection). */
	private void stream() {
		this.timer.cancel(false);
		Channel upstreamChannel = this.channel;
		this.pipe = this.call.pipe(upstreamChannel, this.upstream.upstream.readTimeout());
		if (this.gathered.size() > 0) {
			this.pipe.offer(this.gathered.toByteArray());
			this.gathered.reset();
		}
		EventLoopCall.Pipe from = this.pipe;
		HttpResponse answer = this.head;
		boolean handed = this.call.continueOnWorker((request, response) -> {
			boolean whole = false;
			try {
				List<String[]> own = ForwardedHeaders.of(response);
				head(answer, response);
				this.upstream.proxy.copy(from.stream(), response, ReverseProxy.BUFFER, own);
				whole = true;
			}
			finally {
				if (!whole) {
					// the client went away, or the upstream broke off: the rest is not read for nobody (on the event
					// loop, where the exchange knows whether the connection already went back to the pool)
					try {
						upstreamChannel.eventLoop().execute(this::abandon);
					}
					catch (java.util.concurrent.RejectedExecutionException ex) {
						// the listener is stopping: its event loop closes the connection
					}
				}
			}
		});
		this.forget.run();
		if (!handed) {
			this.ended = true;
			upstreamChannel.close();
		}
	}

	private void finished() {
		this.ended = true;
		this.timer.cancel(false);
		this.forget.run();
		if (this.pipe != null) {
			// not kept: the pipe may still pause and resume this connection's reading until the worker drains it
			this.upstream.release(this.channel, -1);
			this.pipe.end();
			return;
		}
		this.upstream.release(this.channel, LoopUpstream.keepAliveNanos(this.head));
		HttpServletResponse response = this.call.response();
		try {
			head(this.head, response);
			if (this.gathered.size() > 0) {
				this.gathered.writeTo(response.getOutputStream());
			}
		}
		catch (IOException | RuntimeException ex) {
			// the response is in memory until the call completes: this is not expected
			this.call.fail(ex);
			return;
		}
		this.call.complete();
	}

	/** The upstream's status and end-to-end headers on the client's response (RFC 9110 7.6.1). */
	private static void head(HttpResponse answer, HttpServletResponse response) {
		response.setStatus(answer.status().code());
		HttpHeaders headers = answer.headers();
		List<String[]> all = new java.util.ArrayList<>(headers.size());
		for (var header = headers.iteratorAsString(); header.hasNext();) {
			var entry = header.next();
			all.add(new String[] { entry.getKey(), entry.getValue() });
		}
		ForwardedHeaders.passOnAnswer(all, response);
	}

	/** The worker stopped writing a streamed answer before its end: its connection closes. */
	private void abandon() {
		if (!this.ended) {
			this.ended = true;
			LoopUpstream.receiver(this.channel).current = null;
			this.channel.close();
		}
	}

	/**
	 * True when Keyway signed this request with OAuth for a Magento: its nonce is for one request, and a copy sent
	 * again would be a replay there ("nonce already used": an operator trial), so the retry is signed again.
	 */
	private boolean signedForOnce() {
		MagentoAccess magento = this.upstream.upstream.magento();
		return magento != null && magento.auth() == MagentoAccess.Auth.OAUTH;
	}

	/**
	 * The exchange cannot go on: retried once (see the class comment), else the call fails as on the worker path.
	 * @param from the connection that failed, null for one that could not be opened
	 */
	void failed(Channel from, Throwable cause) {
		if (this.ended || (from != null && from != this.channel)) {
			// over, or a connection this exchange already left (a retry's first)
			return;
		}
		if (this.channel != null) {
			LoopUpstream.receiver(this.channel).current = null;
			this.channel.close();
		}
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		if (this.reused && !this.retried && !this.received && IDEMPOTENT.contains(this.out.method())
				&& !(cause instanceof SocketTimeoutException)) {
			if (signedForOnce()) {
				this.out = this.upstream.proxy.signedAgain(this.out);
			}
			this.retried = true;
			this.reused = false;
			this.channel = null;
			this.upstream.connect(this.call, this);
			return;
		}
		this.ended = true;
		this.forget.run();
		// a TLS failure after the handshake comes wrapped in the decoder's exception; no connection or no handshake
		// within the connect timeout is a 504 naming that timeout
		Throwable reason = (cause instanceof io.netty.handler.codec.DecoderException
				&& cause.getCause() instanceof javax.net.ssl.SSLException tls) ? tls : cause;
		IOException failure = (reason instanceof ConnectTimeoutException
				|| reason instanceof io.netty.handler.ssl.SslHandshakeTimeoutException)
						? new ConnectTimedOut(reason.getMessage())
						: (reason instanceof IOException io) ? io : new IOException(reason);
		if (this.pipe != null) {
			// the worker learns it when it reads: a 504 if nothing was sent yet, else the answer breaks off
			this.pipe.fail(failure);
			return;
		}
		if (this.head == null) {
			this.upstream.failed.record(System.nanoTime() - this.start, TimeUnit.NANOSECONDS);
		}
		this.call.fail(this.upstream.proxy.refusal(failure));
	}

}
