package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signature methods (RFC 5849 section 3.4.2 defines HMAC-SHA1; HMAC-SHA256, which Magento
 * uses, and HMAC-SHA512 work the same way with another digest). The key is
 * {@code enc(consumer secret)&enc(token secret)}; the signature is the base64 of the HMAC.
 */
enum SignatureMethod {

	HMAC_SHA1("HMAC-SHA1", "HmacSHA1"), HMAC_SHA256("HMAC-SHA256", "HmacSHA256"),
	HMAC_SHA512("HMAC-SHA512", "HmacSHA512");

	private final String wireName;

	private final String algorithm;

	/**
	 * One Mac per thread and method, with the key it was last initialised with: {@code getInstance}
	 * costs more than a signature, and a key's set-up (two hash blocks) is skipped when the thread
	 * signs again for the same consumer and token, which is the common case.
	 */
	private final ThreadLocal<KeyedMac> macs;

	SignatureMethod(String wireName, String algorithm) {
		this.wireName = wireName;
		this.algorithm = algorithm;
		this.macs = ThreadLocal.withInitial(() -> {
			try {
				return new KeyedMac(Mac.getInstance(algorithm));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(algorithm + " is not available in this JVM", ex);
			}
		});
	}

	String wireName() {
		return this.wireName;
	}

	static Optional<SignatureMethod> ofWireName(String name) {
		for (SignatureMethod method : values()) {
			if (method.wireName.equals(name)) {
				return Optional.of(method);
			}
		}
		return Optional.empty();
	}

	static String key(String consumerSecret, String tokenSecret) {
		return PercentEncoding.encode((consumerSecret != null) ? consumerSecret : "") + '&'
				+ PercentEncoding.encode((tokenSecret != null) ? tokenSecret : "");
	}

	String sign(String baseString, String consumerSecret, String tokenSecret) {
		return Base64.getEncoder().encodeToString(digest(baseString, consumerSecret, tokenSecret));
	}

	/** Constant-time comparison of the expected signature with the one the client sent. */
	boolean verify(String baseString, String consumerSecret, String tokenSecret, String signature) {
		byte[] expected = sign(baseString, consumerSecret, tokenSecret).getBytes(StandardCharsets.US_ASCII);
		byte[] actual = (signature != null) ? signature.getBytes(StandardCharsets.UTF_8) : new byte[0];
		return MessageDigest.isEqual(expected, actual);
	}

	private byte[] digest(String baseString, String consumerSecret, String tokenSecret) {
		KeyedMac keyed = this.macs.get();
		if (!keyed.holds(consumerSecret, tokenSecret)) {
			keyed.consumerSecret = null;
			try {
				keyed.mac.init(new SecretKeySpec(key(consumerSecret, tokenSecret).getBytes(StandardCharsets.UTF_8),
						this.algorithm));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot initialise " + this.algorithm, ex);
			}
			keyed.consumerSecret = (consumerSecret != null) ? consumerSecret : "";
			keyed.tokenSecret = (tokenSecret != null) ? tokenSecret : "";
		}
		// doFinal leaves the Mac as it was after init, ready for the next message under the same key
		return keyed.mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8));
	}

	/** A thread's Mac and the secrets of the key it holds. */
	private static final class KeyedMac {

		final Mac mac;

		String consumerSecret;

		String tokenSecret;

		KeyedMac(Mac mac) {
			this.mac = mac;
		}

		/** Cached secrets are the same String objects call after call, so == settles most checks. */
		boolean holds(String consumer, String token) {
			return this.consumerSecret != null && same(this.consumerSecret, consumer) && same(this.tokenSecret, token);
		}

		private static boolean same(String held, String given) {
			String value = (given != null) ? given : "";
			return held == value || held.equals(value);
		}

	}

}
