package dev.keyway.admin;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;

/** One cleanup of expired admin sessions runs: Keyway's, which says an outage once; Spring Session's is off. */
@KeywayIntegrationTest
class SessionCleanupWiringTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	Environment environment;

	@Test
	void contextWhenStartedThenKeywaysSessionCleanupScheduledAndSpringSessionsOff() throws Exception {
		assertThat(this.context.getBeansOfType(SessionCleanup.class)).hasSize(1);
		assertThat(this.environment.getProperty("spring.session.jdbc.cleanup-cron")).isEqualTo(Scheduled.CRON_DISABLED);
		assertThat(SessionCleanup.class.getDeclaredMethod("run").getAnnotation(Scheduled.class).cron())
			.isEqualTo("${keyway.admin.session-cleanup-cron:0 * * * * *}");
	}

}
