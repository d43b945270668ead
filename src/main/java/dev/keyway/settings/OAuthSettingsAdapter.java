package dev.keyway.settings;

import java.time.Duration;

import dev.keyway.oauth.OAuthSettings;

import org.springframework.stereotype.Component;

/** Gives the OAuth provider its runtime settings (it defines what it needs; this module supplies it). */
@Component
class OAuthSettingsAdapter implements OAuthSettings {

	private final RuntimeSettings settings;

	OAuthSettingsAdapter(RuntimeSettings settings) {
		this.settings = settings;
	}

	@Override
	public Duration timestampWindow() {
		return this.settings.seconds(Setting.TIMESTAMP_WINDOW);
	}

	@Override
	public boolean hmacSha1Allowed() {
		return this.settings.enabled(Setting.ALLOW_HMAC_SHA1);
	}

	@Override
	public Duration consumerWindow() {
		return this.settings.seconds(Setting.CONSUMER_EXPIRATION);
	}

	@Override
	public boolean bearerAccessTokens() {
		return this.settings.enabled(Setting.BEARER_ACCESS_TOKENS);
	}

	@Override
	public boolean cleanupEnabled() {
		return this.settings.number(Setting.CLEANUP_PROBABILITY) > 0;
	}

	@Override
	public Duration cleanupAge() {
		return Duration.ofMinutes(this.settings.number(Setting.CLEANUP_EXPIRATION));
	}

}
