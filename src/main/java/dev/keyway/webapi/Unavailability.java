package dev.keyway.webapi;

import java.sql.SQLTransientConnectionException;

import dev.keyway.oauth.NonceStoreUnavailableException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/** Tells a failure of the database itself (answered 503, the caller may retry) from a fault (500). */
final class Unavailability {

	private Unavailability() {
	}

	static boolean is(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof NonceStoreUnavailableException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
		}
		return false;
	}

}
