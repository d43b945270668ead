package dev.keyway.store;

/** A store view; its code is what {@code /rest/<code>/V1/...} addresses. Id 0 is Magento's admin store. */
public record StoreView(int id, String code, String name, int websiteId, int groupId, int sortOrder,
		boolean active) {

	/** The id of the admin store: global values, "all store views". */
	public static final int ADMIN_ID = 0;

}
