package dev.keyway.webapi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.catalina.Context;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

import dev.keyway.testing.Http;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.filter.CharacterEncodingFilter;
import org.springframework.web.filter.ForwardedHeaderFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The front door of the machine-facing paths (issue 14.1): on the running server it is the first
 * filter Tomcat runs for the Web API and the verify-only endpoints, and it runs, in order, the
 * request encoding, the forwarded headers (when configured), Spring Security (its firewall and the
 * filters of the chain for these paths) and the servlet, then the metrics — never the servlet without
 * Spring Security.
 */
@KeywayIntegrationTest
class FrontDoorTests {

	@Autowired
	ServletWebServerApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void filterMapsWhenServerRunsThenEachApiEndpointsFrontDoorIsItsFirstFilter() {
		Context tomcat = (Context) ((TomcatWebServer) this.context.getWebServer()).getTomcat().getHost().findChildren()[0];
		List<FilterMap> maps = Arrays.asList(tomcat.findFilterMaps());

		assertThat(firstFilterFor(maps, "/rest/V1/products")).isEqualTo(FrontDoors.frontDoorName("webApi"));
		assertThat(firstFilterFor(maps, "/auth/verify")).isEqualTo(FrontDoors.frontDoorName("gatewayNginxVerify"));
		assertThat(firstFilterFor(maps, "/auth/envoy/rest/V1/products"))
			.isEqualTo(FrontDoors.frontDoorName("gatewayEnvoyVerify"));
		// the admin keeps every filter: no front door before it
		assertThat(firstFilterFor(maps, "/admin/integrations")).doesNotEndWith("FrontDoor");
	}

	@Test
	void callWhenServedThroughTheFrontDoorThenSpringSecuritysHeadersAndFirewallApply() {
		Http http = new Http(this.port);

		Http.Response answered = http.get("/rest/V1/store/storeConfigs");
		Http.Response rejected = http.get("/rest/V1/store/storeConfigs;jsessionid=x");

		assertThat(answered.status()).isEqualTo(401);
		assertThat(answered.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(answered.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(answered.header("Cache-Control")).contains("no-store");
		// StrictHttpFirewall refuses a semicolon, which Tomcat itself lets through
		assertThat(rejected.status()).isEqualTo(400);
		// in Magento's shape, with the rule: not Spring Boot's error page
		assertThat(rejected.body()).isEqualTo(
				"{\"message\":\"The request was rejected because the URL contained a potentially malicious String \\\";\\\"\"}");
	}

	@Test
	void callWhenAHeaderValueIsRefusedThenTheAnswerSaysSoWithoutEchoingIt() throws Exception {
		// a C1 control character (U+0085, sent as the byte 0x85, which HTTP lets through as obs-text) in a header
		// value: the firewall refuses it when the pipeline reads the header
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(("GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: localhost\r\n"
					+ "Authorization: Bearer secret\u0085value\r\nConnection: close\r\n\r\n")
				.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
			String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

			assertThat(answer).startsWith("HTTP/1.1 400").contains(FirewallRefusal.HEADER_OR_PARAMETER)
				.doesNotContain("secret");
		}
	}

	/** The first filter whose URL pattern matches {@code path}, as Tomcat's {@code ApplicationFilterFactory} orders them. */
	private static String firstFilterFor(List<FilterMap> maps, String path) {
		for (FilterMap map : maps) {
			if ((map.getDispatcherMapping() & FilterMap.REQUEST) == 0) {
				continue;
			}
			for (String pattern : map.getURLPatterns()) {
				if (pattern.equals("/*") || pattern.equals(path)
						|| (pattern.endsWith("/*") && path.startsWith(pattern.substring(0, pattern.length() - 1)))) {
					return map.getFilterName();
				}
			}
		}
		return null;
	}

	@Test
	void doFilterWhenCalledThenEncodingForwardedSecurityServletInThatOrderAndTheCallTimed() throws Exception {
		List<String> steps = new ArrayList<>();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean(ApiEndpoint.SECURITY_CHAIN, chain((request, response, chain) -> {
			steps.add("security, encoding " + request.getCharacterEncoding() + ", scheme " + request.getScheme());
			((HttpServletResponse) response).setHeader("X-Frame-Options", "DENY");
			chain.doFilter(request, response);
		}));
		beans.addBean("forwardedHeaderFilter", new FilterRegistrationBean<>(new ForwardedHeaderFilter()));
		CharacterEncodingFilter encoding = new CharacterEncodingFilter("UTF-8", true);
		beans.addBean("characterEncodingFilter", encoding);
		MeterRegistry registry = new SimpleMeterRegistry();
		FrontDoor door = new FrontDoor(null, new Recording(steps, 204), metrics(registry), beans);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/auth/verify");
		request.addHeader("X-Forwarded-Proto", "https");
		MockHttpServletResponse response = new MockHttpServletResponse();

		door.doFilter(request, response, new MockFilterChain());

		assertThat(steps).containsExactly("security, encoding UTF-8, scheme https", "servlet");
		assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.getStatus()).isEqualTo(204);
		assertThat(registry.get(CallMetrics.HTTP_REQUESTS)
			.tags("uri", "UNKNOWN", "status", "204", "outcome", "SUCCESS", "method", "GET", "exception", "none")
			.timer()
			.count()).isEqualTo(1);
		// a verify-only call is not one of the Web API's own calls
		assertThat(registry.find(CallMetrics.REQUESTS).counters()).isEmpty();
	}

	@Test
	void doFilterWhenTheServletFailsThenCountedAs500WithTheExceptionAndRethrown() throws Exception {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean(ApiEndpoint.SECURITY_CHAIN, chain((request, response, chain) -> chain.doFilter(request, response)));
		MeterRegistry registry = new SimpleMeterRegistry();
		HttpServlet failing = new HttpServlet() {

			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
				throw new IOException("peer gone");
			}

		};
		FrontDoor door = new FrontDoor(null, failing, metrics(registry), beans);

		org.assertj.core.api.Assertions
			.assertThatIOException()
			.isThrownBy(() -> door.doFilter(new MockHttpServletRequest("POST", "/rest/V1/x"), new MockHttpServletResponse(),
					new MockFilterChain()));

		assertThat(registry.get(CallMetrics.HTTP_REQUESTS)
			.tags("status", "500", "outcome", "SERVER_ERROR", "method", "POST", "exception", "IOException", "error",
					"IOException")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void doFilterWhenSpringSecurityIsMissingThenRefusesToServe() {
		FrontDoor door = new FrontDoor(null, new Recording(new ArrayList<>(), 200), metrics(new SimpleMeterRegistry()),
				new StaticListableBeanFactory());

		assertThatIllegalStateException()
			.isThrownBy(() -> door.doFilter(new MockHttpServletRequest("GET", "/rest/V1/x"), new MockHttpServletResponse(),
					new MockFilterChain()))
			.withMessage("The Web API needs Spring Security's filter chain: statelessApiFilterChain");
	}

	@Test
	void doFilterWhenTheFirewallRejectsThenA400AndNeitherTheChainNorTheServletRuns() throws Exception {
		List<String> steps = new ArrayList<>();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean(ApiEndpoint.SECURITY_CHAIN, chain((request, response, chain) -> steps.add("security")));
		FrontDoor door = new FrontDoor(null, new Recording(steps, 200), metrics(new SimpleMeterRegistry()), beans);
		MockHttpServletResponse response = new MockHttpServletResponse();

		door.doFilter(new MockHttpServletRequest("GET", "/rest/V1/x;jsessionid=1"), response, new MockFilterChain());

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(steps).isEmpty();
	}

	@Test
	void doFilterWhenTheServletThrowsARejectionThenTheRejectionHandlerAnswers() throws Exception {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean(ApiEndpoint.SECURITY_CHAIN, chain((request, response, chain) -> chain.doFilter(request, response)));
		beans.addBean("rejected", (RequestRejectedHandler) (request, response, rejection) -> response.sendError(418));
		HttpServlet rejecting = new HttpServlet() {

			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException {
				throw new ServletException(new RequestRejectedException("header: X-Bad"));
			}

		};
		FrontDoor door = new FrontDoor(null, rejecting, metrics(new SimpleMeterRegistry()), beans);
		MockHttpServletResponse response = new MockHttpServletResponse();

		door.doFilter(new MockHttpServletRequest("GET", "/rest/V1/x"), response, new MockFilterChain());

		assertThat(response.getStatus()).isEqualTo(418);
	}

	@Test
	void doFilterWhenAnotherChainComesFirstThenStillTheNamedChainRuns() throws Exception {
		List<String> steps = new ArrayList<>();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("catchAll", chain((request, response, chain) -> steps.add("catch-all")));
		beans.addBean(ApiEndpoint.SECURITY_CHAIN, chain((request, response, chain) -> {
			steps.add("api");
			chain.doFilter(request, response);
		}));
		FrontDoor door = new FrontDoor(null, new Recording(steps, 200), metrics(new SimpleMeterRegistry()), beans);

		door.doFilter(new MockHttpServletRequest("GET", "/rest/V1/x"), new MockHttpServletResponse(), new MockFilterChain());

		assertThat(steps).containsExactly("api", "servlet");
	}

	@Test
	void doFilterWhenAFilterSetsASecurityContextThenItIsClearedAfterTheCall() throws Exception {
		List<String> steps = new ArrayList<>();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean(ApiEndpoint.SECURITY_CHAIN, chain((request, response, chain) -> {
			SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("someone", null));
			chain.doFilter(request, response);
		}));
		HttpServlet reading = new HttpServlet() {

			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) {
				steps.add("servlet sees " + SecurityContextHolder.getContext().getAuthentication().getName());
			}

		};
		FrontDoor door = new FrontDoor(null, reading, metrics(new SimpleMeterRegistry()), beans);

		door.doFilter(new MockHttpServletRequest("GET", "/rest/V1/x"), new MockHttpServletResponse(), new MockFilterChain());

		assertThat(steps).containsExactly("servlet sees someone");
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
	}

	@Test
	void doFilterWhenAWebSecurityCustomizerExistsThenRefusesToServe() {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean(ApiEndpoint.SECURITY_CHAIN, chain((request, response, chain) -> chain.doFilter(request, response)));
		beans.addBean("ignoring", (WebSecurityCustomizer) (web) -> web.ignoring().anyRequest());
		FrontDoor door = new FrontDoor(null, new Recording(new ArrayList<>(), 200), metrics(new SimpleMeterRegistry()),
				beans);

		assertThatIllegalStateException()
			.isThrownBy(() -> door.doFilter(new MockHttpServletRequest("GET", "/rest/V1/x"), new MockHttpServletResponse(),
					new MockFilterChain()))
			.withMessage("The Web API's front door does not run WebSecurityCustomizer beans: ignoring");
	}

	/** A chain for every request with one filter. */
	private static SecurityFilterChain chain(Filter filter) {
		return new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, filter);
	}

	private static CallMetrics metrics(MeterRegistry registry) {
		return new CallMetrics(new RouteTable.Builder().build(), registry);
	}

	private static final class Recording extends HttpServlet {

		private final List<String> steps;

		private final int status;

		Recording(List<String> steps, int status) {
			this.steps = steps;
			this.status = status;
		}

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) {
			this.steps.add("servlet");
			response.setStatus(this.status);
		}

	}

}
