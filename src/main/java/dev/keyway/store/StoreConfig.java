package dev.keyway.store;

/** The configuration of a store view as {@code GET /V1/store/storeConfigs} shows it. */
public record StoreConfig(int id, String code, int websiteId, String locale, String baseCurrencyCode,
		String defaultDisplayCurrencyCode, String timezone, String weightUnit, String baseUrl, String baseLinkUrl,
		String baseStaticUrl, String baseMediaUrl, String secureBaseUrl, String secureBaseLinkUrl,
		String secureBaseStaticUrl, String secureBaseMediaUrl) {
}
