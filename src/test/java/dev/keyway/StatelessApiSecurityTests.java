package dev.keyway;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.webapi.ApiEndpoint;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
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
	@Qualifier(ApiEndpoint.SECURITY_CHAIN)
	SecurityFilterChain chain;

	/** In Spring Security's order, as its FilterChainProxy holds them. */
	@Autowired
	List<SecurityFilterChain> chains;

	@Autowired
	List<ServletRegistrationBean<?>> servlets;

	@Test
	void statelessApiFilterChainWhenBuiltThenOnlyTheHeaderWriter() {
		assertThat(this.chain.getFilters()).singleElement().isInstanceOf(HeaderWriterFilter.class);
	}

	@Test
	void statelessApiFilterChainWhenMachinePathThenMatchesAndWhenAdminPathThenNot() {
		for (String path : new String[] { "/rest/V1/products", "/oauth/token/request", "/auth/verify",
				"/auth/envoy/rest/V1/products", "/auth/forward" }) {
			assertThat(this.chain.matches(new MockHttpServletRequest("GET", path))).as(path).isTrue();
		}
		assertThat(this.chain.matches(new MockHttpServletRequest("GET", "/admin/integrations"))).isFalse();
	}

	/**
	 * The front door runs the named chain without matching (SecurityStep): for every URL pattern of
	 * every front-door servlet, and the token endpoints, Spring Security's own first matching chain is
	 * that chain.
	 */
	@Test
	void chainsWhenAnyFrontDoorPathThenTheFirstMatchingIsTheNamedChain() {
		List<String> paths = new ArrayList<>(List.of("/oauth/token/request", "/oauth/token/access"));
		for (ServletRegistrationBean<?> servlet : this.servlets) {
			if (!(servlet.getServlet() instanceof ApiEndpoint)) {
				continue;
			}
			for (String pattern : servlet.getUrlMappings()) {
				assertThat(pattern).as("a front door's URL pattern").doesNotStartWith("*.").isNotEqualTo("/");
				if (pattern.endsWith("/*")) {
					String base = pattern.substring(0, pattern.length() - 2);
					paths.addAll(List.of(base, base + "/", base + "/V1/products/SKU-1"));
				}
				else {
					paths.add(pattern);
				}
			}
		}
		assertThat(paths).contains("/rest/V1/products/SKU-1", "/auth/verify");
		for (String path : paths) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
			assertThat(this.chains.stream().filter((each) -> each.matches(request)).findFirst()).as(path)
				.containsSame(this.chain);
		}
	}

}
