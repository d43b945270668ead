package dev.keyway.webapi;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.keyway.integration.IntegrationException;
import dev.keyway.integration.RateLimit;
import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The arithmetic of rate limits (issue 17.2) on a clock the test moves: the bucket's burst and
 * refill, the clock minute, leases, no source call while refused, one event a minute.
 */
@DatabaseIndependent
class RateLimiterTests {

	/** 12:00:00.000 UTC on some day: a minute starts here. */
	private static final long MINUTE_START = Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();

	private long now = MINUTE_START;

	private final Clock clock = new Clock() {

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(RateLimiterTests.this.now);
		}

	};

	private final List<Object> events = new ArrayList<>();

	private final AtomicInteger takes = new AtomicInteger();

	private final RateLimiter limiter = new RateLimiter(counting(new MemoryTokenSource()), null, this.events::add,
			this.clock);

	@Test
	void spendWhenBurstGivenThenThatManyAtOnceThenRefusedPerSecond() {
		RateLimit limit = new RateLimit(2, 0, 5);

		int accepted = accepted(1, limit, 20);
		RateLimiter.Limited refused = this.limiter.spend(1, "burst", limit);

		assertThat(accepted).isEqualTo(5);
		assertThat(refused.window()).isEqualTo(TokenBucket.Window.PER_SECOND);
		assertThat(refused.retryAfterSeconds()).isEqualTo(1);
	}

	@Test
	void spendWhenTimePassesThenBucketRefillsAtTheRateUpToTheBurst() {
		RateLimit limit = new RateLimit(2, 0, 5);
		accepted(2, limit, 5);

		this.now += 1_000;
		int afterOneSecond = accepted(2, limit, 20);
		this.now += 60_000;
		int afterAMinute = accepted(2, limit, 20);

		assertThat(afterOneSecond).isEqualTo(2);
		assertThat(afterAMinute).isEqualTo(5);
	}

	@Test
	void spendWhenNoBurstThenOneSecondsWorth() {
		assertThat(accepted(3, new RateLimit(4, 0, 0), 20)).isEqualTo(4);
	}

	@Test
	void spendWhenPerMinuteReachedThenRefusedUntilTheMinuteEnds() {
		RateLimit limit = new RateLimit(0, 3, 0);
		this.now = MINUTE_START + 15_000;

		int accepted = accepted(4, limit, 10);
		RateLimiter.Limited refused = this.limiter.spend(4, "minute", limit);
		this.now = MINUTE_START + 59_999;
		RateLimiter.Limited stillRefused = this.limiter.spend(4, "minute", limit);
		this.now = MINUTE_START + 60_000;
		int nextMinute = accepted(4, limit, 10);

		assertThat(accepted).isEqualTo(3);
		assertThat(refused.window()).isEqualTo(TokenBucket.Window.PER_MINUTE);
		assertThat(refused.retryAfterSeconds()).isEqualTo(45);
		assertThat(stillRefused).isNotNull();
		assertThat(nextMinute).isEqualTo(3);
	}

	@Test
	void spendWhenBothWindowsThenTheStricterRefuses() {
		RateLimit limit = new RateLimit(10, 12, 10);

		int first = accepted(5, limit, 20);
		this.now += 1_000;
		int second = accepted(5, limit, 20);

		assertThat(first).isEqualTo(10);
		assertThat(second).isEqualTo(2);
		assertThat(this.limiter.spend(5, "both", limit).window()).isEqualTo(TokenBucket.Window.PER_MINUTE);
	}

	@Test
	void spendWhenUnlimitedThenNeverRefusedAndNoSourceAsked() {
		int accepted = accepted(6, RateLimit.unlimited(), 1_000);

		assertThat(accepted).isEqualTo(1_000);
		assertThat(this.takes).hasValue(0);
	}

	@Test
	void spendWhenRefusedThenSourceNotAskedAgainUntilATokenCanBeThere() {
		RateLimit limit = new RateLimit(0, 2, 0);
		accepted(7, limit, 2);
		int before = this.takes.get();

		for (int i = 0; i < 100; i++) {
			this.limiter.spend(7, "cheap", limit);
		}

		assertThat(this.takes.get() - before).isEqualTo(1);
	}

	@Test
	void spendWhenRefusedOftenThenOneEventAMinute() {
		RateLimit limit = new RateLimit(0, 1, 0);
		accepted(8, limit, 5);
		this.now += 30_000;
		accepted(8, limit, 5);
		this.now += 30_000;
		accepted(8, limit, 5);

		assertThat(this.events).containsExactly(new RateLimitHit(8, "i8", Instant.ofEpochMilli(MINUTE_START)),
				new RateLimitHit(8, "i8", Instant.ofEpochMilli(MINUTE_START + 60_000)));
	}

	@Test
	void chunkWhenPostgresThenATenthOfTheSmallerQuotaAtLeastOne() {
		PostgresTokenSource source = new PostgresTokenSource(null);

		assertThat(source.chunk(new RateLimit(100, 0, 0))).isEqualTo(10);
		assertThat(source.chunk(new RateLimit(100, 300, 200))).isEqualTo(20);
		assertThat(source.chunk(new RateLimit(0, 40, 0))).isEqualTo(4);
		assertThat(source.chunk(new RateLimit(5, 0, 0))).isEqualTo(1);
		assertThat(source.chunk(new RateLimit(100_000, 0, 0))).isEqualTo(PostgresTokenSource.MAX_CHUNK);
	}

	@Test
	void headersWhenRefusedThenIetfStructuredFieldsAndRetryAfter() {
		RateLimit limit = new RateLimit(10, 300, 0);
		ApiException refusal = RateLimitHeaders
			.refusal(new RateLimiter.Limited(limit, TokenBucket.Window.PER_MINUTE, 42));

		assertThat(refusal.status()).isEqualTo(429);
		assertThat(refusal.parameters()).isEqualTo(List.of("300", "minute", "42"));
		assertThat(refusal.headers()).containsEntry("Retry-After", "42")
			.containsEntry("RateLimit-Policy", "\"per-second\";q=10;w=1, \"per-minute\";q=300;w=60")
			.containsEntry("RateLimit", "\"per-minute\";r=0;t=42");
	}

	@Test
	void rateLimitWhenOutOfBoundsThenRuleAndValueNamed() {
		assertThatThrownBy(() -> new RateLimit(-1, 0, 0)).isInstanceOf(IntegrationException.class)
			.satisfies((ex) -> assertThat(((IntegrationException) ex).fieldErrors().get(0).message())
				.isEqualTo("\"rate_limit.per_second\" must be a whole number from 0 (no limit) to 100000; got -1."));
		assertThatThrownBy(() -> new RateLimit(0, 6_000_001, 0)).isInstanceOf(IntegrationException.class);
		assertThatThrownBy(() -> new RateLimit(0, 0, 100_001)).isInstanceOf(IntegrationException.class);
	}

	private int accepted(long integrationId, RateLimit limit, int calls) {
		int accepted = 0;
		for (int i = 0; i < calls; i++) {
			if (this.limiter.spend(integrationId, "i" + integrationId, limit) == null) {
				accepted++;
			}
		}
		return accepted;
	}

	private TokenSource counting(TokenSource source) {
		return new TokenSource() {

			@Override
			public TokenBucket.Grant take(long integrationId, RateLimit limit, int want, long nowMs) {
				RateLimiterTests.this.takes.incrementAndGet();
				return source.take(integrationId, limit, want, nowMs);
			}

			@Override
			public int chunk(RateLimit limit) {
				return source.chunk(limit);
			}

		};
	}

}
