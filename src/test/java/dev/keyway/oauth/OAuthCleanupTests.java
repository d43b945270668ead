package dev.keyway.oauth;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The nonce and request-token cleanup while the database is away. */
@DatabaseIndependent
class OAuthCleanupTests {

	@Test
	void runWhenDatabaseUnavailableThenOneWarnWithoutTraceAndInfoWhenItAnswers() {
		try (DatabaseOutage.Log output = DatabaseOutage.log(OAuthCleanup.class)) {
			DatabaseOutage outage = new DatabaseOutage();
			JdbcClient jdbc = JdbcClient.create(outage.dataSource());
			OAuthCleanup cleanup = new OAuthCleanup(jdbc, null, new VerificationBenchmark.FixedSettings(), Clock.systemUTC());
			for (int i = 0; i < 3; i++) {
				cleanup.run();
			}
			DatabaseOutage.assertReportedOnce(output, "OAuth cleanup");

			outage.end();
			jdbc.sql("CREATE TABLE oauth_nonces (consumer_id BIGINT, nonce VARCHAR(64), expires_at BIGINT)").update();
			jdbc.sql("INSERT INTO oauth_nonces VALUES (1, 'n', 0)").update();
			cleanup.run();
			cleanup.run();
			DatabaseOutage.assertRecoveredOnce(output, "OAuth cleanup");
			assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth_nonces").query(Long.class).single()).isZero();
		}
	}

}
