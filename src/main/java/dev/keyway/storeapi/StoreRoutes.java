package dev.keyway.storeapi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.keyway.store.StoreConfig;
import dev.keyway.store.StoreDirectory;
import dev.keyway.webapi.ApiRequest;

import org.springframework.stereotype.Component;

/** {@code GET /V1/store/storeViews|storeGroups|websites|storeConfigs} in Magento's shapes. */
@Component
class StoreRoutes {

	private final StoreDirectory directory;

	StoreRoutes(StoreDirectory directory) {
		this.directory = directory;
	}

	Object storeViews(ApiRequest request) {
		return this.directory.storeViews()
			.stream()
			.map((view) -> WireJson.obj()
				.with("id", view.id())
				.with("code", view.code())
				.with("name", view.name())
				.with("website_id", view.websiteId())
				.with("store_group_id", view.groupId())
				.with("is_active", view.active() ? 1 : 0))
			.toList();
	}

	Object storeGroups(ApiRequest request) {
		return this.directory.storeGroups()
			.stream()
			.map((group) -> WireJson.obj()
				.with("id", group.id())
				.with("website_id", group.websiteId())
				.with("root_category_id", group.rootCategoryId())
				.with("default_store_id", group.defaultStoreId())
				.with("name", group.name())
				.with("code", group.code()))
			.toList();
	}

	Object websites(ApiRequest request) {
		return this.directory.websites()
			.stream()
			.map((website) -> WireJson.obj()
				.with("id", website.id())
				.with("code", website.code())
				.with("name", website.name())
				.with("default_group_id", website.defaultGroupId()))
			.toList();
	}

	/** Every store view's configuration, or those named by {@code storeCodes[]=...}. */
	Object storeConfigs(ApiRequest request) {
		Set<String> codes = new LinkedHashSet<>();
		for (Map.Entry<String, List<String>> parameter : request.query().entrySet()) {
			if (parameter.getKey().equals("storeCodes") || parameter.getKey().startsWith("storeCodes[")) {
				codes.addAll(parameter.getValue());
			}
		}
		return this.directory.storeConfigs()
			.stream()
			.filter((config) -> codes.isEmpty() || codes.contains(config.code()))
			.map(StoreRoutes::config)
			.toList();
	}

	/** One store view's configuration in Magento's shape (package-private for StoreAnswerBenchmark). */
	static Object config(StoreConfig config) {
		return WireJson.obj()
			.with("id", config.id())
			.with("code", config.code())
			.with("website_id", config.websiteId())
			.with("locale", config.locale())
			.with("base_currency_code", config.baseCurrencyCode())
			.with("default_display_currency_code", config.defaultDisplayCurrencyCode())
			.with("timezone", config.timezone())
			.with("weight_unit", config.weightUnit())
			.with("base_url", config.baseUrl())
			.with("base_link_url", config.baseLinkUrl())
			.with("base_static_url", config.baseStaticUrl())
			.with("base_media_url", config.baseMediaUrl())
			.with("secure_base_url", config.secureBaseUrl())
			.with("secure_base_link_url", config.secureBaseLinkUrl())
			.with("secure_base_static_url", config.secureBaseStaticUrl())
			.with("secure_base_media_url", config.secureBaseMediaUrl());
	}

}
