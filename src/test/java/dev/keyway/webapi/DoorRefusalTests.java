package dev.keyway.webapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.keyway.testing.KeywayIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request refused before Keyway's handlers read it — by Tomcat's connector, the listener's parser or
 * the firewall — gets the same answer on both ports, in the shape its path's clients parse: Magento's
 * JSON on the Web API and the verify-only endpoints, {@code oauth_problem} on the token endpoints
 * (docs/DECISIONS.md, "Wave 2, fifteenth session"; Tomcat's own page was HTML saying "Bad Request").
 */
@KeywayIntegrationTest
class DoorRefusalTests {

	@LocalServerPort
	int tomcat;

	@Value("${" + EventLoopListener.LOCAL_PORT + "}")
	int loop;

	@ParameterizedTest
	@ValueSource(strings = { "/rest/V1/store/storeConfigs%00", "/rest/V1/products/A%zzB", "/rest/V1/products/%C3",
			"/rest/V1/products/A|B", "/auth/verify%00", "/auth/envoy/rest/V1/%C0" })
	void requestWhenPathOrTargetIsRefusedBeforeKeywayReadsItThenTheSameJsonNamingTheRuleOnBothPorts(String target) {
		Answer onTomcat = raw(this.tomcat, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		Answer onLoop = raw(this.loop, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(onTomcat.status()).as(target).isEqualTo(400).isEqualTo(onLoop.status());
		assertThat(onTomcat.header("Content-Type")).as(target).startsWith("application/json");
		assertThat(onTomcat.body()).as(target).startsWith("{\"message\":\"The request ").isEqualTo(onLoop.body());
	}

	@Test
	void requestWhenNulInPathThenTheFirewallsRuleOnBothPorts() {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Answer answer = raw(port, "GET /rest/V1/products/A%00B HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

			assertThat(answer.body()).as("port %d", port).isEqualTo(
					"{\"message\":\"The request was rejected because the URL contained a potentially malicious String \\\"%00\\\"\"}");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/oauth/token/request%00", "/oauth/token/request%zz", "/oauth/token/request%2F%2F",
			"/oauth/token/request;x", "/oauth/token/request|" })
	void tokenRequestWhenRefusedBeforeTheEndpointThenOAuthProblemNamingTheRuleOnBothPorts(String target) {
		Answer onTomcat = raw(this.tomcat, "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
				+ "Connection: close\r\n\r\n");
		Answer onLoop = raw(this.loop, "POST " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
				+ "Connection: close\r\n\r\n");

		assertThat(onTomcat.status()).as(target).isEqualTo(400).isEqualTo(onLoop.status());
		assertThat(onTomcat.header("Content-Type")).as(target).startsWith("application/x-www-form-urlencoded");
		assertThat(onTomcat.body()).as(target).startsWith("oauth_problem=The+request+").isEqualTo(onLoop.body());
	}

	@Test
	void requestWhenHostIsNotHostAndPortThenBothPortsName400InMagentosShape() {
		for (int port : new int[] { this.tomcat, this.loop }) {
			Answer answer = raw(port, "GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: a@evil.example\r\n"
					+ "Connection: close\r\n\r\n");

			assertThat(answer.status()).as("port %d", port).isEqualTo(400);
			assertThat(answer.body()).as("port %d", port)
				.isEqualTo("{\"message\":\"The Host header is not host[:port]: \\\"a@evil.example\\\"\"}");
		}
	}

	@Test
	void requestWhenTomcatCannotReadTheRequestLineThen400OnBothPortsTheListenerNamingTheRule() {
		// Tomcat's parser stops before it has a path to choose a shape by: its own page stays on its port
		for (String target : new String[] { "/rest/V1/products/5#/x", "/rest/V1/store/storeConfigs?q=%22<" }) {
			Answer onTomcat = raw(this.tomcat, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			Answer onLoop = raw(this.loop, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

			assertThat(onTomcat.status()).as(target).isEqualTo(400).isEqualTo(onLoop.status());
			assertThat(onLoop.body()).as(target).startsWith("{\"message\":\"The request target holds a character that must be");
		}
	}

	@Test
	void requestWhenTargetHoldsARawSpaceThenBothPortsNameTheRuleInTheShapeOfThePath() {
		for (int port : new int[] { this.tomcat, this.loop }) {
			rawSpaceNamedInTheShapeOfThePath(port);
		}
	}

	private void rawSpaceNamedInTheShapeOfThePath(int port) {
		// a developer trial: PECL OAuth sends the URL it is given, so an unencoded space in a search value
		// ("Rain Shell") reached the request line, and the answer only said the server refused the request
		// (the listener echoed what followed the space: "invalid version format: SHELL HTTP/1.1")
		Answer api = raw(port, "GET /rest/V1/products?searchCriteria[filter_groups][0][filters][0][value]=Rain "
				+ "Shell HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		Answer token = raw(port, "POST /oauth/token/request?x=a b HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Length: 0\r\nConnection: close\r\n\r\n");

		assertThat(api.status()).isEqualTo(400);
		assertThat(api.header("Content-Type")).startsWith("application/json");
		assertThat(api.body()).isEqualTo("{\"message\":\"The request line is not \\\"<method> <target> HTTP/1.1\\\": "
				+ "the request target holds a space, which must be percent-encoded (%20)\"}");
		assertThat(token.status()).isEqualTo(400);
		assertThat(token.body()).isEqualTo("oauth_problem=The+request+line+is+not+%22%3Cmethod%3E+%3Ctarget%3E+HTTP%2F1.1%22%3A"
				+ "+the+request+target+holds+a+space%2C+which+must+be+percent-encoded+%28%2520%29");
	}

	@Test
	void requestWhenHeadersAreLongerThanTheLimitThenBothPortsNameTheSetting() {
		// an operator trial: Tomcat's port said only "The HTTP server refused the request before Keyway read it
		// (status 400)", the listener "The request could not be read: \"HTTP header is larger than 8192 bytes.\""
		String request = "GET /rest/V1/store/storeConfigs HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(9000)
				+ "\r\nConnection: close\r\n\r\n";
		Answer onTomcat = raw(this.tomcat, request);
		Answer onLoop = raw(this.loop, request);

		assertThat(onTomcat.status()).isEqualTo(400).isEqualTo(onLoop.status());
		assertThat(onTomcat.body()).isEqualTo(onLoop.body()).isEqualTo("{\"message\":\"The request line and headers "
				+ "are longer than server.max-http-request-header-size allows\"}");
	}

	@Test
	void verifyWhenNginxsCheckIsLongerThanTheLimitThen403WithTheReasonOnBothPorts() {
		// auth_request turns a 400 into nginx's own 500: the check carries the client's headers and the URI again
		String request = "GET /auth/verify HTTP/1.1\r\nHost: localhost\r\nX-Original-Method: GET\r\n"
				+ "X-Original-URI: /rest/V1/products?searchCriteria=" + "a".repeat(9000) + "\r\nConnection: close\r\n\r\n";
		Answer onTomcat = raw(this.tomcat, request);
		Answer onLoop = raw(this.loop, request);

		assertThat(onTomcat.status()).isEqualTo(403).isEqualTo(onLoop.status());
		assertThat(onTomcat.header("X-Keyway-Error")).isEqualTo(onLoop.header("X-Keyway-Error"))
			.isEqualTo("400 The request line and headers are longer than server.max-http-request-header-size allows");
		assertThat(onTomcat.body()).isEqualTo(onLoop.body()).isEqualTo("{\"message\":\"The request line and headers "
				+ "are longer than server.max-http-request-header-size allows\"}");
	}

	@Test
	void requestWhenRequestLineAloneIsLongerThanTheLimitThenBothPortsNameTheSetting() {
		// an operator trial: a 9,000-character SKU got Tomcat's HTML "Bad Request" page on Tomcat's port
		String request = "GET /rest/V1/products/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n"
				+ "Connection: close\r\n\r\n";
		Answer onTomcat = raw(this.tomcat, request);
		Answer onLoop = raw(this.loop, request);

		assertThat(onTomcat.status()).isEqualTo(400).isEqualTo(onLoop.status());
		assertThat(onTomcat.header("Content-Type")).startsWith("application/json");
		assertThat(onTomcat.body()).isEqualTo(onLoop.body()).isEqualTo("{\"message\":\"The request line and headers "
				+ "are longer than server.max-http-request-header-size allows\"}");
	}

	@Test
	void requestWhenAdminPathIsRefusedByTomcatThenTomcatsOwnPageStays() {
		Answer answer = raw(this.tomcat, "GET /admin/x%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.header("Content-Type")).startsWith("text/html");
	}

	record Answer(int status, String head, String body) {

		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).strip();
				}
			}
			return null;
		}

	}

	/** One request written by hand (a client library would encode what these tests send raw), answer read to the end. */
	private static Answer raw(int port, String request) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try {
				in.transferTo(bytes);
			}
			catch (SocketTimeoutException ex) {
				// a kept-alive answer: what arrived is the answer
			}
			String answer = bytes.toString(StandardCharsets.UTF_8);
			int end = answer.indexOf("\r\n\r\n");
			String head = answer.substring(0, end);
			String body = answer.substring(end + 4);
			if ("chunked".equalsIgnoreCase(new Answer(0, head, "").header("Transfer-Encoding"))) {
				body = dechunked(body);
			}
			return new Answer(Integer.parseInt(answer.substring(9, 12)), head, body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String dechunked(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int line = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, line).strip(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, line + 2, line + 2 + size);
			at = line + 2 + size + 2;
		}
	}

}
