package dev.keyway.admin;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;

/** The expired admin session cleanup while the database is away: said once, and its end once. */
@DatabaseIndependent
class SessionCleanupTests {

	@Test
	void runWhenDatabaseUnavailableThenOneWarnWithoutTraceAndInfoWhenItAnswers() {
		try (DatabaseOutage.Log output = DatabaseOutage.log(SessionCleanup.class)) {
			DatabaseOutage outage = new DatabaseOutage();
			AtomicInteger cleanups = new AtomicInteger();
			JdbcIndexedSessionRepository sessions = new JdbcIndexedSessionRepository(new JdbcTemplate(),
					TransactionOperations.withoutTransaction()) {

				@Override
				public void cleanUpExpiredSessions() {
					outage.check();
					cleanups.incrementAndGet();
				}

			};
			SessionCleanup cleanup = new SessionCleanup(sessions);
			for (int i = 0; i < 3; i++) {
				cleanup.run();
			}
			DatabaseOutage.assertReportedOnce(output, "Admin session cleanup");

			outage.end();
			cleanup.run();
			cleanup.run();
			DatabaseOutage.assertRecoveredOnce(output, "Admin session cleanup");
			assertThat(cleanups).hasValue(2);
		}
	}

}
