package dev.keyway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of sales orders and their lines (read only: the Web API exposes get and search). */
@Repository
class OrderStore {

	static final SearchFields FIELDS = SearchFields.of("orders", "o.id")
		.column("entity_id", "o.id", SearchFields.Type.NUMBER)
		.column("increment_id", "o.increment_id", SearchFields.Type.TEXT)
		.column("state", "o.state", SearchFields.Type.TEXT)
		.column("status", "o.status", SearchFields.Type.TEXT)
		.column("store_id", "o.store_id", SearchFields.Type.NUMBER)
		.column("customer_id", "o.customer_id", SearchFields.Type.NUMBER)
		.column("customer_is_guest", "o.customer_is_guest", SearchFields.Type.BOOLEAN)
		.column("customer_group_id", "o.customer_group_id", SearchFields.Type.NUMBER)
		.column("customer_email", "o.customer_email", SearchFields.Type.TEXT)
		.column("customer_firstname", "o.customer_firstname", SearchFields.Type.TEXT)
		.column("customer_lastname", "o.customer_lastname", SearchFields.Type.TEXT)
		.column("base_currency_code", "o.base_currency_code", SearchFields.Type.TEXT)
		.column("order_currency_code", "o.order_currency_code", SearchFields.Type.TEXT)
		.column("subtotal", "o.subtotal", SearchFields.Type.NUMBER)
		.column("shipping_amount", "o.shipping_amount", SearchFields.Type.NUMBER)
		.column("tax_amount", "o.tax_amount", SearchFields.Type.NUMBER)
		.column("discount_amount", "o.discount_amount", SearchFields.Type.NUMBER)
		.column("grand_total", "o.grand_total", SearchFields.Type.NUMBER)
		.column("base_grand_total", "ROUND(o.grand_total / o.base_to_order_rate, 2)", SearchFields.Type.NUMBER)
		.column("total_paid", "o.total_paid", SearchFields.Type.NUMBER)
		.column("total_qty_ordered", "o.total_qty_ordered", SearchFields.Type.NUMBER)
		.column("created_at", "o.created_at", SearchFields.Type.TIMESTAMP)
		.column("updated_at", "o.updated_at", SearchFields.Type.TIMESTAMP)
		.build();

	private static final String SELECT = """
			SELECT o.id, o.increment_id, o.store_id, o.customer_id, o.customer_is_guest, o.customer_group_id,
			       o.customer_email, o.customer_firstname, o.customer_lastname, o.state, o.status, o.base_currency_code,
			       o.order_currency_code, o.base_to_order_rate, o.subtotal, o.shipping_amount, o.tax_amount,
			       o.discount_amount, o.grand_total, o.total_paid, o.total_qty_ordered, o.weight, o.shipping_description,
			       o.payment_method, o.billing_firstname, o.billing_lastname, o.billing_street, o.billing_city,
			       o.billing_region, o.billing_region_code, o.billing_region_id, o.billing_postcode, o.billing_country_id,
			       o.billing_telephone, o.created_at, o.updated_at
			FROM sales_orders o
			""";

	private final JdbcClient jdbc;

	OrderStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Order> find(long id) {
		return this.jdbc.sql(SELECT + "WHERE o.id = :id").param("id", id).query(OrderStore::row).optional();
	}

	List<Order> search(SqlSearch search) {
		return search.bind(this.jdbc.sql(SELECT + search.where() + search.orderBy() + search.page()))
			.query(OrderStore::row)
			.list();
	}

	long count(SqlSearch search) {
		return search.bindFilters(this.jdbc.sql("SELECT COUNT(*) FROM sales_orders o" + search.where()))
			.query(Long.class)
			.single();
	}

	/** An order without its lines; see {@link #items}. */
	private static Order row(ResultSet rs, int row) throws SQLException {
		long customerId = rs.getLong("customer_id");
		Long customer = rs.wasNull() ? null : customerId;
		Order.Address billing = new Order.Address(rs.getString("billing_firstname"), rs.getString("billing_lastname"),
				Arrays.asList(rs.getString("billing_street").split("\n")), rs.getString("billing_city"),
				rs.getString("billing_region"), rs.getString("billing_region_code"), rs.getInt("billing_region_id"),
				rs.getString("billing_postcode"), rs.getString("billing_country_id"), rs.getString("billing_telephone"),
				rs.getString("customer_email"));
		return new Order(rs.getLong("id"), rs.getString("increment_id"), rs.getInt("store_id"), customer,
				rs.getBoolean("customer_is_guest"), rs.getInt("customer_group_id"), rs.getString("customer_email"),
				rs.getString("customer_firstname"), rs.getString("customer_lastname"), rs.getString("state"),
				rs.getString("status"), rs.getString("base_currency_code"), rs.getString("order_currency_code"),
				rs.getBigDecimal("base_to_order_rate"), rs.getBigDecimal("subtotal"), rs.getBigDecimal("shipping_amount"),
				rs.getBigDecimal("tax_amount"), rs.getBigDecimal("discount_amount"), rs.getBigDecimal("grand_total"),
				rs.getBigDecimal("total_paid"), rs.getBigDecimal("total_qty_ordered"), rs.getBigDecimal("weight"),
				rs.getString("shipping_description"), rs.getString("payment_method"), billing, List.of(),
				ProductStore.instant(rs, "created_at"), ProductStore.instant(rs, "updated_at"));
	}

	Map<Long, List<Order.Item>> items(Collection<Long> orderIds) {
		Map<Long, List<Order.Item>> byOrder = new LinkedHashMap<>();
		if (!orderIds.isEmpty()) {
			this.jdbc.sql("""
					SELECT id, order_id, product_id, sku, name, product_type, qty_ordered, qty_invoiced, qty_shipped,
					       qty_refunded, qty_canceled, price, original_price, tax_percent, tax_amount, discount_amount,
					       row_total, weight, created_at, updated_at
					FROM sales_order_items
					WHERE order_id IN (:ids)
					ORDER BY order_id, id
					""")
				.param("ids", orderIds)
				.query((ResultSet rs) -> {
					long productId = rs.getLong("product_id");
					Long product = rs.wasNull() ? null : productId;
					byOrder.computeIfAbsent(rs.getLong("order_id"), (k) -> new ArrayList<>())
						.add(new Order.Item(rs.getLong("id"), rs.getLong("order_id"), product, rs.getString("sku"),
								rs.getString("name"), rs.getString("product_type"), rs.getBigDecimal("qty_ordered"),
								rs.getBigDecimal("qty_invoiced"), rs.getBigDecimal("qty_shipped"),
								rs.getBigDecimal("qty_refunded"), rs.getBigDecimal("qty_canceled"),
								rs.getBigDecimal("price"), rs.getBigDecimal("original_price"),
								rs.getBigDecimal("tax_percent"), rs.getBigDecimal("tax_amount"),
								rs.getBigDecimal("discount_amount"), rs.getBigDecimal("row_total"),
								rs.getBigDecimal("weight"), ProductStore.instant(rs, "created_at"),
								ProductStore.instant(rs, "updated_at")));
				});
		}
		return byOrder;
	}

}
