package dev.keyway.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.oauth.TokenGenerator;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin when there is none: from {@code KEYWAY_ADMIN_USERNAME} /
 * {@code KEYWAY_ADMIN_PASSWORD}, or user {@code admin} with a generated password printed once to the
 * log (the only secret Keyway ever logs, and only that once). Once every bean exists, before any port
 * opens: a start refused while the beans are made (a gateway file, a setting) creates no admin, so the
 * one-time password is not printed only in the log of a start that did not come up; and a script that
 * signs in as soon as a port answers finds the admin there (at the application's started event it was
 * not yet: a benchmark's sign-in got 401). A port in use still fails after it, with the password above
 * the failure in the same log.
 */
@Component
class FirstAdmin implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

	private final AdminAccounts accounts;

	private final AdminProperties properties;

	private final TokenGenerator generator;

	/** Where the first admin signs in: here, or on a node with the admin when this is an API node. */
	private final String signIn;

	FirstAdmin(AdminAccounts accounts, AdminProperties properties, TokenGenerator generator,
			@Value("${keyway.admin.enabled:true}") boolean adminNode) {
		this.accounts = accounts;
		this.properties = properties;
		this.generator = generator;
		this.signIn = adminNode ? "Sign in at /admin"
				: "Sign in on a node with the admin (this is an API node: keyway.admin.enabled=false)";
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!this.accounts.hasNoAdmin()) {
			return;
		}
		boolean generated = this.properties.password().isEmpty();
		String password = generated ? this.generator.next().substring(0, 20) : this.properties.password();
		try {
			this.accounts.create(this.properties.username(), password);
		}
		catch (DuplicateKeyException ex) {
			return; // another node created the first admin at the same moment
		}
		catch (IllegalArgumentException ex) {
			// starts with the settings' names: the start-up report shows it as a refused setting, not a trace
			throw new IllegalStateException("keyway.admin.username / keyway.admin.password (KEYWAY_ADMIN_USERNAME / "
					+ "KEYWAY_ADMIN_PASSWORD): the first admin cannot be created: " + ex.getMessage(), ex);
		}
		if (generated) {
			log.warn("""

					Created the first admin user '{}' with the generated password: {}
					It is shown this once. {} and keep it safe, or set KEYWAY_ADMIN_PASSWORD on first start.
					""", this.properties.username(), password, this.signIn);
		}
		else {
			log.info("Created the first admin user '{}' from the configured credentials", this.properties.username());
		}
	}

}
