package dev.keyway.store;

/**
 * Where a call reads and writes store-view values. {@code readStoreId} selects the store-view values
 * shown (0: global only); {@code writeStoreId} is the store view whose values a write changes, or 0 to
 * change the global values.
 */
record Scope(String code, int readStoreId, int writeStoreId) {

	boolean writesGlobal() {
		return this.writeStoreId == StoreView.ADMIN_ID;
	}

}
