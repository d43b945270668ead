package dev.keyway.webapi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * A call that runs on the event-loop listener's event loop and whose {@link StreamedAnswer} may answer without
 * blocking it (issue 15, the gateway's forward): it waits on the network through channels of the same event loop
 * and ends the call with {@link #complete()} or {@link #fail}, or hands the rest to a worker. Everything but
 * {@link Pipe#stream()} is called on {@link #eventLoop()}. The call is the servlet's asynchronous call: its
 * request and response may be touched until it ends, from the event loop or, after
 * {@link #continueOnWorker}, from that worker.
 */
public interface EventLoopCall {

	HttpServletRequest request();

	HttpServletResponse response();

	EventLoop eventLoop();

	/** A client bootstrap on this call's event loop with the listener's transport (epoll or NIO). */
	Bootstrap client();

	/** The answer written to {@link #response()} is whole: it is sent, and the call ends. */
	void complete();

	/** The Web API's one error step for {@code failure} (its status and Magento's body), then the call ends. */
	void fail(Exception failure);

	/**
	 * The rest of the answer is written by {@code rest} on a worker thread, as it arrives; then the call ends.
	 * @return false when no worker was free: the call was answered 503 and has ended
	 */
	boolean continueOnWorker(StreamedAnswer rest);

	/**
	 * Runs {@code gone} on the event loop when the client's connection closes before the call ended (what waits for
	 * the answer can stop).
	 * @return what to run once the call no longer needs to know
	 */
	Runnable onClientGone(Runnable gone);

	/**
	 * A stream that a worker reads while the event loop fills it from {@code source}, whose reading pauses while
	 * more than a MiB waits; a read waits at most {@code idle} for the next piece.
	 */
	Pipe pipe(Channel source, Duration idle);

	/** Bytes handed from the event loop to a worker: {@link #offer} and {@link #end} on the event loop. */
	interface Pipe {

		void offer(byte[] piece);

		void end();

		void fail(IOException failure);

		InputStream stream();

	}

}
