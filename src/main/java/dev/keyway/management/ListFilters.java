package dev.keyway.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyway.integration.IntegrationStatus;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.Shown;

/**
 * The filters of {@code GET /V1/integrations} in Magento's {@code searchCriteria} form (SPEC 2.9): by
 * {@code name} ({@code eq}, the default: the name itself, ignoring case, as names are unique; or {@code like}:
 * the name contains the value, its {@code %} wildcards at either end dropped) and by {@code status}
 * ({@code eq}: 0, 1 or 2), each in a filter group of its own (groups are ANDed, as in Magento). A DevOps
 * trial's create-or-update script looked an integration up by name this way and got every integration: the
 * filters were ignored. Anything else under {@code searchCriteria} is refused with the rule, never ignored.
 */
record ListFilters(String name, boolean exactName, IntegrationStatus status, List<Map<String, Object>> groups) {

	private static final Pattern FILTER = Pattern
		.compile("searchCriteria\\[filter_groups]\\[(\\d{1,3})]\\[filters]\\[(\\d{1,3})]\\[(field|value|condition_type)]");

	private static final String RULE = "GET /V1/integrations filters by \"name\" (condition_type eq or like) and "
			+ "\"status\" (eq: 0, 1 or 2), one filter per group; pages with searchCriteria[pageSize] and "
			+ "searchCriteria[currentPage], by id ascending";

	static ListFilters of(Map<String, List<String>> query) {
		Map<String, Map<String, String>> filters = new TreeMap<>();
		for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
			String key = parameter.getKey();
			// a bare searchCriteria (no criterion: what some clients send for "all") asks for nothing
			if (!key.startsWith("searchCriteria") || key.equals("searchCriteria") || key.equals("searchCriteria[pageSize]")
					|| key.equals("searchCriteria[currentPage]")) {
				continue;
			}
			Matcher matcher = FILTER.matcher(key);
			if (!matcher.matches()) {
				throw ApiException.badRequest(RULE + "; got the parameter " + Shown.shown(key) + ".");
			}
			String value = parameter.getValue().isEmpty() ? "" : parameter.getValue().get(0);
			filters.computeIfAbsent(matcher.group(1) + "/" + matcher.group(2), (k) -> new LinkedHashMap<>())
				.put(matcher.group(3), value);
		}
		String name = null;
		boolean exact = true;
		IntegrationStatus status = null;
		List<Map<String, Object>> groups = new ArrayList<>();
		java.util.Set<String> groupsSeen = new java.util.HashSet<>();
		for (Map.Entry<String, Map<String, String>> entry : filters.entrySet()) {
			String group = entry.getKey().substring(0, entry.getKey().indexOf('/'));
			if (!groupsSeen.add(group)) {
				throw ApiException.badRequest(RULE + "; filter group " + group + " has more than one filter.");
			}
			Map<String, String> filter = entry.getValue();
			String field = filter.get("field");
			String value = filter.get("value");
			String condition = filter.getOrDefault("condition_type", "eq");
			if (field == null || value == null) {
				throw ApiException.badRequest(RULE + "; filter group " + group + " needs a field and a value.");
			}
			if (field.equals("name") && name == null && (condition.equals("eq") || condition.equals("like"))) {
				exact = condition.equals("eq");
				name = exact ? value : stripWildcards(value);
			}
			else if (field.equals("status") && status == null && condition.equals("eq")) {
				status = status(value);
			}
			else {
				throw ApiException.badRequest(RULE + "; got the field " + Shown.shown(field) + " with condition_type "
						+ Shown.shown(condition) + ((field.equals("name") || field.equals("status")) ? " (or given twice)" : "")
						+ ".");
			}
			Map<String, Object> shown = new LinkedHashMap<>();
			shown.put("field", field);
			shown.put("value", value);
			shown.put("condition_type", condition);
			groups.add(Map.of("filters", List.of(shown)));
		}
		if (name != null && name.isBlank()) {
			if (exact) {
				throw ApiException.badRequest(RULE + "; a name to match (eq) is never empty.");
			}
			name = null; // an empty like (%%) matches every name, as Magento's would
		}
		return new ListFilters(name, exact, status, List.copyOf(groups));
	}

	private static String stripWildcards(String value) {
		int from = 0;
		int to = value.length();
		while (from < to && value.charAt(from) == '%') {
			from++;
		}
		while (to > from && value.charAt(to - 1) == '%') {
			to--;
		}
		return value.substring(from, to);
	}

	private static IntegrationStatus status(String value) {
		try {
			return IntegrationStatus.ofCode(Integer.parseInt(value.strip()));
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("The status filter is 0 (Inactive), 1 (Active) or 2 (Reset); got "
					+ Shown.shown(value) + ".");
		}
	}

}
