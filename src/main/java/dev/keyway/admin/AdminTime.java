package dev.keyway.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * How the admin shows a point in time: {@code 2026-12-05 19:24:00}, in UTC, the zone every table
 * heading names. Templates call it as {@code @adminTime.text(…)} (inside a {@code <time>} element
 * whose {@code datetime} keeps the exact instant), controllers through {@link #FORMAT}.
 */
@AdminUi
@Component("adminTime")
public final class AdminTime {

	static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/** The instant to the second in UTC, or the empty string for none. */
	public String text(Instant instant) {
		return (instant != null) ? FORMAT.format(instant) : "";
	}

	/** The exact instant for a {@code datetime} attribute (ISO-8601), or the empty string for none. */
	public String iso(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

}
