package dev.keyway.webapi;

import java.time.Duration;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** A call of the event-loop listener answered from its event loop: the servlet's asynchronous call. */
final class LoopCall implements EventLoopCall {

	private final WebApiServlet servlet;

	private final AsyncContext async;

	private final HttpServletRequest request;

	private final HttpServletResponse response;

	/** The client's connection: its event loop, and the transport a client channel uses on it. */
	private final Channel connection;

	LoopCall(WebApiServlet servlet, AsyncContext async, HttpServletRequest request, HttpServletResponse response,
			Channel connection) {
		this.servlet = servlet;
		this.async = async;
		this.request = request;
		this.response = response;
		this.connection = connection;
	}

	@Override
	public HttpServletRequest request() {
		return this.request;
	}

	@Override
	public HttpServletResponse response() {
		return this.response;
	}

	@Override
	public EventLoop eventLoop() {
		return this.connection.eventLoop();
	}

	@Override
	public Bootstrap client() {
		return new Bootstrap().group(this.connection.eventLoop())
			.channel((this.connection instanceof io.netty.channel.epoll.EpollSocketChannel) ? EpollSocketChannel.class
					: NioSocketChannel.class);
	}

	@Override
	public void complete() {
		this.async.complete();
	}

	@Override
	public void fail(Exception failure) {
		try {
			this.servlet.answerFailure(this.request, this.response, failure);
		}
		finally {
			this.async.complete();
		}
	}

	@Override
	public boolean continueOnWorker(StreamedAnswer rest) {
		this.servlet.onWorker(this.async, this.request, this.response, rest);
		// a refused hand-off answers 503 and completes at once; a task that ran and completed this soon failed
		return !(this.async instanceof LoopAsync started && started.isCompleted());
	}

	@Override
	public Runnable onClientGone(Runnable gone) {
		io.netty.channel.ChannelFutureListener listener = (closed) -> gone.run();
		this.connection.closeFuture().addListener(listener);
		return () -> this.connection.closeFuture().removeListener(listener);
	}

	@Override
	public Pipe pipe(Channel source, Duration idle) {
		return new LoopBody(source, idle.toNanos(), true);
	}

}
