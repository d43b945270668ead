package dev.keyway.webapi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

/**
 * Writes Web API answers as JSON, or as XML when the {@code Accept} header prefers it (SPEC 5.5),
 * in Magento's shapes: errors are {@code {"message", "parameters", "errors"}}, XML documents have the
 * root {@code <response>} and list entries {@code <item>}. XML is written with the JDK's StAX writer.
 */
@Component
class ResponseWriter {

	private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

	private final JsonMapper json;

	/** Made on first use: most callers ask for JSON, and the XML stack is large to load. */
	private volatile XMLOutputFactory xml;

	ResponseWriter(JsonMapper json) {
		this.json = json;
	}

	void write(HttpServletRequest request, HttpServletResponse response, int status, Object body) throws IOException {
		write(request, response, status, body, null);
	}

	/**
	 * A successful answer, kept to the named {@code fields} (Magento's partial response, see
	 * {@link FieldsFilter}) when the caller gave them, in JSON and XML alike. Errors are never filtered.
	 */
	void write(HttpServletRequest request, HttpServletResponse response, int status, Object body, String fields)
			throws IOException {
		response.setStatus(status);
		response.setCharacterEncoding("UTF-8");
		boolean filtered = fields != null && !fields.isEmpty();
		if (wantsXml(request)) {
			response.setContentType("application/xml;charset=UTF-8");
			JsonNode tree = this.json.valueToTree(body);
			writeXml(filtered ? FieldsFilter.apply(tree, fields) : tree, response.getOutputStream());
		}
		else {
			response.setContentType("application/json;charset=UTF-8");
			Object written = filtered ? FieldsFilter.apply(this.json.valueToTree(body), fields) : body;
			this.json.writeValue(response.getOutputStream(), written);
		}
	}

	void writeError(HttpServletRequest request, HttpServletResponse response, ApiException error, String trace)
			throws IOException {
		write(request, response, error.status(), errorBody(error, trace));
	}

	static Map<String, Object> errorBody(ApiException error, String trace) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", error.getMessage());
		if (!error.errors().isEmpty()) {
			body.put("errors", error.errors().stream().map(ResponseWriter::item).toList());
		}
		if (error.parameters() != null) {
			body.put("parameters", error.parameters());
		}
		if (error.explanation() != null) {
			error.explanation().forEach(body::put);
		}
		if (trace != null) {
			body.put("trace", trace);
		}
		return body;
	}

	private static Map<String, Object> item(ApiException.Item item) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("message", item.message());
		if (item.parameters() != null) {
			map.put("parameters", item.parameters());
		}
		return map;
	}

	static boolean wantsXml(HttpServletRequest request) {
		String accept;
		try {
			accept = request.getHeader("Accept");
		}
		catch (RequestRejectedException ex) {
			// the firewall refuses the header's value: answer in JSON rather than fail while answering
			// (an error answer, a delayed refusal or a verify-only refusal would become another error)
			return false;
		}
		if (accept == null || accept.indexOf("xml") < 0) {
			return false;
		}
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			MimeTypeUtils.sortBySpecificity(types);
			for (MediaType type : types) {
				if (type.getQualityValue() == 0) {
					continue;
				}
				if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
					return false;
				}
				if ("xml".equals(type.getSubtype()) || type.getSubtype().endsWith("+xml")) {
					return true;
				}
			}
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		return false;
	}

	private void writeXml(JsonNode node, OutputStream out) throws IOException {
		try {
			XMLOutputFactory factory = this.xml;
			if (factory == null) {
				factory = XMLOutputFactory.newFactory();
				this.xml = factory;
			}
			XMLStreamWriter writer = factory.createXMLStreamWriter(out, "UTF-8");
			writer.writeStartDocument("UTF-8", "1.0");
			writer.writeStartElement("response");
			writeContent(writer, node);
			writer.writeEndElement();
			writer.writeEndDocument();
			writer.flush();
		}
		catch (XMLStreamException ex) {
			throw new IOException("Cannot write the XML response", ex);
		}
	}

	private static void writeContent(XMLStreamWriter writer, JsonNode node) throws XMLStreamException {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return;
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				if (XML_NAME.matcher(field.getKey()).matches()) {
					writer.writeStartElement(field.getKey());
				}
				else {
					writer.writeStartElement("item");
					writer.writeAttribute("key", xmlText(field.getKey()));
				}
				writeContent(writer, field.getValue());
				writer.writeEndElement();
			}
		}
		else if (node.isArray()) {
			for (JsonNode element : node) {
				writer.writeStartElement("item");
				writeContent(writer, element);
				writer.writeEndElement();
			}
		}
		else {
			writer.writeCharacters(xmlText(node.asString()));
		}
	}

	/**
	 * {@code text} with every character XML 1.0 forbids (C0 controls but tab, line feed and carriage
	 * return; unpaired surrogates; U+FFFE, U+FFFF) replaced by U+FFFD: they cannot appear in a document
	 * even as character references, and StAX writes them raw. Hand-written: the JDK has no such
	 * filter, and the check must cost nothing on clean text.
	 */
	static String xmlText(String text) {
		int length = text.length();
		int i = 0;
		while (i < length && allowed(text, i)) {
			i += Character.charCount(text.codePointAt(i));
		}
		if (i == length) {
			return text;
		}
		StringBuilder out = new StringBuilder(length).append(text, 0, i);
		while (i < length) {
			int codePoint = text.codePointAt(i);
			out.appendCodePoint(allowed(text, i) ? codePoint : 0xFFFD);
			i += Character.charCount(codePoint);
		}
		return out.toString();
	}

	private static boolean allowed(String text, int index) {
		int c = text.codePointAt(index);
		return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
				|| (c >= 0x10000 && c <= 0x10FFFF);
	}

}
