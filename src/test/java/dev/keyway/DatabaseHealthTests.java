package dev.keyway;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database's health check (readiness, {@code /actuator/health}) while the database is away: an
 * operator's trial with PostgreSQL stopped saw Spring's check log a WARN line with a 120-line stack
 * trace at every probe of every load balancer; it now says the outage once and its end once.
 */
@DatabaseIndependent
class DatabaseHealthTests {

	@Test
	void healthWhenDatabaseAwayThenDownEveryTimeAndOneWarnLineWithoutTraceThenUpAndOneInfoLine() {
		DatabaseOutage outage = new DatabaseOutage();
		DatabaseHealth health = new DatabaseHealth(outage.dataSource());
		try (DatabaseOutage.Log log = DatabaseOutage.log(DatabaseHealth.class)) {
			for (int i = 0; i < 5; i++) {
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			}
			DatabaseOutage.assertReportedOnce(log, DatabaseHealth.TASK);
			assertThat(log.getAll()).doesNotContain("\tat ").doesNotContain("health check failed");

			outage.end();
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			DatabaseOutage.assertRecoveredOnce(log, DatabaseHealth.TASK);
		}
	}

}
