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
 * An answer that leaves as it is written, from the worker that writes it. Such a worker waits while its client is
 * slower than the answer, so a worker that has to wait counts under its client address's cap
 * ({@link StreamsPerAddress}) until it has done: a fast reader (a load balancer that buffers answers) never counts,
 * and an address whose slow readers hold the most workers it may is answered 503 in place of the next long answer.
 */
final class LoopSink implements LoopResponse.Sink {

	/** How long a streamed answer waits for a client that reads nothing, before the connection closes. */
	private static final long WRITE_TIMEOUT_SECONDS = 60;

	private final ChannelHandlerContext ctx;

	private final boolean keepAlive;

	private final boolean head;

	/** An HTTP/1.0 client knows no chunks: its streamed answer without a length ends when the connection does. */
	private final boolean http10;

	/** The listener's count of workers held by slow readers, by client address; null for none. */
	private final StreamsPerAddress streams;

	/** The call, whose client address the answer counts under (parsed only when it streams). */
	private final LoopRequest request;

	private final InetAddress peer;

	/** The address the answer counts under, once asked ({@link #address()}); else null. */
	private String address;

	/** The address whose share this answer's worker holds while it waits for the client; else null. */
	private volatile String counted;

	LoopSink(ChannelHandlerContext ctx, boolean keepAlive, boolean head, boolean http10) {
		this(ctx, keepAlive, head, http10, null, null, null);
	}

	/**
	 * @param streams the listener's count of workers held by slow readers, by client address
	 * ({@link StreamsPerAddress#answers()}); null for none
	 * @param request the call, whose client address the answer counts under
	 * @param peer the connection's peer: the address counted when the one the call is answered for is no IP literal
	 */
	LoopSink(ChannelHandlerContext ctx, boolean keepAlive, boolean head, boolean http10, StreamsPerAddress streams,
			LoopRequest request, InetAddress peer) {
		this.ctx = ctx;
		this.keepAlive = keepAlive;
		this.head = head;
		this.http10 = http10;
		this.streams = (streams != null && streams.max() > 0) ? streams : null;
		this.request = request;
		this.peer = peer;
	}

	/**
	 * Sends the status line and headers; or, for an answer longer than the response buffer when the address's slow
	 * readers already hold the most workers it may, a 503 that names the address and the setting in their place,
	 * the connection closes, and the worker's writing ends in {@link StreamsPerAddress.Refused}.
	 */
	@Override
	public void head(LoopResponse response) throws IOException {
		// only a long answer, whose worker may have to wait: a short one (every JSON answer passes here when its
		// writer closes the stream) never holds a worker for a slow reader (a review), and its address is not parsed
		if (this.streams != null && response.longerThanBuffer()) {
			if (this.streams.held(address()) >= this.streams.max()) {
				String message = tooMany();
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

	/** The address the answer counts under, parsed once, when first asked (on the worker that writes it). */
	private String address() {
		if (this.address == null) {
			this.address = StreamsPerAddress.key(this.request.getRemoteAddr(), this.peer);
		}
		return this.address;
	}

	private String tooMany() {
		return "Too many answers to one address are being written at once: " + Shown.shown(address()) + " has "
				+ this.streams.max() + " (" + StreamsPerAddress.PROPERTY + "); try again when one has ended";
	}

	/**
	 * Waits while the connection cannot take more: the client's pace is the answer's pace. The first wait takes a
	 * share of the address's cap; none left (slow readers of the address began at once): the answer breaks off.
	 */
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
			if (this.streams != null && this.counted == null) {
				if (!this.streams.take(address())) {
					this.ctx.close();
					throw new IOException(tooMany());
				}
				this.counted = address();
			}
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
