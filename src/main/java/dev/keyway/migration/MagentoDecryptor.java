package dev.keyway.migration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.engines.RijndaelEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Decrypts values as Magento's {@code Magento\Framework\Encryption\Encryptor::decrypt} does, every
 * format Magento 2.3/2.4 writes:
 * <ul>
 * <li>{@code <key>:3:<base64(12-byte nonce || ciphertext || 16-byte tag)>}: libsodium's
 * {@code crypto_aead_chacha20poly1305_ietf} with the nonce also as additional data (Magento's
 * {@code SodiumChachaIetf}); the JDK's ChaCha20-Poly1305 is the same IETF construction;</li>
 * <li>{@code <key>:2:<iv>:<base64>}: MCrypt Rijndael-256 (256-bit block) in CBC mode, the IV the
 * 32 characters between the colons, zero padding (Magento trims the result);</li>
 * <li>{@code <key>:1:<base64>}: Rijndael-128 in ECB mode; {@code <key>:0:<base64>} or a value without
 * colons: Blowfish in ECB mode (both zero-padded, Magento 1 era values kept by 2.x).</li>
 * </ul>
 * The MCrypt formats have no integrity check: a result that is not printable text counts as a wrong
 * key. A value that fails to decrypt stops the import: Magento would return an empty string, which would
 * silently become a broken credential here.
 */
final class MagentoDecryptor {

	static final int CIPHER_BLOWFISH = 0;

	static final int CIPHER_RIJNDAEL_128 = 1;

	static final int CIPHER_RIJNDAEL_256 = 2;

	static final int CIPHER_CHACHA20_POLY1305 = 3;

	private static final int NONCE_BYTES = 12;

	private final MagentoKeys keys;

	MagentoDecryptor(MagentoKeys keys) {
		this.keys = keys;
	}

	/** True when the value has Magento's encrypted shape ({@code <digits>:<digit>:...}); clear values have no colon. */
	static boolean looksEncrypted(String value) {
		return value != null && value.matches("\\d+:\\d:.+");
	}

	/**
	 * @param what names the value in an error (table, column and row), never its content
	 */
	String decrypt(String value, String what) {
		String[] parts = value.split(":", 4);
		try {
			return switch (parts.length) {
				case 4 -> rijndael256(this.keys.version(Integer.parseInt(parts[0])), parts[2], parts[3]);
				case 3 -> byCipher(this.keys.version(Integer.parseInt(parts[0])), Integer.parseInt(parts[1]), parts[2]);
				case 2 -> byCipher(this.keys.version(0), Integer.parseInt(parts[0]), parts[1]);
				default -> ecb(new BlowfishEngine(), this.keys.version(0), parts[0]);
			};
		}
		catch (MagentoImportException ex) {
			throw new MagentoImportException(what + ": " + ex.getMessage(), ex);
		}
		catch (GeneralSecurityException | InvalidCipherTextException | IllegalArgumentException ex) {
			throw new MagentoImportException(what + " does not decrypt with the keys of env.php (" + describe(value)
					+ "): wrong env.php, or a key missing from its 'crypt' entry", ex);
		}
	}

	private String byCipher(byte[] key, int cipher, String data)
			throws GeneralSecurityException, InvalidCipherTextException {
		return switch (cipher) {
			case CIPHER_CHACHA20_POLY1305 -> chacha(key, data);
			case CIPHER_RIJNDAEL_256 -> rijndael256(key, "", data);
			case CIPHER_RIJNDAEL_128 -> ecb(new RijndaelEngine(128), key, data);
			case CIPHER_BLOWFISH -> ecb(new BlowfishEngine(), key, data);
			default -> throw new MagentoImportException("Magento cipher version " + cipher
					+ " is unknown; known: 0 Blowfish, 1 Rijndael-128, 2 Rijndael-256, 3 ChaCha20-Poly1305");
		};
	}

	private static String chacha(byte[] key, String data) throws GeneralSecurityException {
		if (key.length != 32) {
			throw new MagentoImportException("A ChaCha20-Poly1305 value needs a 32-byte key; the env.php key has "
					+ key.length + " bytes");
		}
		byte[] sealed = Base64.getDecoder().decode(data);
		if (sealed.length < NONCE_BYTES + 16) {
			throw new IllegalArgumentException("too short for a nonce and a tag");
		}
		byte[] nonce = Arrays.copyOf(sealed, NONCE_BYTES);
		Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
		cipher.updateAAD(nonce);
		return phpTrim(new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES),
				StandardCharsets.UTF_8));
	}

	private static String rijndael256(byte[] key, String iv, String data) throws InvalidCipherTextException {
		byte[] ivBytes = Arrays.copyOf(iv.getBytes(StandardCharsets.ISO_8859_1), 32);
		BufferedBlockCipher cipher = new BufferedBlockCipher(CBCBlockCipher.newInstance(new RijndaelEngine(256)));
		cipher.init(false, new ParametersWithIV(new KeyParameter(mcryptKey(key, 32)), ivBytes));
		return run(cipher, Base64.getDecoder().decode(data));
	}

	private static String ecb(BlockCipher engine, byte[] key, String data) throws InvalidCipherTextException {
		BufferedBlockCipher cipher = new BufferedBlockCipher(engine);
		int keyBytes = (engine instanceof BlowfishEngine) ? Math.min(key.length, 56) : 32;
		cipher.init(false, new KeyParameter(mcryptKey(key, keyBytes)));
		return run(cipher, Base64.getDecoder().decode(data));
	}

	/** MCrypt pads a short key with zero bytes up to the cipher's key size and cuts a long one. */
	private static byte[] mcryptKey(byte[] key, int size) {
		if (key.length >= 32 || size <= key.length) {
			return Arrays.copyOf(key, Math.min(key.length, size));
		}
		return Arrays.copyOf(key, (key.length <= 16) ? 16 : (key.length <= 24) ? 24 : 32);
	}

	private static String run(BufferedBlockCipher cipher, byte[] input) throws InvalidCipherTextException {
		if (input.length % cipher.getBlockSize() != 0) {
			throw new IllegalArgumentException("ciphertext length " + input.length + " is not a multiple of the block");
		}
		byte[] out = new byte[cipher.getOutputSize(input.length)];
		int length = cipher.processBytes(input, 0, input.length, out, 0);
		length += cipher.doFinal(out, length);
		String text = phpTrim(new String(out, 0, length, StandardCharsets.UTF_8));
		// the MCrypt ciphers carry no integrity check: a wrong key yields bytes, not a secret. Magento's
		// secrets and tokens are printable text, so anything else is taken for a wrong key
		if (text.chars().anyMatch((c) -> c == '\uFFFD' || Character.isISOControl(c))) {
			throw new IllegalArgumentException("the result is not text");
		}
		return text;
	}

	/** Magento returns {@code trim($decrypted)}: PHP's trim drops " \t\n\r\0\x0B" at both ends (the zero padding). */
	static String phpTrim(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && " \t\n\r\0\u000B".indexOf(text.charAt(start)) >= 0) {
			start++;
		}
		while (end > start && " \t\n\r\0\u000B".indexOf(text.charAt(end - 1)) >= 0) {
			end--;
		}
		return text.substring(start, end);
	}

	private static String describe(String value) {
		String[] parts = value.split(":", 3);
		return (parts.length == 3) ? "format " + parts[0] + ":" + parts[1] + ":…" : "legacy format";
	}

}
