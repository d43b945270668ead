package dev.keyway.webapi;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
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
 * One connection of the {@link EventLoopListener}: reads a call (its body kept up to the limit plus one byte, so
 * the pipeline's own 413 answers a larger one), runs it through its servlet's {@link FrontDoor} — on the event
 * loop, or on a worker when {@code calls} is set — and sends the answer. One call at a time per connection: a
 * pipelined call waits until the answer before it has left, so answers keep the order of their calls (RFC 9112
 * 9.3.2). Everything but the call itself runs on the connection's event loop.
 */
final class LoopCalls extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(LoopCalls.class);

	private static final byte[] NO_BODY = new byte[0];

	private final Doors doors;

	/** Where calls run: null for the event loop. */
	private final Executor calls;

	private final long maxBodyBytes;

	/** server.forward-headers-strategy=native: Tomcat's RemoteIpValve rules; else null. */
	private final LoopForwarded forwarded;

	private final ArrayDeque<Object> waiting = new ArrayDeque<>();

	private HttpRequest head;

	private ByteArrayOutputStream body;

	private boolean busy;

	/** The rest of a body the call was answered without (declared over the limit): dropped, then the connection closes. */
	private boolean discarding;

	LoopCalls(Doors doors, Executor calls, long maxBodyBytes, LoopForwarded forwarded) {
		this.forwarded = forwarded;
		this.doors = doors;
		this.calls = calls;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (this.discarding && message instanceof HttpContent && !(message instanceof HttpRequest)) {
			ReferenceCountUtil.release(message);
			return;
		}
		if (this.busy) {
			this.waiting.add(message);
			ctx.channel().config().setAutoRead(false);
			return;
		}
		read(ctx, message);
	}

	private void read(ChannelHandlerContext ctx, Object message) {
		try {
			if (message instanceof HttpRequest request) {
				if (request.decoderResult().isFailure()) {
					plain(ctx, HttpResponseStatus.BAD_REQUEST, "The request could not be read: "
							+ Shown.shown(String.valueOf(request.decoderResult().cause().getMessage())), false);
					return;
				}
				this.head = request;
				this.body = null;
				long declared = HttpUtil.getContentLength(request, -1L);
				if (declared > this.maxBodyBytes) {
					// answered now (the pipeline refuses the declared length), the rest dropped
					this.discarding = !(message instanceof LastHttpContent);
					call(ctx, NO_BODY, false);
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
					call(ctx, received, HttpUtil.isKeepAlive(this.head));
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

	/** Runs the call that was read, where calls run, and sends its answer. */
	private void call(ChannelHandlerContext ctx, byte[] received, boolean keepAlive) {
		this.busy = true;
		HttpRequest request = this.head;
		this.head = null;
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		if (path.startsWith("http://") || path.startsWith("https://")) {
			// absolute form (RFC 9112 3.2.2): the path after the authority
			int slash = path.indexOf('/', path.indexOf("//") + 2);
			path = (slash < 0) ? "/" : path.substring(slash);
		}
		Door door = this.doors.find(path);
		if (door == null) {
			plain(ctx, HttpResponseStatus.NOT_FOUND, "This port serves /rest, /oauth, /auth/verify and /auth/envoy; "
					+ "the admin is on the server's main port", keepAlive);
			return;
		}
		InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
		LoopRequest servletRequest;
		try {
			servletRequest = new LoopRequest(request.method().name(), path, (query < 0) ? null : uri.substring(query + 1),
					door.mapping(), request.headers(), received, (InetSocketAddress) ctx.channel().localAddress(),
					remote, this.doors.context(),
					(this.forwarded != null) ? this.forwarded.apply(remote.getAddress().getHostAddress(), request.headers())
							: null);
		}
		catch (IllegalArgumentException ex) {
			plain(ctx, HttpResponseStatus.BAD_REQUEST, "The request path has a malformed escape: " + Shown.shown(path),
					keepAlive);
			return;
		}
		LoopResponse response = new LoopResponse();
		servletRequest.response(response);
		servletRequest.setAttribute(EventLoopListener.BUFFERED_ONLY, Boolean.TRUE);
		boolean head = "HEAD".equals(servletRequest.getMethod());
		Runnable run = () -> run(ctx, door, servletRequest, response, keepAlive, head);
		if (this.calls == null) {
			run.run();
			return;
		}
		try {
			this.calls.execute(run);
		}
		catch (RejectedExecutionException ex) {
			plain(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "Too many calls in progress; try again", false);
		}
	}

	private void run(ChannelHandlerContext ctx, Door door, LoopRequest request, LoopResponse response, boolean keepAlive,
			boolean head) {
		try {
			door.door().doFilter(request, response, (req, res) -> {
				// the front door answers the call itself; nothing follows it
			});
		}
		catch (Exception | Error ex) {
			log.error("Call {} {} failed outside the Web API's own error handling", request.getMethod(),
					Shown.shown(request.getRequestURI()), ex);
			if (!response.isCommitted()) {
				response.reset();
				response.sendError(500);
			}
		}
		LoopAsync async = request.async();
		if (async == null) {
			send(ctx, request, response, keepAlive, head, null);
			return;
		}
		ScheduledFuture<?> timeout = ctx.executor().schedule(async::timedOut, async.getTimeout(), TimeUnit.MILLISECONDS);
		async.sendWith((done) -> {
			timeout.cancel(false);
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
		response.errorPage(request.getRequestURI());
		byte[] bytes = response.bodyToSend();
		HttpHeaders headers = response.headersToSend();
		FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.nettyStatus(),
				head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes), headers,
				DefaultHttpHeadersFactory.trailersFactory().newHeaders());
		headers.set("Content-Length", bytes.length);
		write(ctx, answer, keepAlive && !this.discarding, async);
	}

	/** A short answer of the listener's own, in Magento's error shape. */
	private void plain(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
		this.busy = true;
		this.head = null;
		byte[] json = LoopCalls.message(message);
		FullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
		answer.headers().set("Content-Type", "application/json;charset=UTF-8").set("Content-Length", json.length);
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
		ctx.writeAndFlush(answer).addListener((ChannelFutureListener) (future) -> {
			if (async != null) {
				async.completedAndSent();
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
		Object message;
		while (!this.busy && (message = this.waiting.poll()) != null) {
			read(ctx, message);
		}
		if (!this.busy) {
			ctx.channel().config().setAutoRead(true);
		}
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
