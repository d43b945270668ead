package dev.keyway.oauth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@DatabaseIndependent
class SecretCipherTests {

	private final byte[] oldKey = newKeyBytes();

	private final byte[] newKey = newKeyBytes();

	private final MasterKeyRing oldRing = MasterKeyRing.of(List.of(this.oldKey));

	private final SecretCipher cipher = new SecretCipher(this.oldRing);

	@Test
	void decryptWhenEncryptedThenRoundTrip() {
		String secret = "k3y-s3cr3t-\u00e9\u20ac-" + "x".repeat(100);
		String stored = this.cipher.encrypt(secret);
		assertThat(this.cipher.decrypt(stored)).isEqualTo(secret);
	}

	@Test
	void encryptWhenCalledThenKeyIdPrefixAndNoPlaintext() {
		String secret = "abcdefghijklmnopqrstuvwxyz012345";
		String stored = this.cipher.encrypt(secret);
		assertThat(stored).startsWith(this.oldRing.active().id() + ":").doesNotContain(secret);
		byte[] payload = Base64.getDecoder().decode(stored.substring(stored.indexOf(':') + 1));
		// 12-byte IV, ciphertext as long as the plaintext, 16-byte tag
		assertThat(payload).hasSize(12 + secret.length() + 16);
	}

	@Test
	void encryptWhenSameValueTwiceThenDifferentCiphertexts() {
		String first = this.cipher.encrypt("same value");
		String second = this.cipher.encrypt("same value");
		assertThat(first).isNotEqualTo(second);
		assertThat(ivOf(first)).isNotEqualTo(ivOf(second));
		assertThat(this.cipher.decrypt(first)).isEqualTo(this.cipher.decrypt(second)).isEqualTo("same value");
	}

	@Test
	void decryptWhenCiphertextTamperedThenIntegrityError() {
		String stored = this.cipher.encrypt("do not touch");
		int colon = stored.indexOf(':');
		byte[] payload = Base64.getDecoder().decode(stored.substring(colon + 1));
		payload[14] ^= 0x01;
		String tampered = stored.substring(0, colon + 1) + Base64.getEncoder().encodeToString(payload);
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(tampered))
			.withMessage("A stored secret failed its AES-GCM integrity check under key " + this.oldRing.active().id());
	}

	@Test
	void decryptWhenTagTamperedThenIntegrityError() {
		String stored = this.cipher.encrypt("do not touch");
		int colon = stored.indexOf(':');
		byte[] payload = Base64.getDecoder().decode(stored.substring(colon + 1));
		payload[payload.length - 1] ^= 0x01;
		String tampered = stored.substring(0, colon + 1) + Base64.getEncoder().encodeToString(payload);
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt(tampered))
			.withMessageStartingWith("A stored secret failed its AES-GCM integrity check");
	}

	@Test
	void decryptWhenValueUnderRetiredKeyThenStillDecrypts() {
		String underOld = this.cipher.encrypt("written before rotation");
		SecretCipher rotated = new SecretCipher(MasterKeyRing.of(List.of(this.newKey, this.oldKey)));
		assertThat(rotated.decrypt(underOld)).isEqualTo("written before rotation");
		String underNew = rotated.encrypt("written after rotation");
		assertThat(underNew).startsWith(MasterKeyRing.of(List.of(this.newKey)).active().id() + ":");
	}

	@Test
	void decryptWhenKeyIsNotInRingThenErrorNamesTheKey() {
		SecretCipher other = new SecretCipher(MasterKeyRing.of(List.of(this.newKey)));
		String stored = this.cipher.encrypt("secret");
		assertThatIllegalStateException().isThrownBy(() -> other.decrypt(stored))
			.withMessage("A stored secret was encrypted under master key " + this.oldRing.active().id()
					+ ", which is not in the key ring; add that key back (keyway.crypto.master-keys or the key file)");
	}

	@Test
	void decryptWhenValueHasNoKeyIdThenClearError() {
		assertThatIllegalStateException().isThrownBy(() -> this.cipher.decrypt("plaintext-without-colon"))
			.withMessage("A stored secret has no key id; the database holds a value Keyway did not write");
	}

	@Test
	void needsReencryptionWhenWrittenUnderRetiredKeyThenTrueElseFalse() {
		String underOld = this.cipher.encrypt("v");
		SecretCipher rotated = new SecretCipher(MasterKeyRing.of(List.of(this.newKey, this.oldKey)));
		String underNew = rotated.encrypt("v");
		assertThat(rotated.needsReencryption(underOld)).isTrue();
		assertThat(rotated.needsReencryption(underNew)).isFalse();
		assertThat(this.cipher.needsReencryption(underOld)).isFalse();
	}

	private static byte[] ivOf(String stored) {
		byte[] payload = Base64.getDecoder().decode(stored.substring(stored.indexOf(':') + 1));
		return java.util.Arrays.copyOf(payload, 12);
	}

	static byte[] newKeyBytes() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

}
