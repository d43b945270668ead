package dev.keyway.oauth;

import java.security.SecureRandom;

/**
 * Random credential values as Magento makes them: 32 characters from {@code [0-9a-z]} (SPEC 4.4),
 * about 165 bits, from {@link SecureRandom}.
 */
public final class TokenGenerator {

	/** Length of every key, secret, token and verifier. */
	public static final int LENGTH = 32;

	private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

	/** Largest multiple of 36 below 256: bytes at or above it are redrawn, so no character is favoured. */
	private static final int LIMIT = 256 - (256 % ALPHABET.length);

	private final SecureRandom random = new SecureRandom();

	/**
	 * Whether {@code value} could have been made here: {@value #LENGTH} characters of
	 * {@code [0-9a-z]}. Anything else is refused without a database query.
	 */
	public static boolean isWellFormed(String value) {
		if (value == null || value.length() != LENGTH) {
			return false;
		}
		for (int i = 0; i < LENGTH; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
				return false;
			}
		}
		return true;
	}

	public String next() {
		char[] out = new char[LENGTH];
		byte[] buffer = new byte[LENGTH + 8];
		int filled = 0;
		while (filled < LENGTH) {
			this.random.nextBytes(buffer);
			for (int i = 0; i < buffer.length && filled < LENGTH; i++) {
				int value = buffer[i] & 0xff;
				if (value < LIMIT) {
					out[filled++] = ALPHABET[value % ALPHABET.length];
				}
			}
		}
		return new String(out);
	}

}
