package dev.keyway.webapi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.MappingMatch;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockServletContext;

import dev.keyway.webapi.LoopRequest.LoopMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The servlet request of the event-loop listener answers what Tomcat's does where Keyway reads it. */
class LoopRequestTests {

	private static final LoopMapping REST = new LoopMapping("/rest/*", "webApi");

	private static final LoopMapping VERIFY = new LoopMapping("/auth/verify", "keywayVerify");

	@Test
	void pathWhenEscapedThenRequestUriRawAndServletPathAndPathInfoDecoded() {
		LoopRequest request = request("GET", "/rest/V1/products/a%20b+c", "x=1", REST, new DefaultHttpHeaders(), "");

		assertThat(request.getRequestURI()).isEqualTo("/rest/V1/products/a%20b+c");
		assertThat(request.getServletPath()).isEqualTo("/rest");
		assertThat(request.getPathInfo()).isEqualTo("/V1/products/a b+c");
		assertThat(request.getQueryString()).isEqualTo("x=1");
		assertThat(request.getContextPath()).isEmpty();
		assertThat(request.getHttpServletMapping().getMappingMatch()).isEqualTo(MappingMatch.PATH);
		assertThat(request.getHttpServletMapping().getServletName()).isEqualTo("webApi");
	}

	@Test
	void pathWhenEncodedSlashThenKeptAsSentInPathInfoAsTomcatPassesItThrough() {
		LoopRequest request = request("GET", "/rest/V1/products/A%2FB%2f%C3%A9/media", null, REST, new DefaultHttpHeaders(),
				"");

		assertThat(request.getRequestURI()).isEqualTo("/rest/V1/products/A%2FB%2f%C3%A9/media");
		assertThat(request.getPathInfo()).isEqualTo("/V1/products/A%2FB%2fé/media");
		assertThat(LoopPaths.decode("%2F..%2F")).isEqualTo("%2F..%2F");
		assertThat(LoopPaths.decode("a%20%2F%20b")).isEqualTo("a %2F b");
		assertThat(LoopPaths.decode("50%25-OFF%20%2525")).isEqualTo("50%25-OFF %2525");
	}

	@Test
	void pathWhenEscapedBytesAreNotUtf8ThenRefusedNotReplaced() {
		// Tomcat refuses these too; UriUtils and URLDecoder put U+FFFD in their place
		for (String path : List.of("/rest/V1/products/..%C0%AF..", "/rest/V1/products/A%C3", "/rest/V1/products/%FF",
				"/rest/V1/products/%ED%A0%80", "/rest/V1/products/%\uFF14\uFF11")) {
			assertThatIllegalArgumentException().as(path)
				.isThrownBy(() -> request("GET", path, null, REST, new DefaultHttpHeaders(), ""));
		}
		assertThat(LoopPaths.percentDecoded("caf%C3%A9+%F0%9F%98%80")).isEqualTo("café+😀");
	}

	@Test
	void pathWhenExactMappingThenServletPathIsThePathAndNoPathInfo() {
		LoopRequest request = request("GET", "/auth/verify", null, VERIFY, new DefaultHttpHeaders(), "");

		assertThat(request.getServletPath()).isEqualTo("/auth/verify");
		assertThat(request.getPathInfo()).isNull();
		assertThat(request.getQueryString()).isNull();
		assertThat(request.getHttpServletMapping().getMappingMatch()).isEqualTo(MappingMatch.EXACT);
	}

	@Test
	void pathWhenEscapeMalformedThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> request("GET", "/rest/V1/products/%zz", null, REST, new DefaultHttpHeaders(), ""));
	}

	@Test
	void mappingWhenPrefixThenMatchesItsBaseAndBelowOnly() {
		assertThat(REST.matches("/rest")).isTrue();
		assertThat(REST.matches("/rest/V1/x")).isTrue();
		assertThat(REST.matches("/rest/")).isTrue();
		assertThat(REST.matches("/restful")).isFalse();
		assertThat(REST.matches("/res")).isFalse();
		assertThat(REST.matches("/")).isFalse();
		assertThat(REST.matches("")).isFalse();
		assertThat(REST.matches("/resT/V1/x")).isFalse();
		assertThat(REST.matches("/xrest/V1")).isFalse();
		assertThat(VERIFY.matches("/auth/verify")).isTrue();
		assertThat(VERIFY.matches("/auth/verify/x")).isFalse();
	}

	@Test
	void serverWhenHostHeaderNamesPortThenNameAndPortFromIt() {
		assertThat(request(host("shop.example:8443")).getServerName()).isEqualTo("shop.example");
		assertThat(request(host("shop.example:8443")).getServerPort()).isEqualTo(8443);
		assertThat(request(host("shop.example")).getServerPort()).isEqualTo(80);
		assertThat(request(host("[::1]:9090")).getServerName()).isEqualTo("[::1]");
		assertThat(request(host("[::1]:9090")).getServerPort()).isEqualTo(9090);
		assertThat(request(host("[::1]")).getServerPort()).isEqualTo(80);
		assertThat(request(host("shop.example:8443")).getRequestURL().toString())
			.isEqualTo("http://shop.example:8443/rest/V1/x");
	}

	@Test
	void serverWhenNoHostHeaderThenLocalAddress() {
		LoopRequest request = request(new DefaultHttpHeaders());

		assertThat(request.getServerName()).isEqualTo("127.0.0.1");
		assertThat(request.getServerPort()).isEqualTo(8081);
		assertThat(request.getRemoteAddr()).isEqualTo("10.1.2.3");
		assertThat(request.getRemotePort()).isEqualTo(50000);
	}

	@Test
	void parametersWhenFormPostThenQueryAndBodyDecodedInOrder() {
		HttpHeaders headers = new DefaultHttpHeaders().set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
		LoopRequest request = request("POST", "/rest/V1/x", "a=1&b=x%2By", REST, headers, "a=2&c=caf%C3%A9+noir&bad=%zz");

		assertThat(request.getParameterValues("a")).containsExactly("1", "2");
		assertThat(request.getParameter("b")).isEqualTo("x+y");
		assertThat(request.getParameter("c")).isEqualTo("café noir");
		assertThat(request.getParameter("bad")).isNull();
		assertThat(Collections.list(request.getParameterNames())).containsExactly("a", "b", "c");
	}

	@Test
	void parametersWhenJsonPostThenQueryOnly() {
		HttpHeaders headers = new DefaultHttpHeaders().set("Content-Type", "application/json");
		LoopRequest request = request("POST", "/rest/V1/x", "a=1", REST, headers, "a=2");

		assertThat(request.getParameterValues("a")).containsExactly("1");
	}

	@Test
	void bodyWhenReadAsStreamThenReaderRefusedAndTheOtherWayRound() throws IOException {
		LoopRequest stream = request("POST", "/rest/V1/x", null, REST, new DefaultHttpHeaders(), "{\"a\":1}");
		assertThat(stream.getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{\"a\":1}");
		assertThat(stream.getInputStream().isFinished()).isTrue();
		assertThatIllegalStateException().isThrownBy(stream::getReader);

		LoopRequest reader = request("POST", "/rest/V1/x", null, REST,
				new DefaultHttpHeaders().set("Content-Type", "text/plain; charset=\"UTF-8\""), "café");
		assertThat(reader.getCharacterEncoding()).isEqualTo("UTF-8");
		assertThat(reader.getReader().readLine()).isEqualTo("café");
		assertThatIllegalStateException().isThrownBy(reader::getInputStream);
	}

	@Test
	void headersWhenRepeatedThenAllValuesAndCaseInsensitiveNames() {
		HttpHeaders headers = new DefaultHttpHeaders().add("X-A", "1").add("x-a", "2").add("Content-Length", "7");
		LoopRequest request = request(headers);

		assertThat(request.getHeader("x-A")).isEqualTo("1");
		assertThat(Collections.list(request.getHeaders("X-A"))).containsExactly("1", "2");
		assertThat(request.getContentLengthLong()).isEqualTo(7);
		assertThat(request.getIntHeader("Content-Length")).isEqualTo(7);
		assertThat(request.getDateHeader("If-Modified-Since")).isEqualTo(-1);
	}

	@Test
	void localesWhenAcceptLanguageThenByWeightElseDefault() {
		LoopRequest request = request(new DefaultHttpHeaders().set("Accept-Language", "fr;q=0.5, de-CH, *;q=0.1"));

		assertThat(Collections.list(request.getLocales())).containsExactly(Locale.forLanguageTag("de-CH"), Locale.FRENCH);
		assertThat(request(new DefaultHttpHeaders()).getLocale()).isEqualTo(Locale.getDefault());
	}

	@Test
	void sessionWhenAskedToCreateThenRefusedElseNone() {
		LoopRequest request = request(new DefaultHttpHeaders());

		assertThat(request.getSession(false)).isNull();
		assertThatIllegalStateException().isThrownBy(request::getSession).withMessageContaining("no sessions");
	}

	@Test
	void asyncWhenStartedThenStartedUntilCompletedAndOnlyOnce() {
		LoopRequest request = request(new DefaultHttpHeaders());
		request.response(new LoopResponse());

		LoopAsync async = (LoopAsync) request.startAsync();

		assertThat(request.isAsyncStarted()).isTrue();
		assertThat(request.getAsyncContext()).isSameAs(async);
		assertThat(async.hasOriginalRequestAndResponse()).isTrue();
		assertThatIllegalStateException().isThrownBy(request::startAsync);
		async.complete();
		assertThat(request.isAsyncStarted()).isFalse();
	}

	private static HttpHeaders host(String host) {
		return new DefaultHttpHeaders().set("Host", host);
	}

	private static LoopRequest request(HttpHeaders headers) {
		return request("GET", "/rest/V1/x", null, REST, headers, "");
	}

	private static LoopRequest request(String method, String uri, String query, LoopMapping mapping, HttpHeaders headers,
			String body) {
		return new LoopRequest(method, uri, query, mapping, headers, body.getBytes(StandardCharsets.UTF_8), null,
				new InetSocketAddress("127.0.0.1", 8081), new InetSocketAddress("10.1.2.3", 50000),
				new MockServletContext(), null);
	}

}
