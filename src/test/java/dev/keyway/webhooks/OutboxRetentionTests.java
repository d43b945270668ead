package dev.keyway.webhooks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

/** The outbox retention (and, by the same code, every webhook task) while the database is away. */
@DatabaseIndependent
class OutboxRetentionTests {

	@Test
	void cleanQuietlyWhenDatabaseUnavailableThenOneWarnWithoutTraceAndInfoWhenItAnswers() {
		try (DatabaseOutage.Log output = DatabaseOutage.log(OutboxRetention.class)) {
			DatabaseOutage outage = new DatabaseOutage();
			OutboxStore store = new OutboxStore(null) {

				@Override
				int deleteFinishedBefore(Instant cutoff, int limit) {
					outage.check();
					return 0;
				}

			};
			WebhookProperties properties = new WebhookProperties(null, null, null, 7, Duration.ofSeconds(2),
					Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(2),
					Duration.ofHours(6), 10, Duration.ofDays(30));
			OutboxRetention retention = new OutboxRetention(store, properties, Clock.systemUTC());
			for (int i = 0; i < 3; i++) {
				retention.cleanQuietly();
			}
			DatabaseOutage.assertReportedOnce(output, "Webhook outbox retention");

			outage.end();
			retention.cleanQuietly();
			retention.cleanQuietly();
			DatabaseOutage.assertRecoveredOnce(output, "Webhook outbox retention");
		}
	}

}
