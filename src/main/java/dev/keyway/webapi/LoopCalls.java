package dev.keyway.webapi;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.io.JsonStringEncoder;

import dev.keyway.webapi.EventLoopListener.Door;
import dev.keyway.webapi.EventLoopListener.Doors;

/**
 * One connection of the {@link EventLoopListener}: reads a call, runs it through its servlet's {@link FrontDoor}
 * and sends the answer. A call whose body has arrived (up to {@link #STREAM_AT} bytes; past the limit, the limit
 * plus one byte, so the pipeline's own 413 answers) runs where calls run — the event loop, or a worker when
 * {@code calls} is set; a larger or chunked body is not waited for: the call starts on a worker at once and reads
 * the body as it arrives ({@link LoopBody}). On a worker the answer also leaves as it is written (the gateway's
 * streamed answers, issue 15.2); on the event loop it is sent whole. One call at a time per connection: a
 * pipelined call waits until the answer before it has left, so answers keep the order of their calls (RFC 9112
 * 9.3.2). Everything but the call itself runs on the connection's event loop.
 */
final class LoopCalls extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(LoopCalls.class);

	private static final byte[] NO_BODY = new byte[0];

	/** Messages (pipelined calls and their pieces) a connection may have waiting behind the call in progress. */
	private static final int MAX_WAITING = 256;

	/** How long the rest of a refused body is read and dropped before the connection closes. */
	private static final long SWALLOW_SECONDS = 2;

	/** Bodies up to this size are read before the call starts; larger ones stream to a worker. */
	static final long STREAM_AT = 64 << 10;

	private final Doors doors;

	/** Where calls run: null for the event loop. */
	private final Executor calls;

	/** Workers: for calls whose body streams and answers handed off the event loop, whatever {@code calls} is. */
	private final Executor workers;

	/** The calls whose body streams, by client address, shared by the listener's connections. */
	private final StreamsPerAddress streams;

	/** The client address counted for the body streaming now, while it streams; else null. */
	private String streamingFrom;

	/** The call's client asked to be told to send its body, which will stream: told once the call may start. */
	private boolean continueOnStart;

	/** The body of the call in progress, while it streams to a worker; else null. */
	private LoopBody streamed;

	private final long maxBodyBytes;

	/** The 404 of a path this listener does not serve, naming the port that does. */
	private final String notServed;

	/** server.forward-headers-strategy=native: Tomcat's RemoteIpValve rules; else null. */
	private final LoopForwarded forwarded;

	private final ArrayDeque<Object> waiting = new ArrayDeque<>();

	private HttpRequest head;

	private ByteArrayOutputStream body;

	private boolean busy;

	/** The rest of a body the call was answered without (declared over the limit): dropped, then the connection closes. */
	private boolean discarding;

	/** What a request target and a Host header may hold (Tomcat's rules). */
	private final RequestTarget target;

	/**
	 * A connection must complete a request's head within {@link #HEAD_SECONDS} of becoming free (opened, or its
	 * last answer sent): the idle timeout alone let a client keep one open for ever by sending a header byte
	 * every 40 s (a review; Tomcat's port has the same rule per read only). Checked every few seconds per
	 * connection, so a call pays one clock read.
	 */
	static final long HEAD_SECONDS = 60;

	/** {@link #HEAD_SECONDS}, shorter in a test. */
	private final long headNanos;

	private long freeSince = System.nanoTime();

	private ScheduledFuture<?> headCheck;

	LoopCalls(Doors doors, Executor calls, Executor workers, long maxBodyBytes, LoopForwarded forwarded,
			String notServed, RequestTarget target, StreamsPerAddress streams) {
		this(doors, calls, workers, maxBodyBytes, forwarded, notServed, target, streams,
				TimeUnit.SECONDS.toNanos(HEAD_SECONDS));
	}

	LoopCalls(Doors doors, Executor calls, Executor workers, long maxBodyBytes, LoopForwarded forwarded,
			String notServed, RequestTarget target, StreamsPerAddress streams, long headNanos) {
		this.headNanos = headNanos;
		this.streams = streams;
		this.target = target;
		this.notServed = notServed;
		this.forwarded = forwarded;
		this.workers = workers;
		this.doors = doors;
		this.calls = calls;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (this.discarding && contentOnly(message)) {
			ReferenceCountUtil.release(message);
			return;
		}
		if (this.streamed != null && contentOnly(message)) {
			feed(ctx, (HttpContent) message);
			return;
		}
		if (this.busy) {
			if (this.waiting.size() >= MAX_WAITING) {
				// pipelined far ahead of the answers: a client this listener will not buffer for
				ReferenceCountUtil.release(message);
				ctx.close();
				return;
			}
			this.waiting.add(message);
			ctx.channel().config().setAutoRead(false);
			return;
		}
		read(ctx, message);
	}

	private static boolean contentOnly(Object message) {
		return message instanceof HttpContent && !(message instanceof HttpRequest);
	}

	private void read(ChannelHandlerContext ctx, Object message) {
		try {
			if (message instanceof HttpRequest request) {
				if (request.decoderResult().isFailure()) {
					Throwable cause = request.decoderResult().cause();
					if (cause instanceof LoopRequestDecoder.RawSpace space) {
						boolean token = DoorRefusals.tokenPath(space.target());
						plain(ctx, HttpResponseStatus.BAD_REQUEST, DoorRefusals.contentType(token),
								DoorRefusals.body(token, ApiErrorReportValve.RAW_SPACE), false);
						return;
					}
					if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
						// the request line or the headers over server.max-http-request-header-size: as Tomcat's port
						String uri = request.uri();
						int question = uri.indexOf('?');
						if (DoorRefusals.nginxCheck((question < 0) ? uri : uri.substring(0, question))) {
							plain(ctx, HttpResponseStatus.FORBIDDEN, "application/json;charset=UTF-8",
									message(ApiErrorReportValve.HEAD_TOO_LONG), false,
									DoorRefusals.nginxError(400, ApiErrorReportValve.HEAD_TOO_LONG));
							return;
						}
						plain(ctx, HttpResponseStatus.BAD_REQUEST, ApiErrorReportValve.HEAD_TOO_LONG, false);
						return;
					}
					plain(ctx, HttpResponseStatus.BAD_REQUEST, "The request could not be read: "
							+ Shown.shown(String.valueOf(cause.getMessage())), false);
					return;
				}
				List<String> codings = request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
						? request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING) : List.of();
				if (!codings.isEmpty() && !(codings.size() == 1 && "chunked".equalsIgnoreCase(codings.get(0).strip()))) {
					// RFC 9112 6.1/6.3: only chunked is read; Netty takes another coding as "no body", which left
					// the body on the connection to be read as the next request. Tomcat answers 501 too.
					this.discarding = !(message instanceof LastHttpContent);
					plain(ctx, HttpResponseStatus.NOT_IMPLEMENTED, "Transfer-Encoding must be chunked (or absent); got "
							+ Shown.shown(String.join(", ", codings)), false);
					return;
				}
				String expect = request.headers().get(HttpHeaderNames.EXPECT);
				if (expect != null && !"100-continue".equalsIgnoreCase(expect.strip())) {
					// a body may follow: dropped while the answer leaves, then the connection closes
					this.discarding = !(message instanceof LastHttpContent);
					plain(ctx, HttpResponseStatus.EXPECTATION_FAILED, "Only Expect: 100-continue is understood", false);
					return;
				}
				this.head = request;
				this.body = null;
				long declared = HttpUtil.getContentLength(request, -1L);
				boolean streams = !(message instanceof LastHttpContent)
						&& (declared > STREAM_AT || HttpUtil.isTransferEncodingChunked(request));
				if (HttpUtil.is100ContinueExpected(request) && declared <= this.maxBodyBytes) {
					// now that the call is next (never while an earlier answer is still being written); a body that
					// will stream is asked for once its call has passed the per-address cap (a review: a refused
					// client was first told to send it)
					HttpUtil.set100ContinueExpected(request, false);
					if (streams) {
						this.continueOnStart = true;
					}
					else {
						sendContinue(ctx);
					}
				}
				if (declared > this.maxBodyBytes) {
					// answered now (the pipeline refuses the declared length), the rest dropped
					this.discarding = !(message instanceof LastHttpContent);
					call(ctx, NO_BODY, null, false);
					return;
				}
				if (streams) {
					// a large body: the call starts now, on a worker, and reads it as it comes
					this.streamed = new LoopBody(ctx.channel());
					call(ctx, null, this.streamed, HttpUtil.isKeepAlive(request));
					return;
				}
			}
			if (message instanceof HttpContent content && this.head != null) {
				ByteBuf bytes = content.content();
				if (bytes.isReadable()) {
					if (this.body == null) {
						this.body = new ByteArrayOutputStream(Math.max(64, bytes.readableBytes()));
					}
					// up to the limit and one byte more: enough for the pipeline to answer 413
					long room = this.maxBodyBytes + 1 - this.body.size();
					int take = (int) Math.min(room, bytes.readableBytes());
					if (take > 0) {
						bytes.readBytes(this.body, take);
					}
				}
				if (content instanceof LastHttpContent) {
					if (content.decoderResult().isFailure()) {
						plain(ctx, HttpResponseStatus.BAD_REQUEST, "The request body could not be read", false);
						return;
					}
					byte[] received = (this.body == null) ? NO_BODY : this.body.toByteArray();
					this.body = null;
					call(ctx, received, null, HttpUtil.isKeepAlive(this.head));
				}
			}
		}
		catch (java.io.IOException ex) {
			ctx.close();
		}
		finally {
			ReferenceCountUtil.release(message);
		}
	}

	/**
	 * The body that streamed to a worker is over for this connection (whole, failed, or left unread): its client
	 * address has one call fewer sending a body ({@link StreamsPerAddress}). Every way a streamed body ends comes
	 * here, on the event loop, whichever thread read it.
	 */
	private void endStream() {
		this.streamed = null;
		if (this.streamingFrom != null) {
			this.streams.release(this.streamingFrom);
			this.streamingFrom = null;
		}
	}

	private static void sendContinue(ChannelHandlerContext ctx) {
		ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
				Unpooled.EMPTY_BUFFER));
	}

	/** A piece of a body that streams to its call's worker. */
	private void feed(ChannelHandlerContext ctx, HttpContent content) {
		LoopBody body = this.streamed;
		try {
			if (content.decoderResult().isFailure()) {
				body.fail(new java.io.IOException("The request body could not be read: "
						+ Shown.shown(String.valueOf(content.decoderResult().cause().getMessage()))));
				endStream();
				return;
			}
			ByteBuf bytes = content.content();
			if (bytes.isReadable()) {
				byte[] piece = new byte[bytes.readableBytes()];
				bytes.readBytes(piece);
				body.offer(piece);
			}
			if (content instanceof LastHttpContent) {
				body.end();
				endStream();
			}
		}
		finally {
			ReferenceCountUtil.release(content);
		}
	}

	/** Runs the call that was read — where calls run, or on a worker when its body streams — and sends its answer. */
	private void call(ChannelHandlerContext ctx, byte[] received, LoopBody body, boolean keepAlive) {
		this.busy = true;
		boolean continueOnStart = this.continueOnStart;
		this.continueOnStart = false;
		HttpRequest request = this.head;
		this.head = null;
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		String host = request.headers().get(HttpHeaderNames.HOST);
		if (host != null && request.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
			// RFC 9112 3.2: more than one Host is refused (Tomcat too); the signed URL names one
			plain(ctx, HttpResponseStatus.BAD_REQUEST, "A request has one Host header", false);
			return;
		}
		if (host == null && !HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
			// RFC 9112 3.2: an HTTP/1.1 request without Host is refused (as Tomcat does)
			plain(ctx, HttpResponseStatus.BAD_REQUEST, "An HTTP/1.1 request needs a Host header", false);
			return;
		}
		String refused = this.target.refusal(uri);
		if (refused == null && host != null) {
			// passed on as X-Forwarded-Host and read as the server's name: host[:port] only, as Tomcat's port
			refused = RequestTarget.hostRefusal(host);
		}
		if (refused != null) {
			boolean token = DoorRefusals.tokenPath(path);
			plain(ctx, HttpResponseStatus.BAD_REQUEST, DoorRefusals.contentType(token), DoorRefusals.body(token, refused),
					false);
			return;
		}
		if (path.regionMatches(true, 0, "http://", 0, 7) || path.regionMatches(true, 0, "https://", 0, 8)) {
			// absolute form (RFC 9112 3.2.2): the path after the authority, which must be the Host header's
			// (Tomcat's rule; the signature names the Host header's authority)
			int start = path.indexOf("//") + 2;
			int slash = path.indexOf('/', start);
			String authority = (slash < 0) ? path.substring(start) : path.substring(start, slash);
			if (host == null || !authority.equalsIgnoreCase(host)) {
				plain(ctx, HttpResponseStatus.BAD_REQUEST, "The request target's authority is not the Host header's: "
						+ Shown.shown(authority), false);
				return;
			}
			path = (slash < 0) ? "/" : path.substring(slash);
		}
		Door door = this.doors.find(path);
		if (door == null) {
			// a path Tomcat's connector refuses (a NUL, a malformed escape) is refused with that rule here too
			String rule = DoorRefusals.pathRule(path);
			if (rule != null) {
				boolean token = DoorRefusals.tokenPath(path);
				plain(ctx, HttpResponseStatus.BAD_REQUEST, DoorRefusals.contentType(token), DoorRefusals.body(token, rule),
						keepAlive);
				return;
			}
			plain(ctx, HttpResponseStatus.NOT_FOUND, this.notServed, keepAlive);
			return;
		}
		InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
		LoopRequest servletRequest;
		try {
			servletRequest = new LoopRequest(request.method().name(), path, (query < 0) ? null : uri.substring(query + 1),
					door.mapping(), request.headers(), received, body, (InetSocketAddress) ctx.channel().localAddress(),
					remote, this.doors.context(),
					(this.forwarded != null) ? this.forwarded.apply(remote.getAddress().getHostAddress(), request.headers())
							: null);
		}
		catch (IllegalArgumentException ex) {
			boolean token = DoorRefusals.tokenPath(path);
			plain(ctx, HttpResponseStatus.BAD_REQUEST, DoorRefusals.contentType(token),
					DoorRefusals.body(token, DoorRefusals.malformedEscape(path)), keepAlive);
			return;
		}
		LoopResponse response = new LoopResponse();
		servletRequest.response(response);
		boolean head = "HEAD".equals(servletRequest.getMethod());
		boolean http10 = HttpVersion.HTTP_1_0.equals(request.protocolVersion());
		boolean reuse = keepAlive && !http10;
		LoopStarts starts = new LoopStarts(this.workers, servletRequest, response, new LoopSink(ctx, reuse, head, http10,
				this.streams.answers(), servletRequest, remote.getAddress()));
		servletRequest.offLoop(starts);
		Runnable run = () -> run(ctx, door, servletRequest, response, reuse, head, starts);
		if (body != null) {
			// a body that arrives as slowly as the client sends it, read by a worker: one address has only so many
			String address = StreamsPerAddress.key(servletRequest.getRemoteAddr(), remote.getAddress());
			if (!this.streams.take(address)) {
				boolean token = DoorRefusals.tokenPath(path);
				plain(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, DoorRefusals.contentType(token),
						DoorRefusals.body(token, "Too many calls of one address are sending their bodies at once: "
								+ Shown.shown(address) + " has " + this.streams.max() + " (" + StreamsPerAddress.PROPERTY
								+ "); try again when one has ended"), false);
				return;
			}
			this.streamingFrom = address;
			if (continueOnStart) {
				sendContinue(ctx);
			}
		}
		Executor where = (body != null) ? this.workers : this.calls;
		if (where == null) {
			servletRequest.setAttribute(EventLoopListener.ON_EVENT_LOOP, ctx.channel());
			run.run();
			return;
		}
		response.sink(starts.sink());
		try {
			where.execute(run);
		}
		catch (RejectedExecutionException ex) {
			plain(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "Too many calls in progress; try again", false);
		}
	}

	/** True when a failure is, or was caused by, an I/O error (Jackson 3 wraps one in an unchecked exception). */
	private static boolean inputOutput(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.io.IOException) {
				return true;
			}
		}
		return false;
	}

	private void run(ChannelHandlerContext ctx, Door door, LoopRequest request, LoopResponse response, boolean keepAlive,
			boolean head, LoopStarts starts) {
		try {
			door.door().doFilter(request, response, (req, res) -> {
				// the front door answers the call itself; nothing follows it
			});
		}
		catch (Exception | Error ex) {
			StreamsPerAddress.Refused refused = StreamsPerAddress.Refused.in(ex);
			if (refused != null) {
				// an error answer in place of whose head the cap's 503 went (LoopSink): said once, counted as sent
				request.setAttribute(WebApiServlet.BROKE_OFF, 503);
				log.warn("The answer to {} {} was refused: {}", request.getMethod(), Shown.shown(request.getRequestURI()),
						refused.getMessage());
			}
			else if (!ctx.channel().isActive() && inputOutput(ex)) {
				// the client went away (mid-body, or before its answer): nobody to answer, nothing to report;
				// a review's 200 abandoned uploads were 200 stack traces at ERROR
				log.debug("Call {} {}: the client closed the connection ({})", request.getMethod(),
						Shown.shown(request.getRequestURI()), ex.toString());
			}
			else {
				log.error("Call {} {} failed outside the Web API's own error handling", request.getMethod(),
						Shown.shown(request.getRequestURI()), ex);
			}
			if (response.isCommitted()) {
				// the answer had begun: the connection closes instead of ending it as whole
				request.setAttribute(WebApiServlet.BROKE_OFF, Boolean.TRUE);
			}
			else {
				response.reset();
				response.sendError(500);
			}
		}
		// the filters have returned: an asynchronous start's task may now touch the request and the response
		starts.release();
		LoopAsync async = request.async();
		if (async == null) {
			send(ctx, request, response, keepAlive, head, null);
			return;
		}
		// a timeout of 0 or less: none (the servlet rule)
		ScheduledFuture<?> timeout = (async.getTimeout() > 0)
				? ctx.executor().schedule(async::timedOut, async.getTimeout(), TimeUnit.MILLISECONDS) : null;
		async.sendWith((done) -> {
			if (timeout != null) {
				timeout.cancel(false);
			}
			send(ctx, request, response, keepAlive, head, done);
		});
	}

	/** Sends the answer on the connection's event loop; then the next call of the connection, if one waits. */
	private void send(ChannelHandlerContext ctx, LoopRequest request, LoopResponse response, boolean keepAlive,
			boolean head, LoopAsync async) {
		if (!ctx.executor().inEventLoop()) {
			ctx.executor().execute(() -> send(ctx, request, response, keepAlive, head, async));
			return;
		}
		// the worker (if one wrote the answer) has done: what the answer held of its address's cap goes back
		response.workerDone();
		// a body that arrived whole leaves the connection usable, read or not (its unread pieces are dropped)
		boolean reusable = keepAlive && !this.discarding && (request.streamedBody() == null || request.streamedBody().ended());
		if (request.streamedBody() != null && !request.streamedBody().ended()) {
			// the call did not read the whole body: what is left of it cannot be told from a next call
			this.discarding = true;
			endStream();
		}
		if (response.streaming()) {
			byte[] rest = response.bodyToSend();
			if (request.getAttribute(WebApiServlet.BROKE_OFF) != null || (!head && response.lengthBroken(rest.length))) {
				// the answer broke off (or does not match the length it announced): closing is how the client
				// learns it is incomplete; an ending chunk would say it was whole
				ctx.close();
				if (async != null) {
					async.completedAndSent();
				}
				return;
			}
			if (!head && rest.length > 0) {
				ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(rest)));
			}
			finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), reusable, async);
			return;
		}
		response.errorPage(request.getRequestURI());
		ByteBuf bytes = response.bodyBuffer();
		HttpHeaders headers = response.headersToSend();
		FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.nettyStatus(),
				head ? Unpooled.EMPTY_BUFFER : bytes, headers,
				DefaultHttpHeadersFactory.trailersFactory().newHeaders());
		int status = response.getStatus();
		if (status == 204 || status < 200 || (status == 304 && response.declaredLength() < 0)) {
			// no length for these (RFC 9110 8.6), as Tomcat sends none
			headers.remove("Content-Length");
		}
		else if ((head || status == 304) && response.declaredLength() >= 0) {
			// the length of the answer a GET would have had (an upstream's, passed on)
			headers.set("Content-Length", response.declaredLength());
		}
		else {
			headers.set("Content-Length", bytes.readableBytes());
		}
		write(ctx, answer, reusable, async);
	}

	/** A short answer of the listener's own, in Magento's error shape. */
	private void plain(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
		plain(ctx, status, "application/json;charset=UTF-8", message(message), keepAlive);
	}

	private void plain(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, byte[] body,
			boolean keepAlive) {
		plain(ctx, status, contentType, body, keepAlive, null);
	}

	/** @param keywayError the {@code X-Keyway-Error} header nginx's verify-only endpoint answers with, or null */
	private void plain(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, byte[] body,
			boolean keepAlive, String keywayError) {
		this.busy = true;
		this.head = null;
		if (this.streamed != null) {
			// answered without its body: nobody reads the rest, which is dropped before the connection closes
			this.streamed.fail(new java.io.IOException("The call was answered without its body"));
			endStream();
			this.discarding = true;
			keepAlive = false;
		}
		FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
		answer.headers().set("Content-Type", contentType).set("Content-Length", body.length);
		if (keywayError != null) {
			answer.headers().set("X-Keyway-Error", keywayError);
		}
		write(ctx, answer, keepAlive, null);
	}

	/** {@code {"message":"…"}}, Magento's error shape, in UTF-8. */
	static byte[] message(String text) {
		StringBuilder json = new StringBuilder(text.length() + 16).append("{\"message\":\"");
		JsonStringEncoder.getInstance().quoteAsString(text, json);
		return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
	}

	private void write(ChannelHandlerContext ctx, FullHttpResponse answer, boolean keepAlive, LoopAsync async) {
		if (!keepAlive) {
			answer.headers().set("Connection", "close");
		}
		finish(ctx, ctx.writeAndFlush(answer), keepAlive, async);
	}

	/** Once the answer left: the listeners of an asynchronous answer, then the connection closed or free again. */
	private void finish(ChannelHandlerContext ctx, ChannelFuture written, boolean keepAlive, LoopAsync async) {
		written.addListener((ChannelFutureListener) (future) -> {
			if (async != null) {
				async.completedAndSent();
			}
			if (future.isSuccess() && !keepAlive && this.discarding
					&& ctx.channel() instanceof io.netty.channel.socket.DuplexChannel duplex) {
				// the client may still be sending the body it was answered without: stop writing, drop what it
				// sends for a moment, then close, so that its TCP stack delivers the answer instead of a reset
				duplex.shutdownOutput();
				ctx.channel().config().setAutoRead(true);
				ctx.executor().schedule(() -> ctx.close(), SWALLOW_SECONDS, TimeUnit.SECONDS);
				return;
			}
			if (!keepAlive || !future.isSuccess()) {
				ctx.close();
				return;
			}
			next(ctx);
		});
	}

	/** The connection is free again: the next waiting call, or reading again. */
	private void next(ChannelHandlerContext ctx) {
		this.busy = false;
		this.freeSince = System.nanoTime();
		Object message;
		while ((message = this.waiting.poll()) != null) {
			// the same routes as channelRead: a waiting call may stream its body, whose pieces wait behind it
			if (this.discarding && contentOnly(message)) {
				ReferenceCountUtil.release(message);
			}
			else if (this.streamed != null && contentOnly(message)) {
				feed(ctx, (HttpContent) message);
			}
			else if (this.busy) {
				this.waiting.addFirst(message);
				break;
			}
			else {
				read(ctx, message);
			}
		}
		if (!this.busy || (this.streamed != null && this.waiting.isEmpty() && !this.streamed.paused())) {
			ctx.channel().config().setAutoRead(true);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		this.freeSince = System.nanoTime();
		this.headCheck = ctx.executor().scheduleWithFixedDelay(() -> {
			if (!this.busy && this.streamed == null
					&& System.nanoTime() - this.freeSince > this.headNanos) {
				ctx.close();
			}
		}, 10, 10, TimeUnit.SECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
		if (event instanceof IdleStateEvent && !this.busy) {
			// idle for the keep-alive timeout
			ctx.close();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		if (this.headCheck != null) {
			this.headCheck.cancel(false);
		}
		if (this.streamed != null) {
			this.streamed.fail(new java.io.IOException("The client closed the connection before the end of the body"));
			endStream();
		}
		Object message;
		while ((message = this.waiting.poll()) != null) {
			ReferenceCountUtil.release(message);
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

}
