package dev.keyway.webapi;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * An answer finished later, on another thread, for a call on the {@link EventLoopListener}: what
 * {@link RefusalDelay} needs — {@code complete()} from its scheduler, a timeout, listeners (the
 * {@link FrontDoor} records the call when it completes). The answer is sent once, by whichever comes first:
 * {@code complete()} or the timeout (then a 500, as a container answers an asynchronous call nobody
 * completed). {@code start} runs a task on a worker, from which its answer streams (the gateway's). There is no
 * {@code dispatch}: the listener serves one servlet's paths and never re-enters it.
 */
final class LoopAsync implements AsyncContext {

	private final ServletRequest request;

	private final ServletResponse response;

	private final boolean original;

	private final List<AsyncListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicBoolean completed = new AtomicBoolean();

	/** The answer went to the sender: once, whichever of complete() and sendWith() comes second. */
	private final AtomicBoolean sent = new AtomicBoolean();

	private volatile long timeout = 30_000;

	/** Sends the answer; set by the listener once the call returned. */
	private volatile Consumer<LoopAsync> sender;

	/** Where {@link #start} runs its task: a worker, whose answer streams. */
	private final java.util.function.Consumer<Runnable> starts;

	LoopAsync(ServletRequest request, ServletResponse response, boolean original,
			java.util.function.Consumer<Runnable> starts) {
		this.starts = starts;
		this.request = request;
		this.response = response;
		this.original = original;
	}

	/**
	 * The listener's part, after the servlet returned: how to send, and when to give up. A {@code complete()} that
	 * came before this (from another thread) is sent now.
	 */
	void sendWith(Consumer<LoopAsync> sender) {
		this.sender = sender;
		send();
	}

	/** Sends once both are there: the completion and the sender. */
	private void send() {
		Consumer<LoopAsync> send = this.sender;
		if (send != null && this.completed.get() && this.sent.compareAndSet(false, true)) {
			send.accept(this);
		}
	}

	boolean isCompleted() {
		return this.completed.get();
	}

	@Override
	public void complete() {
		if (this.completed.compareAndSet(false, true)) {
			send();
		}
	}

	/** Called by the listener after the answer left (or could not): the listeners' {@code onComplete}. */
	void completedAndSent() {
		for (AsyncListener listener : this.listeners) {
			try {
				listener.onComplete(new AsyncEvent(this, this.request, this.response));
			}
			catch (IOException | RuntimeException ex) {
				// a listener's failure does not stop the others
			}
		}
	}

	/** The timeout passed without a {@code complete()}: the listeners may still answer, else a 500. */
	void timedOut() {
		if (this.completed.get()) {
			return;
		}
		for (AsyncListener listener : this.listeners) {
			try {
				listener.onTimeout(new AsyncEvent(this, this.request, this.response));
			}
			catch (IOException | RuntimeException ex) {
				// as above
			}
		}
		if (!this.completed.get() && this.response instanceof HttpServletResponse http && !http.isCommitted()) {
			http.reset();
			http.setStatus(500);
		}
		complete();
	}

	@Override
	public ServletRequest getRequest() {
		return this.request;
	}

	@Override
	public ServletResponse getResponse() {
		return this.response;
	}

	@Override
	public boolean hasOriginalRequestAndResponse() {
		return this.original;
	}

	@Override
	public void dispatch() {
		throw new IllegalStateException("The event-loop listener does not dispatch a call again");
	}

	@Override
	public void dispatch(String path) {
		dispatch();
	}

	@Override
	public void dispatch(ServletContext context, String path) {
		dispatch();
	}

	/** On one of the listener's workers, never the event loop (the task may wait on the network). */
	@Override
	public void start(Runnable run) {
		this.starts.accept(run);
	}

	@Override
	public void addListener(AsyncListener listener) {
		this.listeners.add(listener);
	}

	@Override
	public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
		this.listeners.add(listener);
	}

	@Override
	public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
		try {
			return type.getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new ServletException("Cannot create " + type.getName() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void setTimeout(long timeout) {
		this.timeout = timeout;
	}

	@Override
	public long getTimeout() {
		return this.timeout;
	}

}
