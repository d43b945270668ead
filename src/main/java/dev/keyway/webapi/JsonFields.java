package dev.keyway.webapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/** Reads typed fields out of a JSON request object, answering 400 with the field and value on a mismatch. */
public final class JsonFields {

	private JsonFields() {
	}

	/** The object itself, or the object under {@code wrapper} when the body is {@code {"<wrapper>": {...}}}. */
	public static JsonNode unwrap(JsonNode body, String wrapper) {
		if (!body.isObject()) {
			throw ApiException.badRequest("The request body must be a JSON object; got " + describe(body) + ".");
		}
		if (body.size() == 1 && body.has(wrapper)) {
			JsonNode inner = body.get(wrapper);
			if (!inner.isObject()) {
				throw ApiException.badRequest("\"" + wrapper + "\" must be a JSON object; got " + describe(inner) + ".");
			}
			return inner;
		}
		return body;
	}

	/** 400 naming every field that is neither known nor ignorable. */
	public static void checkKnown(JsonNode object, Set<String> known, Set<String> ignored) {
		List<String> unknown = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			if (!known.contains(field.getKey()) && !ignored.contains(field.getKey())) {
				unknown.add(field.getKey());
			}
		}
		if (!unknown.isEmpty()) {
			throw ApiException.badRequest("Unknown field" + ((unknown.size() > 1) ? "s " : " ")
					+ quote(unknown.subList(0, Math.min(unknown.size(), 10))) + ((unknown.size() > 10) ? ", …" : "")
					+ "; known fields: " + String.join(", ", new TreeSet<>(known)) + ".");
		}
	}

	public static boolean has(JsonNode object, String name) {
		return object.has(name);
	}

	/** A string or null; numbers are accepted as their text. */
	public static String text(JsonNode object, String name) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isString() || value.isNumber()) {
			return value.asString();
		}
		throw ApiException.badRequest("\"" + name + "\" must be a string; got " + describe(value) + ".");
	}

	/** A whole number (a JSON number or a numeric string) from -2147483648 to 2147483647, or null. */
	public static Integer integer(JsonNode object, String name) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		try {
			if (value.isIntegralNumber() && value.canConvertToInt()) {
				return value.intValue();
			}
			if (value.isString() && value.asString().length() <= Shown.MAX_NUMBER_TEXT) {
				return Integer.valueOf(value.asString().strip());
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest("\"" + name + "\" must be a whole number from " + Integer.MIN_VALUE + " to "
				+ Integer.MAX_VALUE + "; got " + describe(value) + ".");
	}

	/** True/false, 1/0 or their strings; null when absent. */
	public static Boolean optionalBool(JsonNode object, String name) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isString() && ("1".equals(value.asString()) || "0".equals(value.asString()))) {
			return "1".equals(value.asString());
		}
		return bool(object, name, false);
	}

	public static boolean bool(JsonNode object, String name, boolean fallback) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isNumber() && (value.asInt() == 0 || value.asInt() == 1)) {
			return value.asInt() == 1;
		}
		if (value.isString() && ("true".equals(value.asString()) || "false".equals(value.asString()))) {
			return Boolean.parseBoolean(value.asString());
		}
		throw ApiException.badRequest("\"" + name + "\" must be true or false; got " + describe(value) + ".");
	}

	public static List<String> strings(JsonNode object, String name) {
		JsonNode value = object.get(name);
		if (value == null || value.isNull()) {
			return List.of();
		}
		if (!value.isArray()) {
			throw ApiException.badRequest("\"" + name + "\" must be a list of strings; got " + describe(value) + ".");
		}
		List<String> out = new ArrayList<>();
		for (JsonNode element : value) {
			if (!element.isString()) {
				throw ApiException.badRequest("\"" + name + "\" must be a list of strings; it holds " + describe(element)
						+ ".");
			}
			out.add(element.asString());
		}
		return out;
	}

	/** A value for a message, cut to 64 characters (a JSON number may have 1000 digits, a string a megabyte). */
	public static String describe(JsonNode value) {
		if (value.isString()) {
			return Shown.shown(value.asString());
		}
		if (value.isObject()) {
			return "an object";
		}
		if (value.isArray()) {
			return "a list";
		}
		if (value.isBigDecimal()) {
			return Shown.shown(value.decimalValue());
		}
		return Shown.cut(value.toString());
	}

	private static String quote(List<String> names) {
		return String.join(", ", names.stream().map(Shown::shown).toList());
	}

}
