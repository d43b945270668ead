package dev.keyway.webhooks;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class WebhookSignatureTests {

	@Test
	void headerWhenSignedThenMatchesBouncyCastleHmacOfTimestampDotBody() {
		String secret = "whsec-0123456789abcdef0123456789abcdef";
		String body = "{\"id\":\"e\",\"type\":\"integration.deleted\",\"name\":\"Zoë\"}";

		String header = WebhookSignature.header(secret, 1_767_225_600L, body);

		HMac mac = new HMac(new SHA256Digest());
		mac.init(new KeyParameter(secret.getBytes(StandardCharsets.UTF_8)));
		byte[] text = ("1767225600." + body).getBytes(StandardCharsets.UTF_8);
		mac.update(text, 0, text.length);
		byte[] out = new byte[32];
		mac.doFinal(out, 0);
		assertThat(header).isEqualTo("t=1767225600,v1=" + Hex.toHexString(out));
	}

}
