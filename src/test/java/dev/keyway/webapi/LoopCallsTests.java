package dev.keyway.webapi;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One listener connection's own rules, on an embedded channel: how long a request's head may take to arrive. */
class LoopCallsTests {

	@Test
	void connectionWhenHeadTrickledPastTheDeadlineThenClosed() throws Exception {
		EmbeddedChannel channel = connection(TimeUnit.MILLISECONDS.toNanos(20));
		// a header byte now and then: every read resets an idle timeout, never this deadline
		channel.writeInbound(Unpooled.copiedBuffer("GET /rest/V1/x HTTP/1.1\r\nHost: h\r\nX-A: ", StandardCharsets.US_ASCII));
		Thread.sleep(40);
		channel.writeInbound(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII));

		channel.advanceTimeBy(10, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();

		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void connectionWhenHeadArrivesWithinTheDeadlineThenKeptOpen() {
		EmbeddedChannel channel = connection(TimeUnit.SECONDS.toNanos(LoopCalls.HEAD_SECONDS));
		channel.writeInbound(Unpooled.copiedBuffer("GET /rest/V1/x HTTP/1.1\r\nHost: h\r\nX-A: ", StandardCharsets.US_ASCII));

		channel.advanceTimeBy(10, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();

		assertThat(channel.isOpen()).isTrue();
	}

	private static EmbeddedChannel connection(long headNanos) {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.freezeTime();
		channel.pipeline()
			.addLast(new HttpRequestDecoder())
			.addLast(new HttpResponseEncoder())
			.addLast(new LoopCalls(new EventLoopListener.Doors(List.of(), null), null, null, 1024, null, "not here",
					new RequestTarget(List.of(), List.of()), new StreamsPerAddress(0), headNanos));
		// an embedded channel is active before its handlers are added: start the connection's clock as the listener's
		channel.pipeline().fireChannelActive();
		return channel;
	}

}
