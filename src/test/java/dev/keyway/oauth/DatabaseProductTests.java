package dev.keyway.oauth;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@DatabaseIndependent
class DatabaseProductTests {

	@Test
	void isPostgresWhenThePoolRefusesTheUrlThenItsPasswordsAreNotRepeated() {
		// the pool's message holds the whole URL, and the start-up report now shows it as its first sentence
		DataSource refusing = pool("Driver org.h2.Driver claims to not accept jdbcUrl, "
				+ "jdbc:postgres://keyway:s3cret@db/keyway?password=s3cret&ssl=true");

		assertThatIllegalStateException().isThrownBy(() -> DatabaseProduct.isPostgres(refusing))
			.withMessage(DatabaseProduct.UNREACHABLE + "Driver org.h2.Driver claims to not accept jdbcUrl, "
					+ "jdbc:postgres://keyway:***@db/keyway?password=***&ssl=true");
	}

	@Test
	void isPostgresWhenThePoolsMessageIsLongThenCut() {
		DataSource refusing = pool("Driver claims to not accept jdbcUrl, jdbc:h2:file:/" + "x".repeat(10_000));

		assertThatIllegalStateException().isThrownBy(() -> DatabaseProduct.isPostgres(refusing))
			.withMessageEndingWith("… (10051 characters)");
	}

	/** A pool whose first connection fails as Hikari's does for a URL no driver takes. */
	private static DataSource pool(String message) {
		return new DataSource() {
			@Override
			public Connection getConnection() {
				throw new RuntimeException(message);
			}

			@Override
			public Connection getConnection(String username, String password) {
				throw new RuntimeException(message);
			}

			@Override
			public PrintWriter getLogWriter() {
				return null;
			}

			@Override
			public void setLogWriter(PrintWriter out) {
			}

			@Override
			public void setLoginTimeout(int seconds) {
			}

			@Override
			public int getLoginTimeout() {
				return 0;
			}

			@Override
			public Logger getParentLogger() {
				return null;
			}

			@Override
			public <T> T unwrap(Class<T> type) {
				return null;
			}

			@Override
			public boolean isWrapperFor(Class<?> type) {
				return false;
			}
		};
	}

}
