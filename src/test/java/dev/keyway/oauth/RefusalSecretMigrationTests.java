package dev.keyway.oauth;

import java.util.List;

import db.migration.V52__refusal_secrets_masked;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refusal records stored before a client's own secret parameters were masked read, after migration V52, as the
 * records stored since (by the parameters' names).
 */
@DatabaseIndependent
class RefusalSecretMigrationTests {

	private static final String URL = "https://shop.example/rest/V1/products";

	@Test
	void maskedWhenOldRecordHoldsSecretParametersThenAsANewRecordReads() {
		OAuthRequest request = OAuthRequest.parse("GET", URL,
				"oauth_consumer_secret=cs-Xy%26z%25&oauth_token_secret=ts-123&searchCriteria=kept",
				"OAuth oauth_consumer_key=\"ck\", oauth_nonce=\"n\", oauth_signature_method=\"HMAC-SHA256\", "
						+ "oauth_timestamp=\"1\", oauth_version=\"1.0\"",
				null);
		String stored = SignatureBaseString.of("GET", URL, request.signed());

		assertThat(stored).contains("ts-123");
		assertThat(V52__refusal_secrets_masked.masked(stored)).isEqualTo(request.maskedBaseString("", ""))
			.doesNotContain("ts-123").doesNotContain("cs-Xy").contains("searchCriteria%3Dkept");
	}

	@Test
	void maskedWhenNoSecretParameterOrOnlyInThePathThenUnchanged() {
		String none = SignatureBaseString.of("GET", URL, List.of(new Parameter("oauth_consumer_key", "ck"),
				new Parameter("xoauth_token_secret", "kept")));
		String inPath = SignatureBaseString.of("GET", "https://shop.example/rest/V1/a&oauth_token_secret=b",
				List.of(new Parameter("oauth_consumer_key", "ck")));

		assertThat(V52__refusal_secrets_masked.masked(none)).isEqualTo(none);
		assertThat(V52__refusal_secrets_masked.masked(inPath)).isEqualTo(inPath);
	}

	@Test
	void maskedWhenRowIsAtTheColumnsSizeThenStillFits() {
		String atEnd = "GET&" + "y".repeat(8192 - "GET&".length() - "&oauth_token_secret%3Dv".length())
				+ "&oauth_token_secret%3Dv";

		assertThat(atEnd).hasSize(8192);
		assertThat(V52__refusal_secrets_masked.masked(atEnd)).hasSize(8192).doesNotContain("%3Dv");
	}

}
