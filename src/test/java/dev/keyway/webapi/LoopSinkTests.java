package dev.keyway.webapi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockServletContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A worker's answer on the listener and the per-address cap of workers held by slow readers. */
class LoopSinkTests {

	private static final String CLIENT = "10.1.2.3";

	@Test
	void headWhenShortAnswerClosedAndAddressAtCapThenSentNotRefused() throws Exception {
		// every JSON answer on a worker passes the sink when its writer closes the stream (a review)
		StreamsPerAddress answers = new StreamsPerAddress(1).answers();
		assertThat(answers.take(CLIENT)).isTrue();
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
		LoopResponse response = response(channel, answers);

		response.getOutputStream().write(new byte[100]);
		response.getOutputStream().close();

		HttpResponse head = channel.readOutbound();
		assertThat(head.status().code()).isEqualTo(200);
	}

	@Test
	void headWhenLongAnswerAndAddressAtCapThen503InPlaceOfHeadAndWritingRefused() throws Exception {
		StreamsPerAddress answers = new StreamsPerAddress(1).answers();
		assertThat(answers.take(CLIENT)).isTrue();
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
		LoopResponse response = response(channel, answers);

		assertThatExceptionOfType(StreamsPerAddress.Refused.class)
			.isThrownBy(() -> response.getOutputStream().write(new byte[20_000]))
			.withMessage("Too many answers to one address are being written at once: \"10.1.2.3\" has 1 "
					+ "(keyway.server.event-loop.max-streamed-bodies-per-address); try again when one has ended");

		FullHttpResponse refusal = channel.readOutbound();
		assertThat(refusal.status().code()).isEqualTo(503);
		assertThat(refusal.headers().get("Connection")).isEqualTo("close");
		assertThat(refusal.headers().get("Retry-After")).isEqualTo("5");
		refusal.release();
		assertThat((Object) channel.readOutbound()).as("nothing of the answer follows").isNull();
		assertThat(channel.isOpen()).isFalse();
		assertThat(answers.held(CLIENT)).as("the refused answer took no share").isEqualTo(1);
	}

	@Test
	void headWhenLongAnswerAndUploadsHoldTheCapThenSent() throws Exception {
		// the bodies' count is apart: an address's uploads never refuse its answers
		StreamsPerAddress streams = new StreamsPerAddress(1);
		assertThat(streams.take(CLIENT)).isTrue();
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
		LoopResponse response = response(channel, streams.answers());

		response.getOutputStream().write(new byte[20_000]);

		HttpResponse head = channel.readOutbound();
		assertThat(head.status().code()).isEqualTo(200);
		assertThat(streams.answers().held(CLIENT)).as("a writable connection: the worker never waited").isZero();
	}

	@Test
	void pieceWhenFirstWaitFindsNoShareLeftThenAnswerBreaksOffAndConnectionCloses() throws Exception {
		// the race the head's check cannot see: slow readers of one address begin at once, each head passes while
		// a share is free, and the worker that has to wait last finds the cap taken
		StreamsPerAddress answers = new StreamsPerAddress(1).answers();
		EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
		LoopResponse response = response(channel, answers);
		response.getOutputStream().write(new byte[20_000]);
		HttpResponse head = channel.readOutbound();
		assertThat(head.status().code()).as("the head went out while a share was free").isEqualTo(200);
		assertThat(answers.take(CLIENT)).as("another slow reader of the address took the last share").isTrue();
		channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> response.getOutputStream().write(new byte[20_000]))
			.withMessageStartingWith("Too many answers to one address are being written at once: \"10.1.2.3\" has 1");

		assertThat(channel.isOpen()).as("the answer breaks off: the client sees a closed connection").isFalse();
		assertThat(answers.held(CLIENT)).as("the broken-off answer took no share").isEqualTo(1);
		response.workerDone();
		assertThat(answers.held(CLIENT)).as("and gives none back").isEqualTo(1);
	}

	private static LoopResponse response(EmbeddedChannel channel, StreamsPerAddress answers) throws Exception {
		ChannelHandlerContext ctx = channel.pipeline().firstContext();
		LoopRequest request = new LoopRequest("GET", "/rest/V1/big", null,
				new LoopRequest.LoopMapping("/rest/*", "webApi"), new DefaultHttpHeaders(), new byte[0],
				null, new InetSocketAddress("127.0.0.1", 8081), new InetSocketAddress(CLIENT, 50000),
				new MockServletContext(), null);
		LoopResponse response = new LoopResponse();
		response.sink(new LoopSink(ctx, true, false, false, answers, request, InetAddress.getByName(CLIENT)));
		return response;
	}

}
