package dev.keyway.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.keyway.audit.Actor;
import dev.keyway.testing.DatabaseOutage;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.TestClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cleanup of reauthorization graces (issue 17.4): rows past their end are removed and
 * {@link RotationGraceEnded} is published once per ended grace; a running grace is left alone.
 */
@KeywayIntegrationTest
@RecordApplicationEvents
class RotationGraceCleanupTests {

	private static final Actor ACTOR = Actor.admin(78, "grace-tester", "198.51.100.10");

	@Autowired
	IntegrationService integrations;

	@Autowired
	RotationGraceCleanup cleanup;

	@Autowired
	TestClock clock;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationEvents events;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
		void runWhenDatabaseUnavailableThenOneWarnWithoutTraceAndInfoWhenItAnswers() {
		try (DatabaseOutage.Log output = DatabaseOutage.log(RotationGraceCleanup.class)) {
			DatabaseOutage outage = new DatabaseOutage();
			// as DataSourceTransactionManager fails to begin when the pool has no connection
			TransactionTemplate transaction = new TransactionTemplate() {

				@Override
				public <T> T execute(TransactionCallback<T> action) {
					try {
						outage.check();
					}
					catch (RuntimeException ex) {
						throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
								ex.getCause());
					}
					return null;
				}

			};
			RotationGraceCleanup unreachable = new RotationGraceCleanup(null, null, null, transaction);
			for (int i = 0; i < 3; i++) {
				unreachable.run();
			}
			DatabaseOutage.assertReportedOnce(output, "Reauthorization grace cleanup");

			outage.end();
			unreachable.run();
			unreachable.run();
			DatabaseOutage.assertRecoveredOnce(output, "Reauthorization grace cleanup");
		}
	}

	@Test
	void runWhenGraceEndedThenRowRemovedAndEventPublishedOnce() {
		Integration integration = reauthorizedWithGrace(60);
		Instant until = this.integrations.previousTokenValidUntil(integration.id()).orElseThrow();

		this.clock.shift(Duration.ofSeconds(61));
		this.cleanup.run();
		this.cleanup.run();

		assertThat(ended(integration.id())).containsExactly(new RotationGraceEnded(integration.id(), integration.name(), until));
		assertThat(previousRows(integration.consumerId())).isZero();
	}

	@Test
	void runWhenGraceRunningThenRowKeptAndNoEvent() {
		Integration integration = reauthorizedWithGrace(3600);

		this.clock.shift(Duration.ofSeconds(61));
		this.cleanup.run();

		assertThat(ended(integration.id())).isEmpty();
		assertThat(previousRows(integration.consumerId())).isOne();
	}

	@Test
	void cutOffWhenGraceRunningThenEventPublishedAndCleanupFindsNothing() {
		Integration integration = reauthorizedWithGrace(3600);

		this.integrations.cutOffPreviousToken(integration.id(), ACTOR);
		this.clock.shift(Duration.ofSeconds(3601));
		this.cleanup.run();

		assertThat(ended(integration.id())).hasSize(1);
		assertThat(previousRows(integration.consumerId())).isZero();
	}

	private Integration reauthorizedWithGrace(long seconds) {
		Integration created = this.integrations.create(
				new IntegrationDraft("grace cleanup " + UUID.randomUUID(), null, null, null, true, List.of()), ACTOR);
		this.integrations.activate(created.id(), ACTOR);
		this.integrations.reauthorize(created.id(), ACTOR, null, GracePeriod.ofSeconds(seconds));
		return created;
	}

	private List<RotationGraceEnded> ended(long integrationId) {
		return this.events.stream(RotationGraceEnded.class).filter((e) -> e.integrationId() == integrationId).toList();
	}

	private long previousRows(long consumerId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM oauth_previous_tokens WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.query(Long.class)
			.single();
	}

}
