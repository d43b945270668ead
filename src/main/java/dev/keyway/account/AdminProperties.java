package dev.keyway.account;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first admin, created at start-up when there is none (environment variables
 * {@code KEYWAY_ADMIN_USERNAME} and {@code KEYWAY_ADMIN_PASSWORD}).
 *
 * @param username user name of the first admin ({@code admin} when not set)
 * @param password password of the first admin; when empty, one is generated and printed once
 */
@ConfigurationProperties("keyway.admin")
public record AdminProperties(String username, String password) {

	public AdminProperties {
		username = (username == null || username.isBlank()) ? "admin" : username.strip();
		password = (password == null) ? "" : password;
	}

}
