package dev.keyway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock plus an offset tests can move; every Spring test context uses it. */
public final class TestClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	public void shift(Duration by) {
		this.offset = this.offset.plus(by);
	}

	public void reset() {
		this.offset = Duration.ZERO;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The test clock is always UTC");
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset);
	}

}
