package dev.keyway.oauth;

import java.security.SecureRandom;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * An operator trial started a node on a shared PostgreSQL without the deployment's master key: it made a key of
 * its own, reported ready and answered 500 to every existing integration. A node whose key ring lacks a key the
 * stored secrets were written under now refuses to start, naming the key ids (never key material). On H2 and on
 * PostgreSQL (the suite runs on both), against the schema as migrated.
 */
@KeywayIntegrationTest
class KeyRingCoverageTests {

	@Autowired
	ConsumerService consumers;

	@Autowired
	MasterKeyRing ring;

	@Autowired
	JdbcClient jdbc;

	@Test
	void checkWhenRingHoldsEveryKeyOfTheStoredSecretsThenPasses() {
		this.consumers.issueDirectly(this.consumers.register().id());

		assertThatNoException().isThrownBy(() -> new KeyRingCoverage(this.jdbc, this.ring).check());
	}

	@Test
	void checkWhenANodeHasAnotherKeyThenRefusesNamingBothKeyIdsAndNoKeyMaterial() {
		this.consumers.issueDirectly(this.consumers.register().id());
		byte[] material = new byte[32];
		new SecureRandom().nextBytes(material);
		MasterKeyRing other = MasterKeyRing.of(List.of(material));
		String stored = this.ring.active().id();

		assertThatIllegalStateException().isThrownBy(() -> new KeyRingCoverage(this.jdbc, other).check())
			.withMessageStartingWith("keyway.crypto.master-keys: the database holds secrets encrypted under master key "
					+ stored + ", which this node's key ring (" + other.active().id() + ") does not have")
			.withMessageNotContaining(java.util.Base64.getEncoder().encodeToString(material));
	}

	@Test
	void checkWhenTheOldKeyIsKeptBesideTheNewOneThenPasses() {
		// a rotation's first step: the new key added, the old one kept to read what it wrote
		this.consumers.issueDirectly(this.consumers.register().id());
		byte[] material = new byte[32];
		new SecureRandom().nextBytes(material);
		MasterKeyRing rotated = MasterKeyRing.of(List.of(material, this.ring.active().aes().getEncoded()));

		assertThatNoException().isThrownBy(() -> new KeyRingCoverage(this.jdbc, rotated).check());
	}

}
