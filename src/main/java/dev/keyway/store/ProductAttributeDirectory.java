package dev.keyway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The product attributes Keyway knows (Magento's {@code ProductAttributeRepositoryInterface}, read
 * only): the product's own columns and {@link ProductAttributes#CODES}, a fixed list. A search runs
 * through {@link SqlSearch} over the list as a {@code VALUES} table, so that searchCriteria mean
 * exactly what they mean for products, orders or CMS pages (conditions, case, refusals) instead of a
 * second, in-memory interpretation of them.
 */
@Service
public class ProductAttributeDirectory {

	/** Magento's text (Magento\Eav\Model\AttributeRepository::get), {@code %1} being the code. */
	public static final String NOT_FOUND = "The attribute with a \"%1\" attributeCode doesn't exist. "
			+ "Verify the attribute and try again.";

	static final SearchFields FIELDS = SearchFields.of("product attributes", "a.attribute_id")
		.column("attribute_id", "a.attribute_id", SearchFields.Type.NUMBER)
		.column("attribute_code", "a.attribute_code", SearchFields.Type.TEXT)
		.column("frontend_input", "a.frontend_input", SearchFields.Type.TEXT)
		.column("backend_type", "a.backend_type", SearchFields.Type.TEXT)
		.column("scope", "a.scope", SearchFields.Type.TEXT)
		.column("default_frontend_label", "a.default_frontend_label", SearchFields.Type.TEXT)
		.column("is_required", "a.is_required", SearchFields.Type.BOOLEAN)
		.column("is_user_defined", "a.is_user_defined", SearchFields.Type.BOOLEAN)
		.column("is_filterable_in_grid", "a.is_filterable_in_grid", SearchFields.Type.BOOLEAN)
		.build();

	/** The fixed list; "searchable" is what the product search accepts (ProductStore.FIELDS). */
	static final List<ProductAttribute> TABLE = ProductAttributes.table((code) -> ProductStore.FIELDS.field(code) != null);

	private static final Map<String, ProductAttribute> BY_CODE = TABLE.stream()
		.collect(Collectors.toMap(ProductAttribute::code, (attribute) -> attribute, (a, b) -> a, LinkedHashMap::new));

	/** The fixed list as a derived table; its literals come from {@link #TABLE}, never from a request. */
	private static final String TABLE_SQL = TABLE.stream()
		.map((a) -> "(" + a.id() + ", " + literal(a.code()) + ", " + literal(a.frontendInput()) + ", "
				+ literal(a.backendType()) + ", " + literal(a.scope()) + ", " + literal(a.label()) + ", " + a.required()
				+ ", FALSE, " + a.searchable() + ")")
		.collect(Collectors.joining(",\n", "(VALUES\n", "\n) AS a(attribute_id, attribute_code, frontend_input, "
				+ "backend_type, scope, default_frontend_label, is_required, is_user_defined, is_filterable_in_grid)"));

	private final JdbcClient jdbc;

	ProductAttributeDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The attribute with this code (ignoring case, as Magento's MySQL collation does). */
	public ProductAttribute get(String code) {
		ProductAttribute attribute = (code != null) ? BY_CODE.get(code.toLowerCase(Locale.ROOT)) : null;
		if (attribute == null) {
			String shown = (code == null) ? "" : (code.length() <= InputBounds.SHOWN) ? code
					: code.substring(0, InputBounds.SHOWN) + "…";
			throw StoreException.notFound(NOT_FOUND, List.of(shown));
		}
		return attribute;
	}

	public SearchResult<ProductAttribute> search(SearchCriteria criteria) {
		SqlSearch search = SqlSearch.of(FIELDS, criteria);
		List<ProductAttribute> items = new ArrayList<>();
		for (String code : search.bind(this.jdbc.sql("SELECT a.attribute_code FROM " + TABLE_SQL + search.where()
				+ search.orderBy() + search.page())).query(ProductAttributeDirectory::code).list()) {
			items.add(BY_CODE.get(code));
		}
		long count = search.bindFilters(this.jdbc.sql("SELECT COUNT(*) FROM " + TABLE_SQL + search.where()))
			.query(Long.class)
			.single();
		return new SearchResult<>(items, search.applied(), count);
	}

	private static String code(ResultSet rs, int row) throws SQLException {
		return rs.getString("attribute_code");
	}

	private static String literal(String text) {
		return (text != null) ? "CAST('" + text.replace("'", "''") + "' AS VARCHAR(255))" : "CAST(NULL AS VARCHAR(255))";
	}

}
