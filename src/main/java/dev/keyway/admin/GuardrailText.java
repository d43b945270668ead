package dev.keyway.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationStatus;

import org.springframework.stereotype.Component;

/**
 * The admin's words and inputs for the guardrails (issue 17.3–17.4): the grid's expiry hint, the
 * previous token's remaining time, and the date-time inputs (UTC, as every time the admin shows).
 */
@AdminUi
@Component
class GuardrailText {

	/** The previous token's end and how long that is from now, as the Edit page shows them. */
	record PreviousToken(String until, String remaining) {
	}

	private final AdminText text;

	private final Clock clock;

	GuardrailText(AdminText text, Clock clock) {
		this.text = text;
		this.clock = clock;
	}

	/** "expires in N days" / "expired" for the Active rows with an expiry, by integration id. */
	Map<Long, String> gridHints(List<Integration> rows) {
		Instant now = this.clock.instant();
		Map<Long, String> hints = new LinkedHashMap<>();
		for (Integration row : rows) {
			if (row.accessExpiresAt() == null || row.status() != IntegrationStatus.ACTIVE) {
				continue;
			}
			hints.put(row.id(), now.isBefore(row.accessExpiresAt())
					? this.text.get("grid.expiresIn", Duration.between(now, row.accessExpiresAt()).toDays())
					: this.text.get("grid.expired"));
		}
		return hints;
	}

	PreviousToken previousToken(Instant until) {
		return new PreviousToken(input(until).replace('T', ' '), remaining(Duration.between(this.clock.instant(), until)));
	}

	/** Days, else hours, else minutes (at least one): a countdown needs no finer. */
	String remaining(Duration left) {
		if (left.toDays() >= 1) {
			return this.text.get("rotation.remaining.days", left.toDays());
		}
		if (left.toHours() >= 1) {
			return this.text.get("rotation.remaining.hours", left.toHours());
		}
		return this.text.get("rotation.remaining.minutes", Math.max(1, left.toMinutes()));
	}

	/** The value of a {@code datetime-local} input for an instant (UTC), empty for none. */
	static String input(Instant instant) {
		return (instant != null) ? LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC).toString()
				: "";
	}

	/**
	 * An instant from a {@code datetime-local} input read as UTC, null when blank.
	 * @throws DateTimeParseException when it is not a date and time
	 */
	static Instant parseInput(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
	}

	/** A typed value shown back in an error, at most 40 characters (an error never echoes a page of text). */
	static String bounded(String value) {
		String stripped = (value != null) ? value.strip() : "";
		return (stripped.length() <= 40) ? stripped : stripped.substring(0, 40) + "…";
	}

}
