package dev.keyway.oauth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.keyway.CacheProperties;
import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A request whose nonce the store may have forgotten (issues 11.3 and 14.3) is refused as out of the
 * timestamp window, with a hint that says why, both when the store says so before the signature is
 * checked and when it drops that nonce while the request is being verified.
 */
@DatabaseIndependent
class ForgottenNoncesTests {

	private static final long NOW = 1_780_000_000L;

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

	private final Consumer consumer = new Consumer(1, VerificationBenchmark.CONSUMER_KEY,
			VerificationBenchmark.CONSUMER_SECRET, Instant.ofEpochSecond(NOW));

	private final CredentialCache cache = new CredentialCache(null, null, null, null, CacheProperties.defaultSpec()) {
		@Override
		Optional<Consumer> consumer(String key) {
			return VerificationBenchmark.CONSUMER_KEY.equals(key) ? Optional.of(ForgottenNoncesTests.this.consumer)
					: Optional.empty();
		}
	};

	@Test
	void checkWhenStoreForgotTheTimestampsNoncesThenTimestampRefusedWithHint() {
		ProtocolChecks checks = new ProtocolChecks(this.cache, new Forgetting(NOW - 100, true),
				new VerificationBenchmark.FixedSettings(), this.clock);

		OAuthProblem problem = catchThrowableOfType(OAuthProblem.class,
				() -> checks.check(signed("n1", NOW - 100), List.of()));

		assertThat(problem.reason()).isEqualTo(RefusalReason.TIMESTAMP_OUT_OF_WINDOW);
		assertThat(problem.facts().hint()).isEqualTo(Hints.NONCES_FORGOTTEN);
		assertThat(problem.facts().skewSeconds()).isEqualTo(-100L);
	}

	@Test
	void checkWhenTimestampAfterWhatStoreForgotThenAccepted() {
		ProtocolChecks checks = new ProtocolChecks(this.cache, new Forgetting(NOW - 100, true),
				new VerificationBenchmark.FixedSettings(), this.clock);

		assertThat(checks.check(signed("n1", NOW - 99), List.of()).timestamp()).isEqualTo(NOW - 99);
	}

	@Test
	void verifyWhenStoreDroppedTheNonceDuringVerificationThenTimestampRefusedNotReplay() {
		Forgetting store = new Forgetting(Long.MIN_VALUE, false);
		ProtocolChecks checks = new ProtocolChecks(this.cache, store, new VerificationBenchmark.FixedSettings(),
				this.clock);
		OAuthRequest request = signed("n1", NOW - 100);
		ProtocolChecks.Checked checked = checks.check(request, List.of());
		store.forgottenTimestamp = NOW - 100;

		OAuthProblem problem = catchThrowableOfType(OAuthProblem.class,
				() -> checks.verifySignatureAndNonce(request, checked, VerificationBenchmark.TOKEN_SECRET));

		assertThat(problem.reason()).isEqualTo(RefusalReason.TIMESTAMP_OUT_OF_WINDOW);
		assertThat(problem.facts().hint()).isEqualTo(Hints.NONCES_FORGOTTEN);
	}

	@Test
	void verifyWhenNonceReusedAndNotForgottenThenReplay() {
		ProtocolChecks checks = new ProtocolChecks(this.cache, new Forgetting(Long.MIN_VALUE, false),
				new VerificationBenchmark.FixedSettings(), this.clock);
		OAuthRequest request = signed("n1", NOW - 100);
		ProtocolChecks.Checked checked = checks.check(request, List.of());

		OAuthProblem problem = catchThrowableOfType(OAuthProblem.class,
				() -> checks.verifySignatureAndNonce(request, checked, VerificationBenchmark.TOKEN_SECRET));

		assertThat(problem.reason()).isEqualTo(RefusalReason.NONCE_REUSED);
	}

	private static OAuthRequest signed(String nonce, long timestamp) {
		String header = VerificationBenchmark.Requests.header(nonce, timestamp);
		return OAuthRequest.parse("GET", VerificationBenchmark.BASE_URI, null, header, null);
	}

	/** Forgets every timestamp up to a second; every claim is refused unless {@code accepts}. */
	private static final class Forgetting implements NonceStore {

		long forgottenTimestamp;

		private final boolean accepts;

		Forgetting(long forgottenTimestamp, boolean accepts) {
			this.forgottenTimestamp = forgottenTimestamp;
			this.accepts = accepts;
		}

		@Override
		public boolean claim(long consumerId, String nonce, long expiresAtEpochSecond) {
			return this.accepts;
		}

		@Override
		public boolean forgotten(long timestampEpochSecond, long expiresAtEpochSecond) {
			return timestampEpochSecond <= this.forgottenTimestamp;
		}

	}

}
