package dev.keyway.account;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@DatabaseIndependent
class SignInThrottleTests {

	private final TestClock clock = new TestClock();

	private final SignInThrottle throttle = new SignInThrottle(new SignInLimitProperties(3, Duration.ofSeconds(10)),
			this.clock);

	@Test
	void tryAcquireWhenBurstUsedThenRefusedUntilOneRefillHasPassed() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.tryAcquire("192.0.2.1")).isTrue();
		}
		assertThat(this.throttle.tryAcquire("192.0.2.1")).isFalse();
		assertThat(this.throttle.tryAcquire("192.0.2.2")).as("another address has its own bucket").isTrue();
		this.clock.shift(Duration.ofSeconds(11));
		assertThat(this.throttle.tryAcquire("192.0.2.1")).isTrue();
		assertThat(this.throttle.tryAcquire("192.0.2.1")).isFalse();
	}

	@Test
	void tryAcquireWhenLongUnusedThenOnlyTheBurstAgain() {
		for (int i = 0; i < 3; i++) {
			this.throttle.tryAcquire("192.0.2.3");
		}
		this.clock.shift(Duration.ofHours(1));
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.tryAcquire("192.0.2.3")).isTrue();
		}
		assertThat(this.throttle.tryAcquire("192.0.2.3")).isFalse();
	}

	@Test
	void giveBackWhenTokenReturnedThenAvailableAgainButNeverAboveTheBurst() {
		for (int i = 0; i < 3; i++) {
			this.throttle.tryAcquire("192.0.2.4");
		}
		this.throttle.giveBack("192.0.2.4");
		assertThat(this.throttle.tryAcquire("192.0.2.4")).isTrue();
		assertThat(this.throttle.tryAcquire("192.0.2.4")).isFalse();
		this.throttle.giveBack("192.0.2.5");
		this.throttle.tryAcquire("192.0.2.5");
		this.throttle.giveBack("192.0.2.5");
		this.throttle.giveBack("192.0.2.5");
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.tryAcquire("192.0.2.5")).isTrue();
		}
		assertThat(this.throttle.tryAcquire("192.0.2.5")).isFalse();
	}

	@Test
	void tryAcquireWhenIpv6AddressesShareTheirSlash64ThenOneBucket() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.throttle.tryAcquire("2001:db8:1:2::" + (i + 1))).isTrue();
		}
		assertThat(this.throttle.tryAcquire("2001:db8:1:2:ffff:ffff:ffff:ffff")).isFalse();
		assertThat(this.throttle.tryAcquire("[2001:db8:1:2::9]")).isFalse();
		assertThat(this.throttle.tryAcquire("2001:db8:1:3::1")).isTrue();
	}

	@Test
	void keyWhenAddressThenIpv4AsIsIpv6ItsSlash64() {
		assertThat(SignInThrottle.key("192.0.2.7")).isEqualTo("192.0.2.7");
		assertThat(SignInThrottle.key("2001:DB8:0:0:1::1")).isEqualTo("2001:db8:0:0::/64");
		assertThat(SignInThrottle.key("::1")).isEqualTo("0:0:0:0::/64");
		assertThat(SignInThrottle.key(null)).isEqualTo("unknown");
		assertThat(SignInThrottle.key("not:an:address:zz")).isEqualTo("not:an:address:zz");
	}

	@Test
	void propertiesWhenOutOfRangeThenRuleAndValueNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SignInLimitProperties(0, Duration.ofSeconds(1)))
			.withMessage("keyway.admin.sign-in-limit.burst must be at least 1; got 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new SignInLimitProperties(5, Duration.ZERO))
			.withMessage("keyway.admin.sign-in-limit.refill must be at least 1 millisecond and at most 1 day; got PT0S");
		assertThat(new SignInLimitProperties(null, null)).isEqualTo(new SignInLimitProperties(10, Duration.ofSeconds(6)));
	}

}
