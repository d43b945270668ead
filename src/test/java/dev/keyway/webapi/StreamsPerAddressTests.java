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
	void takeWhenNoCapThenAlwaysTaken() {
		StreamsPerAddress streams = new StreamsPerAddress(0);
		for (int i = 0; i < 1000; i++) {
			assertThat(streams.take("203.0.113.9")).isTrue();
		}
		assertThat(streams.held("203.0.113.9")).isZero();
	}

}
