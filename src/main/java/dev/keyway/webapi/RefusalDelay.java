package dev.keyway.webapi;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.keyway.oauth.RefusalReason;

/**
 * Holds back the answer to a call whose credentials do not verify, or whose integration is over its
 * rate limit (issue 16: a storm of refused calls must not slow other integrations' calls by more than
 * 10 %; issue 17.2: a limited caller costs far less than a served one). A client that sends a wrong
 * signature, an unknown key or token, a reused nonce or a stale timestamp, or keeps calling through
 * its 429s, gets its answer after {@code keyway.webapi.refusal-delay} (100 ms): on a kept-alive
 * connection it cannot send its next call sooner, so it costs a few dozen answers a second instead of
 * a share of the CPU equal to its share of connections. The wait holds no thread: the request goes
 * asynchronous and one scheduler thread writes the answer. The refusal itself is recorded at once
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

	/** Answers the failure with {@code answer} after the delay, from the scheduler's thread. */
	void later(HttpServletRequest request, HttpServletResponse response, Exception failure, Answer answer)
			throws IOException {
		AsyncContext async = request.startAsync();
		// the container's own timeout stays far above the delay: the scheduler always answers first
		async.setTimeout(TimeUnit.NANOSECONDS.toMillis(this.delayNanos) + 30_000);
		try {
			this.scheduler.schedule(() -> {
				try {
					answer.write(request, response, failure);
				}
				catch (IOException | RuntimeException ex) {
					// the client went away while it waited: nothing left to tell it
				}
				finally {
					async.complete();
				}
			}, this.delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down: answer now
			answer.write(request, response, failure);
			async.complete();
		}
	}

	@Override
	public void close() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow().forEach(Runnable::run);
		}
	}

	/** The error step: {@code CallAuthorizer#answerError}. */
	interface Answer {

		void write(HttpServletRequest request, HttpServletResponse response, Exception failure) throws IOException;

	}

}
