package dev.keyway.oauth;

import java.util.ArrayList;
import java.util.List;

import dev.keyway.testing.DatabaseIndependent;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The token endpoints' 405 (SPEC 4.7) whatever the look-up of the consumer it names does. */
@DatabaseIndependent
class TokenEndpointsWrongMethodTests {

	@Test
	void otherMethodWhenTheConsumerLookUpFailsThenStill405AndCountedWithoutAConsumer() {
		// a review: filing the refusal under the named consumer looks it up, and with the database away a GET got the
		// container's 500 instead of the form-encoded 405 that was unconditional before
		TokenExchange away = new TokenExchange(null, null, null, null, null, null, null, null, null) {
			@Override
			RefusalFacts wrongMethod(OAuthRequest request) {
				throw new DataAccessResourceFailureException("Connection refused (test)");
			}
		};
		List<Refusal> told = new ArrayList<>();
		TokenEndpoints endpoints = new TokenEndpoints(away, List.of(told::add));
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/oauth/token/request");
		get.addHeader("Authorization", "OAuth oauth_consumer_key=\"abcdefghijklmnopqrstuvwxyz012345\"");

		ResponseEntity<String> answer = endpoints.otherMethod(get);

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(answer.getHeaders().getFirst("Allow")).isEqualTo("POST");
		assertThat(told).singleElement().satisfies((refusal) -> {
			assertThat(refusal.reason()).isEqualTo(RefusalReason.MALFORMED_REQUEST);
			assertThat(refusal.consumerId()).isZero();
		});
	}

}
