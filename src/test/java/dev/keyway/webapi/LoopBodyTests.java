package dev.keyway.webapi;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** A body streaming to a worker: read in order, the connection paused while too much waits, failures passed on. */
class LoopBodyTests {

	@Test
	void readWhenPiecesOfferedThenInOrderAndEndOfStreamAfterEnd() throws IOException {
		LoopBody body = new LoopBody(new EmbeddedChannel());
		body.offer("hello ".getBytes());
		body.offer("world".getBytes());
		body.end();

		assertThat(new String(body.readAllBytes())).isEqualTo("hello world");
		assertThat(body.read()).isEqualTo(-1);
		assertThat(body.complete()).isTrue();
	}

	@Test
	void readWhenClientAveragesUnderTheMinimumRateAfterItsGraceThenTheReadFails() throws IOException {
		AtomicLong now = new AtomicLong();
		LoopBody body = new LoopBody(new EmbeddedChannel(), TimeUnit.SECONDS.toNanos(LoopBody.IDLE_SECONDS), false,
				now::get);
		// one byte every 59 s held a worker for ever: each piece came before the idle timeout
		body.offer("a".getBytes());
		now.addAndGet(TimeUnit.SECONDS.toNanos(59));
		body.offer("b".getBytes());
		now.addAndGet(TimeUnit.SECONDS.toNanos(59));
		body.offer("c".getBytes());

		assertThat(body.readNBytes(3)).isEqualTo("abc".getBytes());
		assertThatThrownBy(body::read).isInstanceOf(IOException.class)
			.hasMessage("The client sent the body slower than 1024 bytes a second on average (3 bytes in 118 s)");
	}

	@Test
	void readWhenClientIsSlowOnlyWithinItsGraceOrFastEnoughThenTheBodyArrives() throws IOException {
		AtomicLong now = new AtomicLong();
		LoopBody body = new LoopBody(new EmbeddedChannel(), TimeUnit.SECONDS.toNanos(LoopBody.IDLE_SECONDS), false,
				now::get);
		body.offer("a".getBytes());
		now.addAndGet(TimeUnit.SECONDS.toNanos(50));
		body.offer(new byte[200_000]);
		now.addAndGet(TimeUnit.SECONDS.toNanos(50));
		body.offer("z".getBytes());
		body.end();

		assertThat(body.readAllBytes()).hasSize(200_002);
	}

	@Test
	void offerWhenMoreThanHighWaterMarkWaitsThenReadingPausedUntilTakenBelowLowMark() throws IOException {
		EmbeddedChannel channel = new EmbeddedChannel();
		LoopBody body = new LoopBody(channel);
		byte[] piece = new byte[LoopBody.LOW];
		for (int i = 0; i < 5; i++) {
			body.offer(piece);
		}
		assertThat(channel.config().isAutoRead()).isFalse();

		body.readNBytes(3 * LoopBody.LOW + 1);
		assertThat(channel.config().isAutoRead()).isFalse();
		body.readNBytes(LoopBody.LOW);

		assertThat(channel.config().isAutoRead()).isTrue();
		assertThat(body.complete()).isFalse();
	}

	@Test
	void readWhenWorkerWaitsThenWokenByThePieceFromTheEventLoop() throws Exception {
		LoopBody body = new LoopBody(new EmbeddedChannel());
		CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
			try {
				return body.readAllBytes();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});

		Thread.sleep(50);
		body.offer("late".getBytes());
		body.end();

		assertThat(read.get(5, TimeUnit.SECONDS)).asString().isEqualTo("late");
	}

	@Test
	void readWhenConnectionClosedBeforeTheEndThenIOException() {
		LoopBody body = new LoopBody(new EmbeddedChannel());
		body.offer("part".getBytes());
		body.fail(new IOException("The client closed the connection before the end of the body"));

		assertThatIOException().isThrownBy(body::readAllBytes).withMessageContaining("before the end of the body");
		assertThat(body.complete()).isFalse();
	}

}
