package dev.keyway.oauth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts secrets at rest with AES-256-GCM under the ring's active key. A stored value is
 * {@code <key id>:<base64(12-byte IV || ciphertext || 16-byte tag)>}; the key id lets values written
 * under a retired key still be read, and found by a re-encryption.
 */
final class SecretCipher {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final MasterKeyRing ring;

	private final SecureRandom random = new SecureRandom();

	SecretCipher(MasterKeyRing ring) {
		this.ring = ring;
	}

	String encrypt(String plaintext) {
		MasterKeyRing.Key key = this.ring.active();
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, iv));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
			return key.id() + ":" + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM encryption failed", ex);
		}
	}

	String decrypt(String stored) {
		int colon = stored.indexOf(':');
		if (colon < 0) {
			throw new IllegalStateException("A stored secret has no key id; the database holds a value Keyway did not write");
		}
		String keyId = stored.substring(0, colon);
		MasterKeyRing.Key key = this.ring.byId(keyId)
			.orElseThrow(() -> new IllegalStateException("A stored secret was encrypted under master key " + keyId
					+ ", which is not in the key ring; add that key back (keyway.crypto.master-keys or the key file)"));
		byte[] data = Base64.getDecoder().decode(stored.substring(colon + 1));
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
			byte[] plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A stored secret failed its AES-GCM integrity check under key " + keyId, ex);
		}
	}

	/** True when the value was written under a key other than the active one. */
	boolean needsReencryption(String stored) {
		return !stored.startsWith(this.ring.active().id() + ":");
	}

}
