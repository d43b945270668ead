package dev.keyway.webapi;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Start-up configuration of the Web API.
 *
 * @param maxBodySize larger request bodies are refused with 413
 * @param developerMode adds exception traces to 500 responses (never in production)
 */
@ConfigurationProperties("keyway.webapi")
public record WebApiProperties(DataSize maxBodySize, boolean developerMode) {

	public WebApiProperties {
		if (maxBodySize == null) {
			maxBodySize = DataSize.ofMegabytes(1);
		}
		if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("keyway.webapi.max-body-size must be from 1B to 2GB; got " + maxBodySize);
		}
	}

}
