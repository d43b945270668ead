package dev.keyway.storeapi;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.keyway.settings.RuntimeSettings;
import dev.keyway.settings.Setting;
import dev.keyway.store.InputBounds;
import dev.keyway.store.SearchCriteria;
import dev.keyway.webapi.ApiException;
import dev.keyway.webapi.ApiRequest;

import org.springframework.stereotype.Component;

/**
 * Magento 2.4.7's Web API input limits ({@code webapi/validation/*}) on the store routes. When enabled:
 * a {@code searchCriteria[pageSize]} above Maximum Page Size is refused, a missing one becomes Default
 * Page Size, and a list in a request body longer than Input List Limit is refused. Whether enabled or
 * not, a search returns at most {@link InputBounds#MAX_ROWS} rows: a missing page size means a page of
 * that many, a larger one is refused with the same message.
 */
@Component
class InputLimits {

	/** Magento's message (Magento\Framework\Webapi\Validator\IOLimit). */
	static final String MAX_PAGE_SIZE = "Maximum SearchCriteria pageSize is %max";

	/** Magento's message (Magento\Framework\Webapi\Validator\EntityArrayValidator). */
	static final String MAX_ITEMS = "Maximum items of type \"%type\" is %max";

	private final RuntimeSettings settings;

	InputLimits(RuntimeSettings settings) {
		this.settings = settings;
	}

	/** The request's search criteria with the page the limits allow. */
	SearchCriteria criteria(ApiRequest request) {
		SearchCriteria parsed = SearchCriteriaParser.parse(request.query());
		boolean enabled = this.settings.enabled(Setting.INPUT_LIMITS_ENABLED);
		int maximum = enabled ? Math.min(this.settings.number(Setting.MAXIMUM_PAGE_SIZE), InputBounds.MAX_ROWS)
				: InputBounds.MAX_ROWS;
		Integer pageSize = parsed.pageSize();
		if (pageSize == null) {
			pageSize = enabled ? Math.min(this.settings.number(Setting.DEFAULT_PAGE_SIZE), maximum) : InputBounds.MAX_ROWS;
		}
		else if (pageSize > maximum) {
			throw new ApiException(400, MAX_PAGE_SIZE, Map.of("max", maximum));
		}
		return new SearchCriteria(parsed.filterGroups(), parsed.sortOrders(), pageSize, parsed.currentPage());
	}

	/** The request body, every list in it checked against Input List Limit when the limits are enabled. */
	JsonNode body(ApiRequest request) {
		JsonNode body = request.body();
		if (this.settings.enabled(Setting.INPUT_LIMITS_ENABLED)) {
			checkLists(body, "body", this.settings.number(Setting.INPUT_LIST_LIMIT));
		}
		return body;
	}

	/**
	 * Walks the document (its depth is bounded by the JSON reader's nesting limit); a list is named by
	 * the field holding it.
	 */
	private static void checkLists(JsonNode node, String name, int limit) {
		if (node.isArray()) {
			if (node.size() > limit) {
				Map<String, Object> parameters = new LinkedHashMap<>();
				parameters.put("type", InputBounds.cut(name));
				parameters.put("max", limit);
				throw new ApiException(400, MAX_ITEMS, parameters);
			}
			for (JsonNode element : node) {
				checkLists(element, name, limit);
			}
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				checkLists(field.getValue(), field.getKey(), limit);
			}
		}
	}

}
