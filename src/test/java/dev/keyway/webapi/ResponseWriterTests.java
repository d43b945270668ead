package dev.keyway.webapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class ResponseWriterTests {

	private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

	private final ResponseWriter writer = new ResponseWriter(JsonMapper.shared());

	@ParameterizedTest
	@ValueSource(strings = { "application/xml", "text/xml", "application/xml;charset=UTF-8", "application/atom+xml",
			"application/xml, */*", "application/json;q=0.5, application/xml", "text/html, application/xml;q=0.9" })
	void wantsXmlWhenAcceptPrefersXmlThenTrue(String accept) {
		assertThat(ResponseWriter.wantsXml(request(accept))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "*/*", "application/json, application/xml",
			"application/xml;q=0.5, application/json", "text/plain", "not a media type at all xml" })
	void wantsXmlWhenAcceptDoesNotPreferXmlThenFalse(String accept) {
		assertThat(ResponseWriter.wantsXml(request(accept))).isFalse();
	}

	@Test
	void wantsXmlWhenNoAcceptHeaderThenFalse() {
		assertThat(ResponseWriter.wantsXml(new MockHttpServletRequest())).isFalse();
	}

	@Test
	void wantsXmlWhenXmlIsMarkedNotAcceptableThenFalse() {
		// RFC 9110 12.4.2: q=0 means "not acceptable"
		assertThat(ResponseWriter.wantsXml(request("application/xml;q=0, */*"))).isFalse();
	}

	@Test
	void writeWhenNoAcceptThenJson() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "Shop sync");
		body.put("items", List.of(1, 2));
		this.writer.write(new MockHttpServletRequest(), response, 200, body);
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(response.getContentAsString()).isEqualTo("{\"name\":\"Shop sync\",\"items\":[1,2]}");
	}

	@Test
	void writeWhenStringBodyThenJsonString() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.write(new MockHttpServletRequest(), response, 200, "0123456789abcdefghijklmnopqrstuv");
		assertThat(response.getContentAsString()).isEqualTo("\"0123456789abcdefghijklmnopqrstuv\"");
	}

	@Test
	void writeWhenAcceptXmlThenXmlWithResponseRootAndItems() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "A & B <c>");
		body.put("items", List.of("x", "y"));
		body.put("total_count", 2);
		body.put("not a name", true);
		body.put("empty", null);
		this.writer.write(request("application/xml"), response, 200, body);
		assertThat(response.getContentType()).isEqualTo("application/xml;charset=UTF-8");
		assertThat(response.getContentAsString()).isEqualTo(XML_DECLARATION + "<response><name>A &amp; B &lt;c&gt;</name>"
				+ "<items><item>x</item><item>y</item></items><total_count>2</total_count>"
				+ "<item key=\"not a name\">true</item><empty></empty></response>");
	}

	@Test
	void writeErrorWhenJsonThenMagentoShapeWithParameters() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.writeError(new MockHttpServletRequest(), response,
				ApiException.unauthorized(List.of("Magento_Cms::page", "Magento_Cms::block")), null);
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).isEqualTo("{\"message\":\"The consumer isn't authorized to access "
				+ "%resources.\",\"parameters\":{\"resources\":\"Magento_Cms::page, Magento_Cms::block\"}}");
	}

	@Test
	void writeErrorWhenXmlThenSameShapeInXml() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.writer.writeError(request("application/xml"), response, ApiException.notFound(ApiException.NO_ROUTE), null);
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentAsString())
			.isEqualTo(XML_DECLARATION + "<response><message>Request does not match any route.</message></response>");
	}

	@Test
	void writeErrorWhenXmlAndMessageHasCharactersXmlForbidsThenReplacedAndParsedByAnXmlParser() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		String message = "bad\u0001name\u0000with\u001f\u0008controls\ufffe\ud800 tab\tline\nok \ud83d\ude00";
		this.writer.writeError(request("application/xml"), response,
				new ApiException(400, message, Map.of("bad\u0002key", "v\u000bw")), null);
		byte[] body = response.getContentAsByteArray();
		javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
		org.w3c.dom.Document document = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(body));
		String parsed = document.getElementsByTagName("message").item(0).getTextContent();
		assertThat(parsed).isEqualTo("bad\ufffdname\ufffdwith\ufffd\ufffdcontrols\ufffd\ufffd tab\tline\nok \ud83d\ude00");
		org.w3c.dom.Element item = (org.w3c.dom.Element) document.getElementsByTagName("parameters").item(0).getFirstChild();
		assertThat(item.getAttribute("key")).isEqualTo("bad\ufffdkey");
		assertThat(item.getTextContent()).isEqualTo("v\ufffdw");
	}

	@Test
	void errorBodyWhenSeveralInputErrorsThenAggregatedWithErrorsList() {
		ApiException error = ApiException.inputErrors(List.of(
				new ApiException.Item("\"%fieldName\" is required. Enter and try again.", Map.of("fieldName", "username")),
				new ApiException.Item("\"%fieldName\" is required. Enter and try again.", Map.of("fieldName", "password"))));
		Map<String, Object> body = ResponseWriter.errorBody(error, null);
		assertThat(error.status()).isEqualTo(400);
		assertThat(body).containsOnlyKeys("message", "errors");
		assertThat(body.get("message")).isEqualTo("One or more input exceptions have occurred.");
		assertThat(body.get("errors")).isEqualTo(List.of(
				Map.of("message", "\"%fieldName\" is required. Enter and try again.", "parameters",
						Map.of("fieldName", "username")),
				Map.of("message", "\"%fieldName\" is required. Enter and try again.", "parameters",
						Map.of("fieldName", "password"))));
	}

	@Test
	void errorBodyWhenOneInputErrorThenItsMessageAndParametersAlone() {
		ApiException error = ApiException.inputErrors(
				List.of(new ApiException.Item("\"%fieldName\" is required. Enter and try again.", Map.of("fieldName", "password"))));
		assertThat(ResponseWriter.errorBody(error, null)).isEqualTo(Map.of("message",
				"\"%fieldName\" is required. Enter and try again.", "parameters", Map.of("fieldName", "password")));
	}

	@Test
	void errorBodyWhenTraceGivenThenIncludedElseNot() {
		ApiException error = new ApiException(500, "Internal Error. Details are available in the log file. Report ID: webapi-1");
		assertThat(ResponseWriter.errorBody(error, null)).containsOnlyKeys("message");
		assertThat(ResponseWriter.errorBody(error, "at x.y(Z.java:1)")).containsEntry("trace", "at x.y(Z.java:1)");
	}

	private static MockHttpServletRequest request(String accept) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Accept", accept);
		return request;
	}

}
