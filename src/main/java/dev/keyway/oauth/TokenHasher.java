package dev.keyway.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;

/**
 * Keyed hashes of token values (HMAC-SHA256 under a key derived from the master key), so the
 * database can find a token without holding it. A hash is {@code <key id>:<hex>}; look-ups try the
 * active key first, then retired ones, so tokens hashed before a key rotation are still found.
 */
public final class TokenHasher {

	private final MasterKeyRing ring;

	TokenHasher(MasterKeyRing ring) {
		this.ring = ring;
	}

	/** The hash to store for a new token value. */
	public String hash(String token) {
		return hash(this.ring.active(), token);
	}

	/** Every hash the value may be stored under, the active key's first. */
	public List<String> candidates(String token) {
		return this.ring.all().stream().map((key) -> hash(key, token)).toList();
	}

	boolean isCurrent(String storedHash) {
		return storedHash.startsWith(this.ring.active().id() + ":");
	}

	private static String hash(MasterKeyRing.Key key, String token) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key.hashKey());
			return key.id() + ":" + HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
