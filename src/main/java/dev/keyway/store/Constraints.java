package dev.keyway.store;

import java.util.Locale;

import org.springframework.dao.DataIntegrityViolationException;

/** Which database constraint a refused write broke, by its name (H2 and PostgreSQL both name it). */
final class Constraints {

	private Constraints() {
	}

	static boolean broke(DataIntegrityViolationException ex, String constraint) {
		String text = String.valueOf(ex.getMostSpecificCause().getMessage()).toLowerCase(Locale.ROOT);
		return text.contains(constraint.toLowerCase(Locale.ROOT));
	}

}
