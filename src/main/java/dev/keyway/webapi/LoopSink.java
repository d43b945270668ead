package dev.keyway.webapi;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/** An answer that leaves as it is written, from the worker that writes it. */
final class LoopSink implements LoopResponse.Sink {

	/** How long a streamed answer waits for a client that reads nothing, before the connection closes. */
	private static final long WRITE_TIMEOUT_SECONDS = 60;

	private final ChannelHandlerContext ctx;

	private final boolean keepAlive;

	private final boolean head;

	/** An HTTP/1.0 client knows no chunks: its streamed answer without a length ends when the connection does. */
	private final boolean http10;

	LoopSink(ChannelHandlerContext ctx, boolean keepAlive, boolean head, boolean http10) {
		this.ctx = ctx;
		this.keepAlive = keepAlive;
		this.head = head;
		this.http10 = http10;
	}

	@Override
	public void head(LoopResponse response) {
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

}
