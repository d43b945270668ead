package dev.keyway.migration;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts as Magento 2.4's {@code Encryptor::encrypt} does, for the export: the current (last) key
 * of env.php, {@code <version>:3:base64(nonce || ciphertext || tag)}, ChaCha20-Poly1305 IETF with
 * the 12-byte random nonce also as additional data.
 */
final class MagentoEncryptor {

	private final MagentoKeys keys;

	private final SecureRandom random = new SecureRandom();

	MagentoEncryptor(MagentoKeys keys) {
		this.keys = keys;
	}

	String encrypt(String plaintext) {
		int version = this.keys.keys().size() - 1;
		byte[] key = this.keys.version(version);
		if (key.length != 32) {
			throw new MagentoImportException("The current env.php key has " + key.length
					+ " bytes; Magento's ChaCha20-Poly1305 needs 32");
		}
		byte[] nonce = new byte[12];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
			cipher.updateAAD(nonce);
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return version + ":" + MagentoDecryptor.CIPHER_CHACHA20_POLY1305 + ":"
					+ Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("ChaCha20-Poly1305 is not available", ex);
		}
	}

}
