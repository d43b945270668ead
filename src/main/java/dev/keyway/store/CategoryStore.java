package dev.keyway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * JDBC store of the category tree and its product links. Deleting a category deletes its subtree
 * and their links (foreign keys with ON DELETE CASCADE).
 */
@Repository
class CategoryStore {

	/** A category row. */
	record Row(long id, Long parentId, String path, int level, int position, String name, boolean active,
			boolean includeInMenu, String urlKey, String description, Instant createdAt, Instant updatedAt) {
	}

	/** The values an update writes. */
	record Fields(String name, boolean active, int position, boolean includeInMenu, String urlKey,
			String description) {
	}

	private static final String SELECT = """
			SELECT id, parent_id, path, level, position, name, is_active, include_in_menu, url_key, description,
			       created_at, updated_at
			FROM catalog_categories
			""";

	private final JdbcClient jdbc;

	CategoryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Row> all() {
		return this.jdbc.sql(SELECT + "ORDER BY level, position, id").query(CategoryStore::row).list();
	}

	Optional<Row> find(long id) {
		return this.jdbc.sql(SELECT + "WHERE id = :id").param("id", id).query(CategoryStore::row).optional();
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		long parent = rs.getLong("parent_id");
		return new Row(rs.getLong("id"), rs.wasNull() ? null : parent, rs.getString("path"), rs.getInt("level"),
				rs.getInt("position"), rs.getString("name"), rs.getBoolean("is_active"), rs.getBoolean("include_in_menu"),
				rs.getString("url_key"), rs.getString("description"), ProductStore.instant(rs, "created_at"),
				ProductStore.instant(rs, "updated_at"));
	}

	/** Category id to the ids of the products linked to it. */
	Map<Long, Set<Long>> productIdsByCategory() {
		Map<Long, Set<Long>> links = new HashMap<>();
		this.jdbc.sql("SELECT category_id, product_id FROM catalog_category_products").query((ResultSet rs) -> {
			links.computeIfAbsent(rs.getLong("category_id"), (k) -> new HashSet<>()).add(rs.getLong("product_id"));
		});
		return links;
	}

	int nextPosition(long parentId) {
		return this.jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM catalog_categories WHERE parent_id = :parent")
			.param("parent", parentId)
			.query(Integer.class)
			.single();
	}

	long insert(Row parent, Fields fields, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO catalog_categories (parent_id, path, level, position, name, is_active, include_in_menu,
				                                url_key, description, created_at, updated_at)
				VALUES (:parent, :path, :level, :position, :name, :active, :menu, :urlKey, :description, :now, :now)
				""")
			.param("parent", parent.id())
			.param("path", parent.path())
			.param("level", parent.level() + 1)
			.param("position", fields.position())
			.param("name", fields.name())
			.param("active", fields.active())
			.param("menu", fields.includeInMenu())
			.param("urlKey", fields.urlKey(), java.sql.Types.VARCHAR)
			.param("description", fields.description(), java.sql.Types.VARCHAR)
			.param("now", ProductStore.utc(now))
			.update(keys, "id");
		long id = keys.getKey().longValue();
		this.jdbc.sql("UPDATE catalog_categories SET path = :path WHERE id = :id")
			.param("path", parent.path() + "/" + id)
			.param("id", id)
			.update();
		return id;
	}

	void update(long id, Fields fields, Instant now) {
		this.jdbc.sql("""
				UPDATE catalog_categories
				SET name = :name, is_active = :active, position = :position, include_in_menu = :menu,
				    url_key = :urlKey, description = :description, updated_at = :now
				WHERE id = :id
				""")
			.param("name", fields.name())
			.param("active", fields.active())
			.param("position", fields.position())
			.param("menu", fields.includeInMenu())
			.param("urlKey", fields.urlKey(), java.sql.Types.VARCHAR)
			.param("description", fields.description(), java.sql.Types.VARCHAR)
			.param("now", ProductStore.utc(now))
			.param("id", id)
			.update();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM catalog_categories WHERE id = :id").param("id", id).update() > 0;
	}

	List<CategoryProduct> products(long categoryId) {
		return this.jdbc.sql("""
				SELECT p.sku, l.position, l.category_id
				FROM catalog_category_products l
				JOIN catalog_products p ON p.id = l.product_id
				WHERE l.category_id = :id
				ORDER BY l.position, p.id
				LIMIT :maxRows
				""")
			.param("id", categoryId)
			.param("maxRows", InputBounds.MAX_ROWS)
			.query((rs, row) -> new CategoryProduct(rs.getString("sku"), rs.getInt("position"), rs.getLong("category_id")))
			.list();
	}

}
