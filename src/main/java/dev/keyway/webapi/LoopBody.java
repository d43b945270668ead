package dev.keyway.webapi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import io.netty.channel.Channel;

/**
 * A request body still arriving, read by a worker thread while the event loop receives it (an upload through the
 * gateway, issue 15.2: held in memory a little at a time, never whole). The event loop {@link #offer}s each piece;
 * when more than {@link #HIGH} bytes wait, it stops reading the connection until the worker has taken them down to
 * {@link #LOW} (TCP then slows the client down). A client that sends nothing for {@link #IDLE_SECONDS} fails the
 * read, as Tomcat's connection timeout does; a closed connection fails it at once.
 */
final class LoopBody extends ServletInputStream implements EventLoopCall.Pipe {

	static final int HIGH = 1 << 20;

	static final int LOW = 256 << 10;

	static final long IDLE_SECONDS = 60;

	/**
	 * A client's body must average at least this many bytes a second once it has taken {@link #IDLE_SECONDS}
	 * (Apache's {@code mod_reqtimeout} MinRate): one byte every 59 s held a worker for ever (a review held all
	 * 200 with as many connections). 1 KiB/s lets a 100 MB upload take a day.
	 */
	static final long MIN_BYTES_PER_SECOND = 1024;

	private final Channel channel;

	/** How long a read waits for the next piece. */
	private final long idleNanos;

	/** The pieces come from an upstream (a read timeout, the gateway's 504), not from the client. */
	private final boolean fromUpstream;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition arrived = this.lock.newCondition();

	private final ArrayDeque<byte[]> pieces = new ArrayDeque<>();

	private byte[] current;

	private int position;

	private long waiting;

	private boolean ended;

	private IOException failure;

	private boolean paused;

	/** When the first piece was awaited (nanoTime), and the bytes offered since: the average rate's terms. */
	private final long startedAt;

	private final LongSupplier nanoTime;

	private long received;

	LoopBody(Channel channel) {
		this(channel, TimeUnit.SECONDS.toNanos(IDLE_SECONDS), false);
	}

	LoopBody(Channel channel, long idleNanos, boolean fromUpstream) {
		this(channel, idleNanos, fromUpstream, System::nanoTime);
	}

	LoopBody(Channel channel, long idleNanos, boolean fromUpstream, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.startedAt = nanoTime.getAsLong();
		this.channel = channel;
		this.idleNanos = idleNanos;
		this.fromUpstream = fromUpstream;
	}

	@Override
	public java.io.InputStream stream() {
		return this;
	}

	/** On the event loop: a piece of the body. */
	@Override
	public void offer(byte[] piece) {
		this.lock.lock();
		try {
			if (this.ended || this.failure != null) {
				return;
			}
			this.pieces.add(piece);
			this.waiting += piece.length;
			this.received += piece.length;
			tooSlow();
			if (this.waiting > HIGH && !this.paused) {
				this.paused = true;
				this.channel.config().setAutoRead(false);
			}
			this.arrived.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** On the event loop: the body is complete. */
	@Override
	public void end() {
		this.lock.lock();
		try {
			this.ended = true;
			this.arrived.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** On the event loop: the body will not complete (the connection closed, or the framing broke). */
	@Override
	public void fail(IOException failure) {
		this.lock.lock();
		try {
			if (!this.ended) {
				this.failure = failure;
			}
			this.arrived.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A client's body that has averaged under {@link #MIN_BYTES_PER_SECOND} after its grace fails (held lock). */
	private void tooSlow() {
		if (this.fromUpstream) {
			return;
		}
		long elapsed = this.nanoTime.getAsLong() - this.startedAt;
		if (elapsed > TimeUnit.SECONDS.toNanos(IDLE_SECONDS)
				&& this.received < MIN_BYTES_PER_SECOND * TimeUnit.NANOSECONDS.toSeconds(elapsed)) {
			this.failure = new IOException("The client sent the body slower than " + MIN_BYTES_PER_SECOND
					+ " bytes a second on average (" + this.received + " bytes in "
					+ TimeUnit.NANOSECONDS.toSeconds(elapsed) + " s)");
		}
	}

	/** Whether reading the connection is paused until the worker takes what waits. */
	boolean paused() {
		this.lock.lock();
		try {
			return this.paused;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether the client sent the whole body (taken or not). */
	boolean ended() {
		this.lock.lock();
		try {
			return this.ended;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether every byte the client sent was taken (else the connection cannot carry another call). */
	boolean complete() {
		this.lock.lock();
		try {
			return this.ended && this.pieces.isEmpty() && (this.current == null || this.position == this.current.length);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.current == null || this.position == this.current.length) {
			if (!next()) {
				return -1;
			}
		}
		int n = Math.min(length, this.current.length - this.position);
		System.arraycopy(this.current, this.position, buffer, offset, n);
		this.position += n;
		return n;
	}

	/** Waits for the next piece; false at the end of the body. */
	private boolean next() throws IOException {
		this.lock.lock();
		try {
			long left = this.idleNanos;
			while (this.pieces.isEmpty()) {
				if (this.failure != null) {
					throw this.failure;
				}
				if (this.ended) {
					return false;
				}
				if (left <= 0) {
					// an upstream's silence is its read timeout (the gateway's 504); a client's is the client's failure
					throw this.fromUpstream
							? new java.net.SocketTimeoutException("The upstream sent no more of its answer for "
									+ TimeUnit.NANOSECONDS.toMillis(this.idleNanos) + " ms")
							: new IOException("The client sent no more of the body for "
									+ TimeUnit.NANOSECONDS.toSeconds(this.idleNanos) + " s");
				}
				left = this.arrived.awaitNanos(left);
			}
			this.current = this.pieces.poll();
			this.position = 0;
			this.waiting -= this.current.length;
			if (this.paused && this.waiting < LOW) {
				this.paused = false;
				this.channel.config().setAutoRead(true);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for the request body");
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isFinished() {
		return complete();
	}

	@Override
	public boolean isReady() {
		this.lock.lock();
		try {
			return !this.pieces.isEmpty() || this.ended || this.failure != null
					|| (this.current != null && this.position < this.current.length);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Non-blocking reads are not offered on this listener: the Web API reads bodies on its own thread. */
	@Override
	public void setReadListener(ReadListener listener) {
		throw new IllegalStateException("The event-loop listener's streamed bodies are read blocking, on a worker");
	}

}
