package dev.keyway.oauth;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@DatabaseIndependent
class CryptoConfigurationTests {

	private final CryptoConfiguration configuration = new CryptoConfiguration();

	@TempDir
	Path dir;

	@Test
	void masterKeyRingWhenRotateWithKeyFileThenNewActiveKeyAndOldOneRetired() {
		Path file = this.dir.resolve("master.key");
		MasterKeyRing before = this.configuration.masterKeyRing(new CryptoProperties("", file, false, false));
		MasterKeyRing rotated = this.configuration.masterKeyRing(new CryptoProperties("", file, false, true));
		assertThat(rotated.all()).extracting(MasterKeyRing.Key::id)
			.containsExactly(rotated.active().id(), before.active().id());
	}

	@Test
	void masterKeyRingWhenRotateWithConfiguredKeysThenClearError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration
				.masterKeyRing(new CryptoProperties(MasterKeyRingTests.newKey(), this.dir.resolve("k"), false, true)))
			.withMessageStartingWith("keyway.crypto.rotate=true needs a key file, but keyway.crypto.master-keys is set");
	}

	@Test
	void beansWhenBuiltOnTheRingThenCipherAndHasherUseIt() {
		MasterKeyRing ring = this.configuration.masterKeyRing(new CryptoProperties(MasterKeyRingTests.newKey(), null,
				false, false));
		SecretCipher cipher = this.configuration.secretCipher(ring);
		assertThat(cipher.encrypt("x")).startsWith(ring.active().id() + ":");
		assertThat(this.configuration.tokenHasher(ring).hash("x")).startsWith(ring.active().id() + ":");
		assertThat(this.configuration.tokenGenerator().next()).matches("[0-9a-z]{32}");
	}

}
