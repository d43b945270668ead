package dev.keyway.oauth;

import java.util.List;
import java.util.TreeSet;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a node whose master key ring lacks a key the stored secrets were encrypted under. An
 * operator trial started a node on a shared PostgreSQL without {@code keyway.crypto.master-keys}: it made a
 * key file of its own, reported ready, answered 500 to every existing integration and wrote secrets no
 * other node could read. Checked once the schema is migrated and before the server takes calls; the key id
 * is the first 8 characters of every stored value ({@link SecretCipher}), read with one query.
 */
@Component
class KeyRingCoverage implements InitializingBean {

	// the three tables whose rows every credential has (consumer secret; token value, secret and verifier,
	// written together; a previous token's value and secret); a re-encryption moves them all at once
	private static final String KEY_IDS = """
			SELECT SUBSTRING(secret_encrypted FROM 1 FOR 8) AS key_id FROM oauth_consumers
			UNION SELECT SUBSTRING(verifier_encrypted FROM 1 FOR 8) FROM oauth_tokens
			UNION SELECT SUBSTRING(secret_encrypted FROM 1 FOR 8) FROM oauth_previous_tokens
			""";

	private final JdbcClient jdbc;

	private final MasterKeyRing ring;

	KeyRingCoverage(JdbcClient jdbc, MasterKeyRing ring) {
		this.jdbc = jdbc;
		this.ring = ring;
	}

	/**
	 * At this bean's creation: its JdbcClient waits for the migration (Spring Boot makes JDBC beans depend on the
	 * database's initialisation), and it comes before anything that runs once every bean exists, such as the
	 * declared integrations, which would write secrets under this node's key.
	 */
	@Override
	public void afterPropertiesSet() {
		check();
	}

	/**
	 * @throws IllegalStateException naming the missing key ids and this node's, never key material (a setting's
	 *     refusal: its message starts with the property)
	 */
	void check() {
		TreeSet<String> missing = new TreeSet<>();
		for (String id : this.jdbc.sql(KEY_IDS).query(String.class).list()) {
			if (id != null && this.ring.byId(id).isEmpty()) {
				missing.add(id);
			}
		}
		if (!missing.isEmpty()) {
			List<String> own = this.ring.all().stream().map(MasterKeyRing.Key::id).toList();
			throw new IllegalStateException("keyway.crypto.master-keys: the database holds secrets encrypted under "
					+ ((missing.size() == 1) ? "master key " : "master keys ") + String.join(", ", missing)
					+ ", which this node's key ring (" + String.join(", ", own) + ") does not have, so the "
					+ "credentials stored under it could not be read. Give every node the same keys, in "
					+ "keyway.crypto.master-keys or the key file (docs/DEPLOYMENT.md § 2); a node without one "
					+ "makes a key file of its own.");
		}
	}

}
