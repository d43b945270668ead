package dev.keyway.webapi;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener's count of calls whose body streams, by client address. */
@DatabaseIndependent
class StreamsPerAddressTests {

	@Test
	void takeWhenAddressHoldsTheMostThenRefusedUntilOneEnds() {
		StreamsPerAddress streams = new StreamsPerAddress(2);

		assertThat(streams.take("192.0.2.1")).isTrue();
		assertThat(streams.take("192.0.2.1")).isTrue();
		assertThat(streams.take("192.0.2.1")).isFalse();
		assertThat(streams.take("192.0.2.2")).as("another address has its own share").isTrue();

		streams.release("192.0.2.1");
		assertThat(streams.take("192.0.2.1")).isTrue();
		assertThat(streams.held("192.0.2.1")).isEqualTo(2);
	}

	@Test
	void releaseWhenLastCallOfAddressEndsThenNothingKeptForIt() {
		StreamsPerAddress streams = new StreamsPerAddress(3);
		streams.take("198.51.100.7");
		streams.release("198.51.100.7");
		streams.release("198.51.100.7");

		assertThat(streams.held("198.51.100.7")).isZero();
		assertThat(streams.take("198.51.100.7")).isTrue();
	}

	@Test
	void keyWhenIpv6ThenItsSlash64WhenNoIpLiteralThenThePeer() throws Exception {
		java.net.InetAddress peer = java.net.InetAddress.getByAddress(new byte[] { 10, 0, 0, 9 });

		assertThat(StreamsPerAddress.key("2001:db8:1:2:aaaa::1", peer)).isEqualTo("2001:0db8:0001:0002::/64")
			.isEqualTo(StreamsPerAddress.key("2001:db8:1:2:bbbb:cccc:dddd:eeee", peer));
		assertThat(StreamsPerAddress.key("192.0.2.7", peer)).isEqualTo("192.0.2.7");
		assertThat(StreamsPerAddress.key("a-name.example", peer)).as("what a client wrote in X-Forwarded-For")
			.isEqualTo("10.0.0.9");
		assertThat(StreamsPerAddress.key("unknown", java.net.InetAddress.getByName("::1"))).isEqualTo("0000:0000:0000:0000::/64");
	}

	@Test
	void takeWhenNoCapThenAlwaysTaken() {
		StreamsPerAddress streams = new StreamsPerAddress(0);
		for (int i = 0; i < 1000; i++) {
			assertThat(streams.take("203.0.113.9")).isTrue();
		}
		assertThat(streams.held("203.0.113.9")).isZero();
	}

	@Test
	void refusedInWhenWrappedAsJacksonWrapsTheOutputsFailureThenFound() {
		StreamsPerAddress.Refused refused = new StreamsPerAddress.Refused("Too many answers");
		assertThat(StreamsPerAddress.Refused.in(new RuntimeException(new java.io.UncheckedIOException(refused))))
			.isSameAs(refused);
		assertThat(StreamsPerAddress.Refused.in(new java.io.IOException("The client closed the connection"))).isNull();
	}

	@Test
	void answersWhenAddressHoldsTheMostBodiesThenAnswersCountedApart() {
		StreamsPerAddress streams = new StreamsPerAddress(1);
		assertThat(streams.take("10.0.0.1")).isTrue();
		assertThat(streams.take("10.0.0.1")).isFalse();
		assertThat(streams.answers().take("10.0.0.1")).isTrue();
		assertThat(streams.answers().take("10.0.0.1")).isFalse();
		assertThat(streams.answers().answers()).isSameAs(streams.answers());
	}

}
