package dev.keyway.oauth;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad signature's base string and hint are deferred (issue 16: a storm of wrong signatures costs
 * one HMAC a call): computed at the first read, once, and the same as if computed at once.
 */
class RefusalFactsTests {

	private final AtomicInteger computed = new AtomicInteger();

	private RefusalFacts deferred() {
		return RefusalFacts.NONE.withConsumer(7).withExplanation("HMAC-SHA256", () -> {
			this.computed.incrementAndGet();
			return new RefusalFacts.Explanation("GET&http%3A%2F%2Fx%2Fr&oauth_token%3D%28token%29", "a hint");
		});
	}

	@Test
	void withExplanationWhenNotReadThenNotComputedButKnownToHaveABaseString() {
		RefusalFacts facts = deferred().withSkew(3);

		assertThat(facts.hasBaseString()).isTrue();
		assertThat(facts.consumerId()).isEqualTo(7);
		assertThat(facts.signatureMethod()).isEqualTo("HMAC-SHA256");
		assertThat(this.computed).hasValue(0);
		assertThat(RefusalFacts.NONE.withConsumer(7).hasBaseString()).isFalse();
	}

	@Test
	void withExplanationWhenReadThenComputedOnceAndEqualToTheFactsGivenAtOnce() {
		RefusalFacts facts = deferred();

		String hint = facts.hint();
		String baseString = facts.baseString();
		RefusalFacts copy = facts.withConsumer(8);

		assertThat(hint).isEqualTo("a hint");
		assertThat(baseString).isEqualTo("GET&http%3A%2F%2Fx%2Fr&oauth_token%3D%28token%29");
		assertThat(copy.hint()).isEqualTo("a hint");
		assertThat(this.computed).hasValue(1);
		assertThat(facts).isEqualTo(new RefusalFacts(7, null, baseString, "HMAC-SHA256", "a hint"));
	}

}
