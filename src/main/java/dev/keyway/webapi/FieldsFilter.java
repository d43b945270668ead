package dev.keyway.webapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Magento's partial responses: the {@code fields} query parameter ({@code items[sku,name],total_count})
 * keeps only the named fields of a successful answer, as
 * {@code Magento\Framework\Webapi\Rest\Response\FieldsFilter} does. Hand-written (no library speaks
 * this syntax), following Magento's rules, quirks included, so a connector sees what Magento sends:
 * <ul>
 * <li>names are comma-separated; {@code name[a,b]} keeps {@code a} and {@code b} inside {@code name},
 * nesting to any depth; a later plain {@code name} replaces an earlier {@code name[...]} and vice versa;</li>
 * <li>a list is filtered item by item; an empty list (or object) under a filter becomes {@code null};</li>
 * <li>names the answer does not have are dropped, and the answer keeps its own field order;</li>
 * <li>a filter with any character other than letters, digits, {@code _}, {@code [}, {@code ]} and
 * {@code ,}, or with an unclosed {@code [}, makes the answer empty ({@code []});</li>
 * <li>a value that is not an object or list (a scalar) is never filtered.</li>
 * </ul>
 */
final class FieldsFilter {

	/** The query parameter's name. */
	static final String PARAMETER = "fields";

	/** PHP's {@code \w} without the {@code u} flag: ASCII letters, digits and underscore. */
	private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_\\[\\],]+");

	/** The marker of a field kept whole. */
	private static final Object WHOLE = Boolean.TRUE;

	private FieldsFilter() {
	}

	/**
	 * {@code body} filtered by {@code filter}; {@code body} itself when there is no filter (null or
	 * empty) or the body is not an object or list.
	 */
	static JsonNode apply(JsonNode body, String filter) {
		if (filter == null || filter.isEmpty() || !(body.isObject() || body.isArray())) {
			return body;
		}
		Map<String, Object> fields = parse(filter);
		if (fields == null) {
			return JsonNodeFactory.instance.arrayNode();
		}
		return filter(body, fields);
	}

	/**
	 * The filter as nested maps: a name maps to {@link #WHOLE} or to the map of its own fields; null
	 * when the text is not a filter. A {@code ]} without its {@code [} files what came before under
	 * the name "" (which no answer has), as Magento does.
	 */
	static Map<String, Object> parse(String text) {
		if (text.isEmpty() || !ALLOWED.matcher(text).matches()) {
			return null;
		}
		Map<String, Object> current = new LinkedHashMap<>();
		Deque<Map<String, Object>> stack = new ArrayDeque<>();
		Deque<String> parents = new ArrayDeque<>();
		String element = "";
		int start = -1;
		for (int position = 0; position < text.length(); position++) {
			char c = text.charAt(position);
			if (c != '[' && c != ']' && c != ',') {
				if (start < 0) {
					start = position;
				}
				continue;
			}
			if (start >= 0) {
				element = text.substring(start, position);
				current.put(element, WHOLE);
				start = -1;
			}
			if (c == '[') {
				parents.push(element);
				stack.push(current);
				current = new LinkedHashMap<>();
			}
			else if (c == ']') {
				Map<String, Object> inner = current;
				current = stack.isEmpty() ? new LinkedHashMap<>() : stack.pop();
				current.put(parents.isEmpty() ? "" : parents.pop(), inner);
			}
		}
		if (!stack.isEmpty()) {
			return null;
		}
		if (start >= 0) {
			current.put(text.substring(start), WHOLE);
		}
		return current;
	}

	/** A list (or an empty object: PHP cannot tell them apart) item by item; an object by its fields. */
	private static JsonNode filter(JsonNode node, Map<String, Object> fields) {
		if (node.isArray() || node.isEmpty()) {
			if (node.isEmpty()) {
				return NullNode.getInstance();
			}
			ArrayNode items = JsonNodeFactory.instance.arrayNode(node.size());
			for (JsonNode item : node) {
				items.add(item.isObject() ? intersect(item, fields) : item);
			}
			return items;
		}
		return intersect(node, fields);
	}

	/** The named fields of an object, in the object's order, each filtered further when the filter nests. */
	@SuppressWarnings("unchecked")
	private static ObjectNode intersect(JsonNode object, Map<String, Object> fields) {
		ObjectNode kept = JsonNodeFactory.instance.objectNode();
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			Object rule = fields.get(field.getKey());
			if (rule == null) {
				continue;
			}
			JsonNode value = field.getValue();
			if (rule instanceof Map<?, ?> nested && (value.isObject() || value.isArray())) {
				value = filter(value, (Map<String, Object>) nested);
			}
			kept.set(field.getKey(), value);
		}
		return kept;
	}

}
