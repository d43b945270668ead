package dev.keyway.storeapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyway.store.InputBounds;
import dev.keyway.store.SearchCriteria;
import dev.keyway.webapi.ApiException;

/**
 * Reads Magento's {@code searchCriteria} query parameters into {@link SearchCriteria}:
 * {@code searchCriteria[filter_groups][i][filters][j][field|value|condition_type]},
 * {@code searchCriteria[sortOrders][i][field|direction]}, {@code searchCriteria[pageSize]},
 * {@code searchCriteria[currentPage]}. Keys are accepted in camelCase and snake_case; names arrive
 * decoded, so raw and %5B%5D-encoded brackets are the same. Indexes only order the entries. Other query
 * parameters are ignored; an unknown {@code searchCriteria[...]} key is a 400 naming it. Whether fields,
 * condition types and values are valid is the store's decision.
 */
final class SearchCriteriaParser {

	static final String ROOT = "searchCriteria";

	private static final Pattern SEGMENT = Pattern.compile("\\[([^\\[\\]]*)\\]");

	private static final Pattern INDEX = Pattern.compile("[0-9]{1,6}");

	private SearchCriteriaParser() {
	}

	private static final class FilterParts {

		String field;

		String value;

		String conditionType;

	}

	private static final class SortParts {

		String field;

		String direction;

	}

	static SearchCriteria parse(Map<String, List<String>> query) {
		TreeMap<Integer, TreeMap<Integer, FilterParts>> groups = new TreeMap<>();
		TreeMap<Integer, SortParts> sorts = new TreeMap<>();
		Integer pageSize = null;
		Integer currentPage = null;
		for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
			String name = parameter.getKey();
			if (!name.startsWith(ROOT)) {
				continue;
			}
			String value = parameter.getValue().isEmpty() ? "" : parameter.getValue().get(parameter.getValue().size() - 1);
			List<String> keys = segments(name);
			if (keys.isEmpty()) {
				continue; // "searchCriteria=" alone: no criteria
			}
			String first = keys.get(0);
			if (is(first, "filter_groups", "filterGroups")) {
				if (keys.size() != 5 || !"filters".equals(keys.get(2)) || !isIndex(keys.get(1)) || !isIndex(keys.get(3))) {
					throw unknown(name);
				}
				FilterParts filter = groups.computeIfAbsent(index(keys.get(1)), (k) -> new TreeMap<>())
					.computeIfAbsent(index(keys.get(3)), (k) -> new FilterParts());
				String part = keys.get(4);
				if ("field".equals(part)) {
					filter.field = value;
				}
				else if ("value".equals(part)) {
					filter.value = value;
				}
				else if (is(part, "condition_type", "conditionType")) {
					filter.conditionType = value;
				}
				else {
					throw unknown(name);
				}
			}
			else if (is(first, "sort_orders", "sortOrders")) {
				if (keys.size() != 3 || !isIndex(keys.get(1))) {
					throw unknown(name);
				}
				SortParts sort = sorts.computeIfAbsent(index(keys.get(1)), (k) -> new SortParts());
				if ("field".equals(keys.get(2))) {
					sort.field = value;
				}
				else if ("direction".equals(keys.get(2))) {
					sort.direction = value;
				}
				else {
					throw unknown(name);
				}
			}
			else if (is(first, "page_size", "pageSize") && keys.size() == 1) {
				pageSize = number(name, value);
			}
			else if (is(first, "current_page", "currentPage") && keys.size() == 1) {
				currentPage = number(name, value);
			}
			else {
				throw unknown(name);
			}
		}
		List<SearchCriteria.FilterGroup> filterGroups = new ArrayList<>();
		groups.forEach((groupIndex, filters) -> {
			List<SearchCriteria.Filter> list = new ArrayList<>();
			filters.forEach((filterIndex, parts) -> {
				if (parts.field == null || parts.field.isEmpty()) {
					throw ApiException.badRequest("The filter " + ROOT + "[filter_groups][" + groupIndex + "][filters]["
							+ filterIndex + "] has no [field]; every filter needs one.");
				}
				list.add(new SearchCriteria.Filter(parts.field, parts.value, parts.conditionType));
			});
			filterGroups.add(new SearchCriteria.FilterGroup(list));
		});
		List<SearchCriteria.SortOrder> sortOrders = new ArrayList<>();
		sorts.forEach((sortIndex, parts) -> {
			if (parts.field == null || parts.field.isEmpty()) {
				throw ApiException.badRequest("The sort order " + ROOT + "[sortOrders][" + sortIndex
						+ "] has no [field]; every sort order needs one.");
			}
			sortOrders.add(new SearchCriteria.SortOrder(parts.field, parts.direction));
		});
		return new SearchCriteria(filterGroups, sortOrders, pageSize, currentPage);
	}

	/** The bracketed keys after "searchCriteria"; 400 when the name has any other shape. */
	private static List<String> segments(String name) {
		String rest = name.substring(ROOT.length());
		List<String> keys = new ArrayList<>();
		Matcher matcher = SEGMENT.matcher(rest);
		int position = 0;
		while (matcher.find()) {
			if (matcher.start() != position) {
				throw unknown(name);
			}
			keys.add(matcher.group(1));
			position = matcher.end();
		}
		if (position != rest.length()) {
			throw unknown(name);
		}
		return keys;
	}

	private static boolean is(String key, String snake, String camel) {
		return snake.equals(key) || camel.equals(key);
	}

	private static boolean isIndex(String key) {
		return INDEX.matcher(key).matches();
	}

	private static int index(String key) {
		return Integer.parseInt(key);
	}

	/** A whole number from 1 to 2147483647; bigger ones are refused here, before any arithmetic. */
	private static Integer number(String name, String value) {
		try {
			if (value.length() <= InputBounds.MAX_NUMBER_TEXT) {
				return Integer.valueOf(value.strip());
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.badRequest("\"" + name + "\" must be a whole number from 1 to " + Integer.MAX_VALUE + "; got "
				+ InputBounds.shown(value) + ".");
	}

	private static ApiException unknown(String name) {
		return ApiException.badRequest("Unknown search criteria parameter " + InputBounds.shown(name) + ". Use " + ROOT
				+ "[filter_groups][i][filters][j][field|value|condition_type], " + ROOT
				+ "[sort_orders][i][field|direction], " + ROOT + "[page_size] and " + ROOT
				+ "[current_page] (camelCase also accepted).");
	}

}
