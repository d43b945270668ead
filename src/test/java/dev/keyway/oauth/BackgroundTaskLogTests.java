package dev.keyway.oauth;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one way background tasks report failures: a database outage once at WARN without a trace and
 * its end once at INFO; a fault at ERROR with its trace, every time.
 */
@DatabaseIndependent
@ExtendWith(OutputCaptureExtension.class)
class BackgroundTaskLogTests {

	@Test
	void runWhenDatabaseUnavailableThenOneWarnWithoutTraceAndOneInfoWhenItAnswers(CapturedOutput output) {
		BackgroundTaskLog task = new BackgroundTaskLog(BackgroundTaskLogTests.class, "Test task one");
		DatabaseOutage outage = new DatabaseOutage();
		for (int i = 0; i < 5; i++) {
			task.run(outage::check);
		}
		assertThat(task.databaseDown()).isTrue();
		DatabaseOutage.assertReportedOnce(output, "Test task one");
		assertThat(output.getAll()).contains("Failed to obtain JDBC Connection; cause: java.sql.SQLTransientConnectionException");

		outage.end();
		task.run(outage::check);
		task.run(outage::check);
		assertThat(task.databaseDown()).isFalse();
		DatabaseOutage.assertRecoveredOnce(output, "Test task one");
	}

	@Test
	void runWhenFaultThenErrorWithTraceEveryTimeAndNoRecoveryLine(CapturedOutput output) {
		BackgroundTaskLog task = new BackgroundTaskLog(BackgroundTaskLogTests.class, "Test task two");
		task.run(() -> {
			throw new IllegalStateException("a fault (test)");
		});
		task.run(() -> {
			throw new IllegalStateException("a fault (test)");
		});
		task.run(() -> {
		});
		String log = output.getAll();
		assertThat(log.split("ERROR", -1)).hasSize(3);
		assertThat(log).contains("Test task two failed").contains("java.lang.IllegalStateException: a fault (test)")
			.contains("\tat ")
			.doesNotContain("Test task two: the database");
	}

	@Test
	void unavailableWhenRepeatedThenOneWarnNamingWhatTheOutageMeans(CapturedOutput output) {
		BackgroundTaskLog task = new BackgroundTaskLog(BackgroundTaskLogTests.class, "Test task three",
				"nothing is lost meanwhile");
		task.unavailable(new SQLException("I/O error (test)", "08006"));
		task.unavailable(new SQLException("I/O error (test)", "08006"));
		assertThat(output.getAll()).containsOnlyOnce("Test task three: the database is unavailable")
			.contains("nothing is lost meanwhile");
	}

}
