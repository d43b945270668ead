package dev.keyway.storeapi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.keyway.store.SearchCriteria;
import dev.keyway.store.SearchResult;
import dev.keyway.webapi.MagentoTime;

/**
 * Magento's JSON conventions for the store resources: objects omit null values (as Magento's
 * serializer does), times are {@code yyyy-MM-dd HH:mm:ss} UTC, decimals have no trailing zeros, lists
 * are {@code {"items", "search_criteria", "total_count"}}.
 */
final class WireJson {

	private WireJson() {
	}

	/** A JSON object in insertion order that leaves out null values. */
	static final class Obj extends LinkedHashMap<String, Object> {

		private static final long serialVersionUID = 1L;

		Obj with(String key, Object value) {
			if (value != null) {
				put(key, value);
			}
			return this;
		}

	}

	static Obj obj() {
		return new Obj();
	}

	static String time(Instant instant) {
		return MagentoTime.format(instant);
	}

	/** 149.0000 as 149, 0.7500 as 0.75. */
	static BigDecimal number(BigDecimal value) {
		if (value == null) {
			return null;
		}
		BigDecimal stripped = value.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0, RoundingMode.UNNECESSARY) : stripped;
	}

	/** {@code {"items": [...], "search_criteria": {...}, "total_count": N}}. */
	static <T> Map<String, Object> list(SearchResult<T> result, Function<T, Object> item) {
		List<Object> items = new ArrayList<>(result.items().size());
		for (T each : result.items()) {
			items.add(item.apply(each));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("items", items);
		body.put("search_criteria", criteria(result.criteria()));
		body.put("total_count", result.totalCount());
		return body;
	}

	/** The echo of the criteria, in Magento's shape. */
	static Map<String, Object> criteria(SearchCriteria criteria) {
		List<Object> groups = new ArrayList<>();
		for (SearchCriteria.FilterGroup group : criteria.filterGroups()) {
			List<Object> filters = new ArrayList<>();
			for (SearchCriteria.Filter filter : group.filters()) {
				filters.add(obj().with("field", filter.field())
					.with("value", filter.value())
					.with("condition_type", filter.conditionType()));
			}
			groups.add(Map.of("filters", filters));
		}
		Obj echo = obj().with("filter_groups", groups);
		if (!criteria.sortOrders().isEmpty()) {
			echo.with("sort_orders", criteria.sortOrders()
				.stream()
				.map((sort) -> obj().with("field", sort.field()).with("direction", sort.direction()))
				.toList());
		}
		return echo.with("page_size", criteria.pageSize()).with("current_page", criteria.currentPage());
	}

}
