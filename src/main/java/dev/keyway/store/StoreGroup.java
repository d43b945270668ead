package dev.keyway.store;

/** A store group ("store" in Magento's admin): a website's catalog root and default store view. */
public record StoreGroup(int id, int websiteId, String code, String name, long rootCategoryId, int defaultStoreId) {
}
