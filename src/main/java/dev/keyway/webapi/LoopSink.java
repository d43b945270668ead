package dev.keyway.webapi;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * An answer that leaves as it is written, from the worker that writes it. Such a worker waits as long as its client
 * takes to read, so the answer counts under its client address's cap ({@link StreamsPerAddress}) from its first piece
 * until the worker has done: a client that holds the most its address may gets a 503 instead of the answer.
 */
final class LoopSink implements LoopResponse.Sink {

	/** How long a streamed answer waits for a client that reads nothing, before the connection closes. */
	private static final long WRITE_TIMEOUT_SECONDS = 60;

	private final ChannelHandlerContext ctx;

	private final boolean keepAlive;

	private final boolean head;

	/** An HTTP/1.0 client knows no chunks: its streamed answer without a length ends when the connection does. */
	private final boolean http10;

	/** The listener's count of workers held by each client address; null for none. */
	private final StreamsPerAddress streams;

	/** The call, whose client address the answer counts under (parsed only when it streams). */
	private final LoopRequest request;

	private final InetAddress peer;

	/** The address whose share this answer holds while its worker writes it; else null. */
	private volatile String counted;

	LoopSink(ChannelHandlerContext ctx, boolean keepAlive, boolean head, boolean http10) {
		this(ctx, keepAlive, head, http10, null, null, null);
	}

	/**
	 * @param streams the listener's count of workers held by each client address; null for none
	 * @param request the call, whose client address the answer counts under
	 * @param peer the connection's peer: the address counted when the one the call is answered for is no IP literal
	 */
	LoopSink(ChannelHandlerContext ctx, boolean keepAlive, boolean head, boolean http10, StreamsPerAddress streams,
			LoopRequest request, InetAddress peer) {
		this.ctx = ctx;
		this.keepAlive = keepAlive;
		this.head = head;
		this.http10 = http10;
		this.streams = streams;
		this.request = request;
		this.peer = peer;
	}

	/**
	 * Sends the status line and headers, once the answer's address has room for one more streamed answer; else a 503
	 * that names the address and the setting, the connection closes, and the worker's writing ends in
	 * {@link StreamsPerAddress.Refused}.
	 */
	@Override
	public void head(LoopResponse response) throws IOException {
		if (this.streams != null && this.streams.max() > 0) {
			String key = StreamsPerAddress.key(this.request.getRemoteAddr(), this.peer);
			if (!this.streams.take(key)) {
				String message = "Too many answers to one address are being written at once: " + Shown.shown(key)
						+ " has " + this.streams.max() + " (" + StreamsPerAddress.PROPERTY + "); try again when one has ended";
				byte[] body = LoopCalls.message(message);
				FullHttpResponse refusal = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
						HttpResponseStatus.SERVICE_UNAVAILABLE, Unpooled.wrappedBuffer(body));
				refusal.headers()
					.set("Content-Type", "application/json;charset=UTF-8")
					.set("Content-Length", body.length)
					.set("Retry-After", "5")
					.set("Connection", "close");
				this.ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
				throw new StreamsPerAddress.Refused(message);
			}
			this.counted = key;
		}
		HttpHeaders headers = response.headersToSend();
		if (response.declaredLength() >= 0) {
			headers.set("Content-Length", response.declaredLength());
		}
		else if (!this.head && !this.http10) {
			headers.set("Transfer-Encoding", "chunked");
		}
		if (!this.keepAlive) {
			headers.set("Connection", "close");
		}
		this.ctx.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.nettyStatus(), headers));
	}

	/** Waits while the connection cannot take more: the client's pace is the answer's pace. */
	@Override
	public void piece(byte[] bytes) throws IOException {
		if (this.head) {
			return;
		}
		if (!this.ctx.channel().isActive()) {
			throw new IOException("The client closed the connection");
		}
		ChannelFuture written = this.ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
		if (!this.ctx.channel().isWritable()) {
			if (!written.awaitUninterruptibly(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				this.ctx.close();
				throw new IOException("The client read nothing for " + WRITE_TIMEOUT_SECONDS + " s");
			}
			if (!written.isSuccess()) {
				throw new IOException("The client closed the connection", written.cause());
			}
		}
	}

	/** The worker has done writing: the address's share goes back (called once the call's answer is being sent). */
	@Override
	public void done() {
		String key = this.counted;
		if (key != null) {
			this.counted = null;
			this.streams.release(key);
		}
	}

}
