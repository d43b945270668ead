package dev.keyway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of the store hierarchy: websites, store groups, store views and their configuration. */
@Repository
class StoreViewStore {

	/** The stored part of a store view's configuration. */
	record ConfigRow(int storeId, String locale, String baseCurrencyCode, String defaultDisplayCurrencyCode,
			String timezone, String weightUnit) {
	}

	private final JdbcClient jdbc;

	StoreViewStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Website> websites() {
		return this.jdbc.sql("""
				SELECT id, code, name, default_group_id
				FROM store_websites
				ORDER BY id
				""").query(StoreViewStore::website).list();
	}

	private static Website website(ResultSet rs, int row) throws SQLException {
		return new Website(rs.getInt("id"), rs.getString("code"), rs.getString("name"), rs.getInt("default_group_id"));
	}

	List<StoreGroup> groups() {
		return this.jdbc.sql("""
				SELECT id, website_id, code, name, root_category_id, default_store_id
				FROM store_groups
				ORDER BY id
				""").query(StoreViewStore::group).list();
	}

	private static StoreGroup group(ResultSet rs, int row) throws SQLException {
		return new StoreGroup(rs.getInt("id"), rs.getInt("website_id"), rs.getString("code"), rs.getString("name"),
				rs.getLong("root_category_id"), rs.getInt("default_store_id"));
	}

	List<StoreView> views() {
		return this.jdbc.sql("""
				SELECT id, code, name, website_id, group_id, sort_order, is_active
				FROM store_views
				ORDER BY id
				""").query(StoreViewStore::view).list();
	}

	private static StoreView view(ResultSet rs, int row) throws SQLException {
		return new StoreView(rs.getInt("id"), rs.getString("code"), rs.getString("name"), rs.getInt("website_id"),
				rs.getInt("group_id"), rs.getInt("sort_order"), rs.getBoolean("is_active"));
	}

	List<ConfigRow> configs() {
		return this.jdbc.sql("""
				SELECT store_id, locale, base_currency_code, default_display_currency_code, timezone, weight_unit
				FROM store_configs
				ORDER BY store_id
				""").query(StoreViewStore::config).list();
	}

	private static ConfigRow config(ResultSet rs, int row) throws SQLException {
		return new ConfigRow(rs.getInt("store_id"), rs.getString("locale"), rs.getString("base_currency_code"),
				rs.getString("default_display_currency_code"), rs.getString("timezone"), rs.getString("weight_unit"));
	}

}
