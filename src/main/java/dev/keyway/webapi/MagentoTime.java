package dev.keyway.webapi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as Magento's Web API writes them: {@code yyyy-MM-dd HH:mm:ss} in UTC. */
public final class MagentoTime {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private MagentoTime() {
	}

	/** The instant in Magento's format; null for null. */
	public static String format(Instant instant) {
		return (instant != null) ? FORMAT.format(instant) : null;
	}

}
