package dev.keyway.integration;

import java.net.URI;
import java.nio.file.Path;

import dev.keyway.oauth.EchoedValue;
import dev.keyway.outbound.OutboundPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up configuration the lifecycle needs.
 *
 * @param publicBaseUrl the URL third parties reach this server at; posted as {@code store_base_url}
 * (always with a trailing slash) and the base of the identity link's {@code success_call_back}
 * @param integrationsFile the operator's file of declared integrations (SPEC 2.7), or null
 */
@ConfigurationProperties("keyway")
public record IntegrationProperties(URI publicBaseUrl, Path integrationsFile) {

	public IntegrationProperties {
		if (publicBaseUrl == null) {
			publicBaseUrl = URI.create("http://localhost:8080/");
		}
		String scheme = publicBaseUrl.getScheme();
		if (!publicBaseUrl.isAbsolute() || publicBaseUrl.getHost() == null
				|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
			throw new IllegalArgumentException("keyway.public-base-url must be an absolute http(s) URL such as "
					+ "https://shop.example.com/; got "
					+ EchoedValue.shown(OutboundPolicy.withoutUserInfo(publicBaseUrl.toString())));
		}
		if (!publicBaseUrl.toString().endsWith("/")) {
			publicBaseUrl = URI.create(publicBaseUrl + "/");
		}
	}

	/** The base URL as text, with its trailing slash. */
	public String baseUrl() {
		return this.publicBaseUrl.toString();
	}

}
