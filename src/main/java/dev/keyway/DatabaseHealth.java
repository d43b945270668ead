package dev.keyway;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.keyway.oauth.BackgroundTaskLog;
import dev.keyway.oauth.DatabaseUnavailability;

/**
 * The database's health check ({@code db}: in {@code /actuator/health} and the readiness group), Spring's
 * own check except for its log: Spring's logged a WARN line with the whole stack trace at every probe
 * while the database was away (an operator's trial with PostgreSQL stopped: 120 lines per probe, per load
 * balancer, per node). An outage is now one WARN line naming the cause, and its end one INFO line, as
 * for the background tasks ({@link BackgroundTaskLog}); the check still answers DOWN at every probe. Any
 * other failure is Spring's: DOWN, logged with its trace.
 */
final class DatabaseHealth extends DataSourceHealthIndicator {

	static final String TASK = "Database health check";

	private final BackgroundTaskLog log = new BackgroundTaskLog(DatabaseHealth.class, TASK,
			"readiness answers DOWN until it answers");

	DatabaseHealth(DataSource dataSource) {
		super(dataSource);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		try {
			super.doHealthCheck(builder);
		}
		catch (RuntimeException ex) {
			if (!DatabaseUnavailability.is(ex)) {
				throw ex;
			}
			this.log.unavailable(ex);
			// no exception detail: the health answers show no details, and the log has said it
			builder.down();
			return;
		}
		this.log.succeeded();
	}

	/** Named as Spring's, which therefore stands aside; readiness includes {@code db} (application.yml). */
	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		DataSourceHealthIndicator dbHealthIndicator(DataSource dataSource) {
			return new DatabaseHealth(dataSource);
		}

	}

}
