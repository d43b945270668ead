package dev.keyway.gateway;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/** What the gateway removes from a forwarded form body and query: the client's own {@code oauth_*} parameters, only. */
@DatabaseIndependent
class OAuthParametersDroppedTests {

	@Test
	void withoutOAuthParametersWhenFormHoldsNoneThenTheVeryBytesSentEmptyPairsAndAll() {
		for (String form : new String[] { "a=1&b=%2B+x", "&a=1", "a=1&", "a=1&&b=2", "" }) {
			byte[] sent = form.getBytes(StandardCharsets.ISO_8859_1);
			assertThat(ReverseProxy.withoutOAuthParameters(sent)).as(form).isSameAs(sent);
		}
	}

	@Test
	void withoutOAuthParametersWhenFormHoldsTheClientsCredentialsThenOnlyThoseDropped() {
		byte[] sent = "sku=A%C3%A9&oauth_token=t1&qty=1&%6Fauth_signature=s&xoauth_kept=1".getBytes(StandardCharsets.ISO_8859_1);

		assertThat(new String(ReverseProxy.withoutOAuthParameters(sent), StandardCharsets.ISO_8859_1))
			.isEqualTo("sku=A%C3%A9&qty=1&xoauth_kept=1");
	}

}
