package dev.keyway.oauth;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database itself (answered 503, the caller may retry) from a fault (500);
 * the one rule for {@code /oauth/token/*} and {@code /rest/**} alike (issue 13.3).
 */
public final class DatabaseUnavailability {

	private DatabaseUnavailability() {
	}

	/**
	 * True when the failure, or one of its causes, says the database cannot be reached now. A raw
	 * {@link SQLException} of SQLState class 08 (connection exception, SQL standard) counts too: code
	 * on a connection of its own (the nonce writers, the cache listener) sees the driver's exception
	 * untranslated when the server goes away mid-statement. So do PostgreSQL's 57P01–57P03 (the server shuts
	 * down, crashed or is starting up): a stopped or restarted server ends its connections with 57P01.
	 */
	public static boolean is(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof NonceStoreUnavailableException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException || connectionException(cause)) {
				return true;
			}
			// the rollback of a transaction whose statement failed for the outage fails too ("Connection is closed",
			// no SQLState), and its exception takes the place of the statement's: the statement's is kept beside it
			// (an admin page during an outage was a 500, not a 503)
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& rollback.getApplicationException() != failure && is(rollback.getApplicationException())) {
				return true;
			}
		}
		return false;
	}

	private static boolean connectionException(Throwable cause) {
		if (!(cause instanceof SQLException sql) || sql.getSQLState() == null) {
			return false;
		}
		String state = sql.getSQLState();
		return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
	}

}
