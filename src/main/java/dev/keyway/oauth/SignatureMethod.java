package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

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
	 * signs again for the same consumer and token, which is the common case (BENCHMARKS, "Hand-tuned
	 * pieces"). {@link #forgetKeys()} empties every thread's Mac when credentials change, so no key
	 * outlives a revocation in an idle thread.
	 */
	private final ThreadLocal<KeyedMac> macs;

	/** Every thread's Mac, weakly: a thread that ends takes its Mac with it. */
	private static final Set<KeyedMac> ALL_MACS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	SignatureMethod(String wireName, String algorithm) {
		this.wireName = wireName;
		this.algorithm = algorithm;
		this.macs = ThreadLocal.withInitial(() -> {
			try {
				KeyedMac keyed = new KeyedMac(Mac.getInstance(algorithm), algorithm);
				return register(keyed);
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
		return this.macs.get().digest(baseString, (consumerSecret != null) ? consumerSecret : "",
				(tokenSecret != null) ? tokenSecret : "");
	}

	private static KeyedMac register(KeyedMac keyed) {
		ALL_MACS.add(keyed);
		return keyed;
	}

	/**
	 * Drops the key every thread's Mac holds (after a credential change or revocation, on this node
	 * or relayed from another): the next signature on each thread sets its key up again.
	 */
	static void forgetKeys() {
		synchronized (ALL_MACS) {
			for (KeyedMac keyed : ALL_MACS) {
				keyed.forget();
			}
		}
	}

	/**
	 * A thread's Mac and the key it holds, compared by content (never by identity): a new secret
	 * object with the same characters is the same key, another secret is another key. Synchronized
	 * only so that {@link #forgetKeys()} may reach it from another thread; the lock is uncontended.
	 */
	private static final class KeyedMac {

		private final Mac mac;

		private final String algorithm;

		private String consumerSecret;

		private String tokenSecret;

		KeyedMac(Mac mac, String algorithm) {
			this.mac = mac;
			this.algorithm = algorithm;
		}

		synchronized byte[] digest(String baseString, String consumerSecret, String tokenSecret) {
			// String.equals answers at once for the same object (the cached secrets, call after call)
			if (!consumerSecret.equals(this.consumerSecret) || !tokenSecret.equals(this.tokenSecret)) {
				this.consumerSecret = null;
				init(key(consumerSecret, tokenSecret));
				this.consumerSecret = consumerSecret;
				this.tokenSecret = tokenSecret;
			}
			// doFinal leaves the Mac as it was after init, ready for the next message under the same key
			return this.mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8));
		}

		/** Re-keys the Mac with a constant, so neither the key nor its hash state stays in memory. */
		synchronized void forget() {
			if (this.consumerSecret != null) {
				this.consumerSecret = null;
				this.tokenSecret = null;
				init("\0");
			}
		}

		private void init(String key) {
			try {
				this.mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), this.algorithm));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot initialise " + this.algorithm, ex);
			}
		}

	}

}
