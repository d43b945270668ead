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

}
