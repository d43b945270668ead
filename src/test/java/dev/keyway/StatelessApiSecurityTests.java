package dev.keyway;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring Security chain of the machine-facing paths is the security headers and nothing else: no
 * session, no authentication, no security context handed to Spring MVC (BENCHMARKS, "Wave 2,
 * thirteenth session").
 */
@KeywayIntegrationTest
class StatelessApiSecurityTests {

	@Autowired
	@Qualifier("statelessApiFilterChain")
	SecurityFilterChain chain;

	@Test
	void statelessApiFilterChainWhenBuiltThenOnlyTheHeaderWriter() {
		assertThat(this.chain.getFilters()).singleElement().isInstanceOf(HeaderWriterFilter.class);
	}

	@Test
	void statelessApiFilterChainWhenMachinePathThenMatchesAndWhenAdminPathThenNot() {
		for (String path : new String[] { "/rest/V1/products", "/oauth/token/request", "/auth/verify",
				"/auth/envoy/rest/V1/products" }) {
			assertThat(this.chain.matches(new MockHttpServletRequest("GET", path))).as(path).isTrue();
		}
		assertThat(this.chain.matches(new MockHttpServletRequest("GET", "/admin/integrations"))).isFalse();
	}

}
