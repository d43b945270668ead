package dev.keyway.store;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * JDBC store of products with their websites, custom attributes, store-view values and category
 * links. SKU uniqueness (case-insensitive, through {@code sku_key}) and every reference are the
 * database's job: a write that breaks one fails with the constraint named here.
 */
@Repository
class ProductStore {

	static final String SKU_CONSTRAINT = "uq_catalog_products_sku";

	static final String WEBSITE_CONSTRAINTS = "catalog_product_websites_website";

	static final String CATEGORY_CONSTRAINT = "fk_catalog_category_products_category";

	/** A product row as seen from a store view: scoped name, and the store view's description if any. */
	record Row(long id, String sku, String name, int attributeSetId, BigDecimal price, int status, int visibility,
			String typeId, BigDecimal weight, Instant createdAt, Instant updatedAt, String storeDescription) {
	}

	/** The global columns of a product. */
	record Columns(String sku, String name, int attributeSetId, BigDecimal price, int status, int visibility,
			String typeId, BigDecimal weight) {
	}

	/** The store view's values of a product (alias {@code s}): the name a search reads, the description. */
	private static final String STORE_VALUES = """
			LEFT JOIN catalog_product_store_values s ON s.product_id = p.id AND s.store_id = :storeId
			""";

	/** The searchable fields of products: columns, category_id, website_id and every custom attribute. */
	static final SearchFields FIELDS;

	static {
		SearchFields.Builder fields = SearchFields.of("products", "p.id")
			.column("entity_id", "p.id", SearchFields.Type.NUMBER)
			.column("id", "p.id", SearchFields.Type.NUMBER)
			.column("sku", "p.sku", SearchFields.Type.TEXT)
			.column("name", "COALESCE(s.name, p.name)", SearchFields.Type.TEXT, STORE_VALUES)
			.column("attribute_set_id", "p.attribute_set_id", SearchFields.Type.NUMBER)
			.column("price", "p.price", SearchFields.Type.NUMBER)
			.column("status", "p.status", SearchFields.Type.NUMBER)
			.column("visibility", "p.visibility", SearchFields.Type.NUMBER)
			.column("type_id", "p.type_id", SearchFields.Type.TEXT)
			.column("weight", "p.weight", SearchFields.Type.NUMBER)
			.column("created_at", "p.created_at", SearchFields.Type.TIMESTAMP)
			.column("updated_at", "p.updated_at", SearchFields.Type.TIMESTAMP)
			.related("category_id", new SearchFields.Related("catalog_category_products l", "l.product_id = p.id", null,
					"l.category_id", SearchFields.Type.NUMBER, true))
			.related("website_id", new SearchFields.Related("catalog_product_websites w", "w.product_id = p.id", null,
					"w.website_id", SearchFields.Type.NUMBER, true));
		for (String code : ProductAttributes.CODES) {
			fields.related(code, new SearchFields.Related("catalog_product_attributes a",
					"a.product_id = p.id AND a.attribute_code = :key", code, "a.attribute_value", SearchFields.Type.TEXT,
					false));
		}
		FIELDS = fields.build();
	}

	private static final String SELECT = """
			SELECT p.id, p.sku, COALESCE(s.name, p.name) AS scoped_name, p.attribute_set_id, p.price, p.status,
			       p.visibility, p.type_id, p.weight, p.created_at, p.updated_at, s.description AS store_description
			FROM catalog_products p
			""" + STORE_VALUES;

	private final JdbcClient jdbc;

	ProductStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	static String skuKey(String sku) {
		return sku.toLowerCase(Locale.ROOT);
	}

	Optional<Row> findBySku(String sku, int storeId) {
		return this.jdbc.sql(SELECT + "WHERE p.sku_key = :skuKey")
			.param("storeId", storeId)
			.param("skuKey", skuKey(sku))
			.query(ProductStore::row)
			.optional();
	}

	List<Row> search(SqlSearch search, int storeId) {
		return search.bind(this.jdbc.sql(SELECT + search.where() + search.orderBy() + search.page()))
			.param("storeId", storeId)
			.query(ProductStore::row)
			.list();
	}

	long count(SqlSearch search, int storeId) {
		// the store-view join keeps one row per product (unique product and store), so the count takes
		// only the joins the filtered columns declare: without them an unfiltered count is the table's
		// row count instead of one index look-up per product
		return search.bindFilters(this.jdbc.sql("SELECT COUNT(*) FROM catalog_products p\n" + search.filterJoins()
				+ search.where()))
			.param("storeId", storeId)
			.query(Long.class)
			.single();
	}

	private static Row row(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("id"), rs.getString("sku"), rs.getString("scoped_name"), rs.getInt("attribute_set_id"),
				rs.getBigDecimal("price"), rs.getInt("status"), rs.getInt("visibility"), rs.getString("type_id"),
				rs.getBigDecimal("weight"), instant(rs, "created_at"), instant(rs, "updated_at"),
				rs.getString("store_description"));
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	long insert(Columns columns, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO catalog_products (sku, sku_key, name, attribute_set_id, price, status, visibility, type_id,
				                              weight, created_at, updated_at)
				VALUES (:sku, :skuKey, :name, :attributeSetId, :price, :status, :visibility, :typeId, :weight, :now, :now)
				""")
			.param("sku", columns.sku())
			.param("skuKey", skuKey(columns.sku()))
			.param("name", columns.name())
			.param("attributeSetId", columns.attributeSetId())
			.param("price", columns.price())
			.param("status", columns.status())
			.param("visibility", columns.visibility())
			.param("typeId", columns.typeId())
			.param("weight", columns.weight(), java.sql.Types.DECIMAL)
			.param("now", utc(now))
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	void update(long id, Columns columns, Instant now) {
		this.jdbc.sql("""
				UPDATE catalog_products
				SET name = :name, attribute_set_id = :attributeSetId, price = :price, status = :status,
				    visibility = :visibility, type_id = :typeId, weight = :weight, updated_at = :now
				WHERE id = :id
				""")
			.param("name", columns.name())
			.param("attributeSetId", columns.attributeSetId())
			.param("price", columns.price())
			.param("status", columns.status())
			.param("visibility", columns.visibility())
			.param("typeId", columns.typeId())
			.param("weight", columns.weight(), java.sql.Types.DECIMAL)
			.param("now", utc(now))
			.param("id", id)
			.update();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM catalog_products WHERE id = :id").param("id", id).update() > 0;
	}

	/** The global values of a product's columns. */
	Optional<Columns> columns(long id) {
		return this.jdbc.sql("""
				SELECT sku, name, attribute_set_id, price, status, visibility, type_id, weight
				FROM catalog_products
				WHERE id = :id
				""")
			.param("id", id)
			.query((rs, row) -> new Columns(rs.getString("sku"), rs.getString("name"), rs.getInt("attribute_set_id"),
					rs.getBigDecimal("price"), rs.getInt("status"), rs.getInt("visibility"), rs.getString("type_id"),
					rs.getBigDecimal("weight")))
			.optional();
	}

	// websites

	Map<Long, List<Integer>> websites(Collection<Long> productIds) {
		return byProduct("""
				SELECT product_id, website_id
				FROM catalog_product_websites
				WHERE product_id IN (:ids)
				ORDER BY product_id, website_id
				""", productIds, (rs, row) -> rs.getInt("website_id"));
	}

	void replaceWebsites(long productId, List<Integer> websiteIds) {
		this.jdbc.sql("DELETE FROM catalog_product_websites WHERE product_id = :id").param("id", productId).update();
		for (Integer websiteId : websiteIds) {
			this.jdbc.sql("INSERT INTO catalog_product_websites (product_id, website_id) VALUES (:id, :website)")
				.param("id", productId)
				.param("website", websiteId)
				.update();
		}
	}

	// category links

	Map<Long, List<Product.CategoryLink>> categoryLinks(Collection<Long> productIds) {
		return byProduct("""
				SELECT product_id, category_id, position
				FROM catalog_category_products
				WHERE product_id IN (:ids)
				ORDER BY product_id, category_id
				""", productIds, (rs, row) -> new Product.CategoryLink(rs.getLong("category_id"), rs.getInt("position")));
	}

	void replaceCategoryLinks(long productId, List<Product.CategoryLink> links) {
		this.jdbc.sql("DELETE FROM catalog_category_products WHERE product_id = :id").param("id", productId).update();
		for (Product.CategoryLink link : links) {
			this.jdbc.sql("""
					INSERT INTO catalog_category_products (category_id, product_id, position)
					VALUES (:category, :id, :position)
					""")
				.param("category", link.categoryId())
				.param("id", productId)
				.param("position", link.position())
				.update();
		}
	}

	// custom attributes

	Map<Long, List<Product.Attribute>> attributes(Collection<Long> productIds) {
		return byProduct("""
				SELECT product_id, attribute_code, attribute_value
				FROM catalog_product_attributes
				WHERE product_id IN (:ids)
				ORDER BY product_id, attribute_code
				""", productIds, (rs, row) -> new Product.Attribute(rs.getString("attribute_code"),
				rs.getString("attribute_value")));
	}

	/** Child rows of several products in one query, grouped by {@code product_id}. */
	private <T> Map<Long, List<T>> byProduct(String sql, Collection<Long> productIds, RowMapper<T> mapper) {
		Map<Long, List<T>> byProduct = new LinkedHashMap<>();
		if (!productIds.isEmpty()) {
			this.jdbc.sql(sql).param("ids", productIds).query((ResultSet rs) -> {
				byProduct.computeIfAbsent(rs.getLong("product_id"), (k) -> new ArrayList<>()).add(mapper.mapRow(rs, 0));
			});
		}
		return byProduct;
	}

	void putAttribute(long productId, String code, String value) {
		removeAttribute(productId, code);
		this.jdbc.sql("""
				INSERT INTO catalog_product_attributes (product_id, attribute_code, attribute_value)
				VALUES (:id, :code, :value)
				""")
			.param("id", productId)
			.param("code", code)
			.param("value", value)
			.update();
	}

	void removeAttribute(long productId, String code) {
		this.jdbc.sql("DELETE FROM catalog_product_attributes WHERE product_id = :id AND attribute_code = :code")
			.param("id", productId)
			.param("code", code)
			.update();
	}

	// store-view values

	/** Sets the store view's name and/or description (null arguments are left as they are). */
	void putStoreValues(long productId, int storeId, String name, String description) {
		if (name == null && description == null) {
			return;
		}
		List<String> sets = new ArrayList<>();
		if (name != null) {
			sets.add("name = :name");
		}
		if (description != null) {
			sets.add("description = :description");
		}
		JdbcClient.StatementSpec update = this.jdbc
			.sql("UPDATE catalog_product_store_values SET " + String.join(", ", sets)
					+ " WHERE product_id = :id AND store_id = :store")
			.param("id", productId)
			.param("store", storeId);
		if (name != null) {
			update = update.param("name", name);
		}
		if (description != null) {
			update = update.param("description", description);
		}
		if (update.update() == 0) {
			this.jdbc.sql("""
					INSERT INTO catalog_product_store_values (product_id, store_id, name, description)
					VALUES (:id, :store, :name, :description)
					""")
				.param("id", productId)
				.param("store", storeId)
				.param("name", name, java.sql.Types.VARCHAR)
				.param("description", description, java.sql.Types.VARCHAR)
				.update();
		}
	}

}
