package dev.keyway.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The header an upstream checks to know a request came through Keyway (issue 15.2): {@code
 * X-Keyway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>} over the lines {@code v1}, method,
 * path and query as the upstream receives them, {@code t}, then the values of
 * {@link IdentityHeaders#SIGNED} (empty when absent), joined by {@code \n}, keyed by the upstream's
 * secret. docs/GATEWAY.md gives the verification in a few lines.
 */
final class UpstreamSignature {

	private UpstreamSignature() {
	}

	static String header(byte[] secret, String method, String pathAndQuery, long timestamp,
			Map<String, String> identity) {
		StringBuilder base = new StringBuilder("v1\n").append(method).append('\n').append(pathAndQuery).append('\n')
			.append(timestamp);
		for (String name : IdentityHeaders.SIGNED) {
			base.append('\n').append(identity.getOrDefault(name, ""));
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return "t=" + timestamp + ",v1="
					+ HexFormat.of().formatHex(mac.doFinal(base.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
