package dev.keyway.account;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

import static org.assertj.core.api.Assertions.assertThat;

/** The expired admin token cleanup while the database is away. */
@DatabaseIndependent
class AdminTokenCleanupTests {

	@Test
	void runWhenDatabaseUnavailableThenOneWarnWithoutTraceAndInfoWhenItAnswers() {
		try (DatabaseOutage.Log output = DatabaseOutage.log(AdminTokenCleanup.class)) {
			DatabaseOutage outage = new DatabaseOutage();
			AtomicInteger deletes = new AtomicInteger();
			AdminAccounts accounts = new AdminAccounts(null, null, null, null, null, null, null, null) {

				@Override
				int deleteExpiredTokens() {
					outage.check();
					deletes.incrementAndGet();
					return 2;
				}

			};
			AdminTokenCleanup cleanup = new AdminTokenCleanup(accounts);
			for (int i = 0; i < 3; i++) {
				cleanup.run();
			}
			DatabaseOutage.assertReportedOnce(output, "Admin token cleanup");

			outage.end();
			cleanup.run();
			cleanup.run();
			DatabaseOutage.assertRecoveredOnce(output, "Admin token cleanup");
			assertThat(deletes).hasValue(2);
		}
	}

}
