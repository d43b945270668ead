package dev.keyway.webapi;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * Start-up configuration of the Web API.
 *
 * @param maxBodySize larger request bodies are refused with 413
 * @param developerMode adds exception traces to 500 responses (never in production)
 * @param refusalDelay how long a call whose credentials do not verify waits for its 401, and a call
 * over its rate limit for its 429, without holding a thread ({@link RefusalDelay}); zero answers at once
 */
@ConfigurationProperties("keyway.webapi")
public record WebApiProperties(DataSize maxBodySize, boolean developerMode, Duration refusalDelay) {

	@ConstructorBinding
	public WebApiProperties {
		if (maxBodySize == null) {
			maxBodySize = DataSize.ofMegabytes(1);
		}
		if (refusalDelay == null) {
			refusalDelay = Duration.ofMillis(100);
		}
		if (refusalDelay.isNegative() || refusalDelay.compareTo(Duration.ofSeconds(10)) > 0) {
			throw new IllegalArgumentException("keyway.webapi.refusal-delay must be from 0 to 10s; got " + refusalDelay);
		}
		if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("keyway.webapi.max-body-size must be from 1B to 2GB; got " + maxBodySize);
		}
	}

	public WebApiProperties(DataSize maxBodySize, boolean developerMode) {
		this(maxBodySize, developerMode, null);
	}

}
