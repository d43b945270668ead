package dev.keyway.webapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import dev.keyway.oauth.RefusalReason;

/**
 * Holds back the answer to a call whose credentials do not verify, or whose integration is over its
 * rate limit (issue 16: a storm of refused calls must not slow other integrations' calls by more than
 * 10 %; issue 17.2: a limited caller costs far less than a served one). A client that sends a wrong
 * signature, an unknown key or token, a reused nonce or a stale timestamp, or keeps calling through
 * its 429s, gets its answer after {@code keyway.webapi.refusal-delay} (100 ms): on a kept-alive
 * connection it cannot send its next call sooner, so it costs a few dozen answers a second instead of
 * a share of the CPU equal to its share of connections. The wait holds no thread: the answer is
 * written into the response's buffer at once, the request goes asynchronous, and one scheduler thread
 * completes it when the wait is over. The refusal itself is recorded at once
 * (health counts, refusal records); the answer is the same, only later (a 429's {@code Retry-After}
 * is a second or more: the wait is inside it).
 *
 * <p>Not delayed: other refusals of verified credentials (IP allow-list, access expiry, a grant
 * without the route's resources, an inactive integration), a guest without credentials, and the
 * gateway's verify-only endpoints, whose caller is a proxy.
 */
final class RefusalDelay implements AutoCloseable {

	/**
	 * Credentials that did not verify (nothing proves the caller is who it claims), and a rate limit
	 * reached (the caller was told when to come back).
	 */
	static final Set<RefusalReason> DELAYED = EnumSet.of(RefusalReason.MALFORMED_REQUEST,
			RefusalReason.SIGNATURE_METHOD_DISABLED, RefusalReason.UNKNOWN_CONSUMER, RefusalReason.CONSUMER_EXPIRED,
			RefusalReason.TIMESTAMP_OUT_OF_WINDOW, RefusalReason.BAD_SIGNATURE, RefusalReason.NONCE_REUSED,
			RefusalReason.UNKNOWN_TOKEN, RefusalReason.TOKEN_NOT_ACCESS, RefusalReason.TOKEN_REVOKED,
			RefusalReason.RATE_LIMITED);

	private final long delayNanos;

	private final ScheduledThreadPoolExecutor scheduler;

	RefusalDelay(Duration delay) {
		this.delayNanos = delay.toNanos();
		if (this.delayNanos == 0) {
			this.scheduler = null;
			return;
		}
		this.scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "keyway-refusal-delay");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/** Whether this failure's answer waits. */
	boolean delays(HttpServletRequest request, Exception failure) {
		return this.scheduler != null && failure instanceof ApiException refused
				&& (refused.status() == 401 || refused.status() == 429) && refused.reason() != null && DELAYED.contains(refused.reason()) && request.isAsyncSupported();
	}

	/**
	 * Writes the answer now, on the request thread, into the response's buffer (nothing reaches the
	 * socket: the stream is neither flushed nor closed), and lets it go after the delay: the scheduler
	 * only completes the asynchronous request, and Tomcat sends the answer from one of its own threads.
	 * So a client that does not read cannot stall the scheduler, and no two threads write the response.
	 */
	void later(HttpServletRequest request, HttpServletResponse response, Exception failure, Answer answer)
			throws IOException {
		Held held = new Held(response);
		answer.write(request, held, failure);
		byte[] body = held.body();
		if (response.getBufferSize() < body.length) {
			response.setBufferSize(body.length);
		}
		response.getOutputStream().write(body);
		AsyncContext async = request.startAsync();
		// the container's own timeout stays far above the delay: the scheduler always completes first
		async.setTimeout(TimeUnit.NANOSECONDS.toMillis(this.delayNanos) + 30_000);
		try {
			this.scheduler.schedule(async::complete, this.delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: answer now
			async.complete();
		}
	}

	/** Stops taking waits; those already scheduled are still completed, within the delay. */
	@Override
	public void close() throws InterruptedException {
		if (this.scheduler != null) {
			this.scheduler.shutdown();
			this.scheduler.awaitTermination(TimeUnit.NANOSECONDS.toMillis(this.delayNanos) + 1_000,
					TimeUnit.MILLISECONDS);
		}
	}

	/** The response with its body kept in memory: status and headers go to the response itself. */
	private static final class Held extends HttpServletResponseWrapper {

		private final ByteArrayOutputStream body = new ByteArrayOutputStream(512);

		private final ServletOutputStream stream = new ServletOutputStream() {

			@Override
			public void write(int b) {
				Held.this.body.write(b);
			}

			@Override
			public void write(byte[] bytes, int offset, int length) {
				Held.this.body.write(bytes, offset, length);
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				throw new UnsupportedOperationException("a held answer is written at once");
			}

		};

		Held(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return this.stream;
		}

		@Override
		public PrintWriter getWriter() {
			return new PrintWriter(new OutputStreamWriter(this.body, StandardCharsets.UTF_8), true);
		}

		@Override
		public void flushBuffer() {
		}

		byte[] body() {
			return this.body.toByteArray();
		}

	}

	/** The error step: {@code CallAuthorizer#answerError}. */
	interface Answer {

		void write(HttpServletRequest request, HttpServletResponse response, Exception failure) throws IOException;

	}

}
