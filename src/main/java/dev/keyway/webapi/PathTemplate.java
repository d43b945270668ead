package dev.keyway.webapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A route path such as {@code /V1/products/:sku}: literal segments and {@code :name} variables.
 * Matching takes the already decoded segments of a request path.
 */
public record PathTemplate(String text, List<String> segments) {

	public static PathTemplate of(String text) {
		if (!text.startsWith("/V1/")) {
			throw new IllegalArgumentException("A route path starts with /V1/; got " + Shown.shown(text));
		}
		return new PathTemplate(text, List.of(text.substring(1).split("/")));
	}

	/** The variables when the segments match, else null. */
	public Map<String, String> match(List<String> path) {
		if (path.size() != this.segments.size()) {
			return null;
		}
		Map<String, String> variables = null;
		for (int i = 0; i < path.size(); i++) {
			String template = this.segments.get(i);
			if (template.startsWith(":")) {
				if (path.get(i).isEmpty()) {
					return null;
				}
				if (variables == null) {
					variables = new LinkedHashMap<>(4);
				}
				variables.put(template.substring(1), path.get(i));
			}
			else if (!template.equals(path.get(i))) {
				return null;
			}
		}
		return (variables != null) ? variables : Map.of();
	}

	/**
	 * Most specific first: reading left to right, at the first segment where one template has a
	 * literal and the other a variable, the literal one comes first ({@code /V1/products/types} before
	 * {@code /V1/products/:sku}, {@code /V1/products/attributes/:code} before
	 * {@code /V1/products/:sku/media}), whatever the order the routes were declared in. Templates that
	 * never differ so keep their declaration order (a stable sort).
	 */
	public static final Comparator<PathTemplate> MOST_SPECIFIC_FIRST = (a, b) -> {
		int length = Math.min(a.segments.size(), b.segments.size());
		for (int i = 0; i < length; i++) {
			boolean aLiteral = !a.segments.get(i).startsWith(":");
			boolean bLiteral = !b.segments.get(i).startsWith(":");
			if (aLiteral != bLiteral) {
				return aLiteral ? -1 : 1;
			}
		}
		return 0;
	};

	/** The variable names, in order. */
	public List<String> variables() {
		List<String> names = new ArrayList<>();
		for (String segment : this.segments) {
			if (segment.startsWith(":")) {
				names.add(segment.substring(1));
			}
		}
		return names;
	}

}
