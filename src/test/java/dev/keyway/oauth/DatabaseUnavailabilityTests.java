package dev.keyway.oauth;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as the database being away (issue 13.3), for answers and background tasks alike. */
@DatabaseIndependent
class DatabaseUnavailabilityTests {

	@Test
	void isWhenDriverConnectionExceptionThenTrueAndOtherSqlStateFalse() {
		assertThat(DatabaseUnavailability.is(new RuntimeException(new SQLException("refused (test)", "08001")))).isTrue();
		assertThat(DatabaseUnavailability.is(new SQLException("duplicate key (test)", "23505"))).isFalse();
		assertThat(DatabaseUnavailability.is(new SQLException("no state (test)"))).isFalse();
	}

	@Test
	void isWhenServerShutsDownOrStartsUpThenTrueAndCancelledStatementFalse() {
		// PostgreSQL stopped or restarted (pg_ctl stop -m fast, a fail-over) ends every connection with 57P01, which
		// the nonce writer logged as an ERROR with its trace instead of the one WARN line of an outage
		assertThat(DatabaseUnavailability.is(new SQLException("FATAL: terminating connection due to administrator command",
				"57P01"))).isTrue();
		assertThat(DatabaseUnavailability.is(new SQLException("terminating connection because of crash of another "
				+ "server process", "57P02"))).isTrue();
		assertThat(DatabaseUnavailability.is(new SQLException("the database system is starting up", "57P03"))).isTrue();
		assertThat(DatabaseUnavailability.is(new SQLException("canceling statement due to statement timeout", "57014")))
			.isFalse();
	}

	@Test
	void isWhenRollbackFailedAfterTheStatementFailedForTheOutageThenTrue() {
		// the statement's failure, then the rollback's ("Connection is closed", no SQLState) in its place: seen under
		// a running node with PostgreSQL stopped, an admin page answered 500 instead of 503
		org.springframework.transaction.TransactionSystemException rollback =
				new org.springframework.transaction.TransactionSystemException("JDBC rollback failed",
						new SQLException("Connection is closed"));
		rollback.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException(
				"INSERT INTO SPRING_SESSION: An I/O error occurred while sending to the backend"));
		assertThat(DatabaseUnavailability.is(new IllegalStateException("Request processing failed", rollback))).isTrue();

		org.springframework.transaction.TransactionSystemException faultOnly =
				new org.springframework.transaction.TransactionSystemException("JDBC rollback failed",
						new SQLException("Connection is closed"));
		faultOnly.initApplicationException(new IllegalArgumentException("a defect"));
		assertThat(DatabaseUnavailability.is(faultOnly)).isFalse();
		assertThat(DatabaseUnavailability.is(new org.springframework.transaction.CannotCreateTransactionException(
				"Could not open JDBC Connection for transaction"))).isTrue();
	}

}
