package dev.keyway.oauth;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-thread Mac kept keyed between signatures (BENCHMARKS, "Hand-tuned pieces"): whatever the
 * thread signed before, the signature is the one a fresh Mac computes, and after a credential change
 * no thread's Mac keeps a secret.
 */
@DatabaseIndependent
class SignatureMethodTests {

	private static final String BASE = "GET&https%3A%2F%2Fexample.com%2F&a%3D1";

	@Test
	void signWhenSecretsChangeBetweenCallsThenEachSignatureUsesItsOwnKey() throws Exception {
		for (SignatureMethod method : SignatureMethod.values()) {
			assertThat(method.sign(BASE, "c1", "t1")).isEqualTo(fresh(method, "c1&t1"));
			assertThat(method.sign(BASE, "c1", "t2")).isEqualTo(fresh(method, "c1&t2"));
			assertThat(method.sign(BASE, "c2", "t2")).isEqualTo(fresh(method, "c2&t2"));
			assertThat(method.sign(BASE, "c2", null)).isEqualTo(fresh(method, "c2&"));
			assertThat(method.sign(BASE, null, null)).isEqualTo(fresh(method, "&"));
			assertThat(method.sign(BASE, "c 1", "t+1")).isEqualTo(fresh(method, "c%201&t%2B1"));
		}
	}

	@Test
	void signWhenNewSecretObjectWithSameCharactersThenSameSignature() throws Exception {
		String secret = new String("same-secret".toCharArray());
		String again = new String("same-secret".toCharArray());
		assertThat(again).isNotSameAs(secret);
		String first = SignatureMethod.HMAC_SHA256.sign(BASE, secret, "t");
		assertThat(SignatureMethod.HMAC_SHA256.sign(BASE, again, "t")).isEqualTo(first)
			.isEqualTo(fresh(SignatureMethod.HMAC_SHA256, "same-secret&t"));
	}

	@Test
	void verifyWhenTheSecretWasReplacedThenTheOldSignatureIsRefused() {
		String oldSignature = SignatureMethod.HMAC_SHA256.sign(BASE, "consumer", "revoked-token-secret");
		assertThat(SignatureMethod.HMAC_SHA256.verify(BASE, "consumer", "new-token-secret", oldSignature)).isFalse();
		assertThat(SignatureMethod.HMAC_SHA256.verify(BASE, "consumer", "revoked-token-secret", oldSignature)).isTrue();
	}

	@Test
	void forgetKeysWhenAnIdleThreadHoldsASecretThenNoMacKeepsIt() throws Exception {
		CountDownLatch signed = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		Thread idle = new Thread(() -> {
			SignatureMethod.HMAC_SHA1.sign(BASE, "idle-consumer-secret", "idle-token-secret");
			signed.countDown();
			try {
				done.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		idle.start();
		try {
			signed.await();
			assertThat(heldSecrets()).contains("idle-consumer-secret", "idle-token-secret");
			SignatureMethod.forgetKeys();
			assertThat(heldSecrets()).doesNotContain("idle-consumer-secret", "idle-token-secret");
			// the thread that signs next sets its key up again
			assertThat(SignatureMethod.HMAC_SHA1.sign(BASE, "c", "t")).isEqualTo(fresh(SignatureMethod.HMAC_SHA1, "c&t"));
		}
		finally {
			done.countDown();
			idle.join();
		}
	}

	private static String fresh(SignatureMethod method, String key) throws Exception {
		String algorithm = switch (method) {
			case HMAC_SHA1 -> "HmacSHA1";
			case HMAC_SHA256 -> "HmacSHA256";
			case HMAC_SHA512 -> "HmacSHA512";
		};
		Mac mac = Mac.getInstance(algorithm);
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
		return Base64.getEncoder().encodeToString(mac.doFinal(BASE.getBytes(StandardCharsets.UTF_8)));
	}

	/** The secrets every thread's Mac holds now (read through the private registry). */
	private static List<Object> heldSecrets() throws Exception {
		Field registry = SignatureMethod.class.getDeclaredField("ALL_MACS");
		registry.setAccessible(true);
		Set<?> macs = (Set<?>) registry.get(null);
		List<Object> secrets = new ArrayList<>();
		synchronized (macs) {
			for (Object keyed : macs) {
				for (String name : new String[] { "consumerSecret", "tokenSecret" }) {
					Field field = keyed.getClass().getDeclaredField(name);
					field.setAccessible(true);
					synchronized (keyed) {
						secrets.add(field.get(keyed));
					}
				}
			}
		}
		return secrets;
	}

}
