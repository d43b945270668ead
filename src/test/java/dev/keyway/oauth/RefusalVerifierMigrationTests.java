package dev.keyway.oauth;

import java.util.List;

import db.migration.V51__refusal_verifiers_masked;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refusal records stored before the verifier was masked read, after migration V51, as the records stored
 * since: the migration's masking gives the base string the masking of today's refusals gives.
 */
@DatabaseIndependent
class RefusalVerifierMigrationTests {

	private static final String URL = "https://shop.example/oauth/token/access";

	@Test
	void maskedWhenOldRecordHoldsTheVerifierThenAsANewRecordReads() {
		for (String verifier : new String[] { "4h9bcntibsnl0nmffbuj9ovzlzmqn641", "a&b=c d%", "" }) {
			String stored = SignatureBaseString.of("POST", URL, parameters(verifier));
			String today = SignatureBaseString.of("POST", URL, parameters(RefusalFacts.VERIFIER_MASK));

			assertThat(stored).as(verifier).contains("oauth_verifier");
			assertThat(V51__refusal_verifiers_masked.masked(stored)).as(verifier).isEqualTo(today);
		}
	}

	@Test
	void maskedWhenVerifierIsTheLastParameterOrAbsentThenOnlyItsValueChanges() {
		String last = SignatureBaseString.of("POST", URL, List.of(new Parameter("oauth_consumer_key", "ck"),
				new Parameter("oauth_verifier", "v1")));
		String none = SignatureBaseString.of("POST", URL, List.of(new Parameter("oauth_consumer_key", "ck"),
				new Parameter("xoauth_verifier", "kept")));

		assertThat(V51__refusal_verifiers_masked.masked(last)).endsWith("oauth_verifier%3D%2528verifier%2529")
			.contains("oauth_consumer_key%3Dck%26");
		assertThat(V51__refusal_verifiers_masked.masked(none)).isEqualTo(none);
	}

	@Test
	void maskedWhenRowIsAtTheColumnsSizeAndTheVerifierShortThenStillFits() {
		// the writer cuts a base string to 8192 characters; a one-character verifier masked grows the row
		String stored = SignatureBaseString.of("POST", URL, List.of(new Parameter("a", "x".repeat(9000)),
				new Parameter("oauth_verifier", "v"))).substring(0, 8192);
		String atEnd = "POST&" + "y".repeat(8192 - "POST&".length() - "&oauth_verifier%3Dv".length()) + "&oauth_verifier%3Dv";

		assertThat(V51__refusal_verifiers_masked.masked(stored)).hasSizeLessThanOrEqualTo(8192);
		assertThat(atEnd).hasSize(8192);
		assertThat(V51__refusal_verifiers_masked.masked(atEnd)).hasSize(8192).doesNotContain("%3Dv");
	}

	@Test
	void maskedWhenThePathHoldsTheNameThenOnlyTheParameterIsMasked() {
		String stored = SignatureBaseString.of("POST", "https://shop.example/rest/V1/a&oauth_verifier=b",
				List.of(new Parameter("oauth_consumer_key", "ck"), new Parameter("oauth_verifier", "secret1")));

		String masked = V51__refusal_verifiers_masked.masked(stored);

		assertThat(masked).doesNotContain("secret1").contains("oauth_consumer_key%3Dck");
		assertThat(masked.split("&", -1)).hasSize(3);
	}

	private static List<Parameter> parameters(String verifier) {
		return List.of(new Parameter("oauth_consumer_key", "ck"), new Parameter("oauth_nonce", "n"),
				new Parameter("oauth_signature_method", "HMAC-SHA256"), new Parameter("oauth_timestamp", "1"),
				new Parameter("oauth_token", RefusalFacts.TOKEN_MASK), new Parameter("oauth_verifier", verifier),
				new Parameter("oauth_version", "1.0"));
	}

}
