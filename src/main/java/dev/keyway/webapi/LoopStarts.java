package dev.keyway.webapi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The tasks of a call's {@code AsyncContext.start} (the gateway's forwarding on the event loop): held until the
 * call's own thread has left the filters — which still write headers and attributes on its way out — then handed
 * to a worker, from which the answer streams. No worker free: a 503, and the asynchronous answer ends.
 */
final class LoopStarts implements Consumer<Runnable> {

	private final Executor workers;

	private final LoopRequest request;

	private final LoopResponse response;

	private final LoopSink sink;

	/** Until {@link #release()}: tasks wait (a call rarely starts one, so the list is made on the first). */
	private boolean holding = true;

	private List<Runnable> held;

	LoopStarts(Executor workers, LoopRequest request, LoopResponse response, LoopSink sink) {
		this.workers = workers;
		this.request = request;
		this.response = response;
		this.sink = sink;
	}

	@Override
	public synchronized void accept(Runnable task) {
		if (this.holding) {
			if (this.held == null) {
				this.held = new ArrayList<>(1);
			}
			this.held.add(task);
		}
		else {
			submit(task);
		}
	}

	LoopSink sink() {
		return this.sink;
	}

	synchronized void release() {
		this.holding = false;
		if (this.held != null) {
			this.held.forEach(this::submit);
			this.held = null;
		}
	}

	private void submit(Runnable task) {
		try {
			this.workers.execute(() -> {
				this.response.sink(this.sink);
				task.run();
			});
		}
		catch (RejectedExecutionException ex) {
			if (!this.response.isCommitted()) {
				this.response.resetBuffer();
				this.response.setStatus(503);
				this.response.setHeader("Retry-After", "5");
				this.response.setContentType("application/json;charset=UTF-8");
				try {
					this.response.getOutputStream().write(LoopCalls.message("Too many calls in progress; try again"));
				}
				catch (java.io.IOException | IllegalStateException unwritable) {
					// no sink yet, the bytes stay in memory; or the call took the writer: the status says it
				}
			}
			LoopAsync async = this.request.async();
			if (async != null) {
				async.complete();
			}
		}
	}

}
