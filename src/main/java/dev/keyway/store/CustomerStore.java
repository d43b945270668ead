package dev.keyway.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of customers and their addresses (read only: the Web API exposes get and search). */
@Repository
class CustomerStore {

	static final SearchFields FIELDS = SearchFields.of("customers", "c.id")
		.column("entity_id", "c.id", SearchFields.Type.NUMBER)
		.column("id", "c.id", SearchFields.Type.NUMBER)
		.column("email", "c.email", SearchFields.Type.TEXT)
		.column("prefix", "c.prefix", SearchFields.Type.TEXT)
		.column("firstname", "c.firstname", SearchFields.Type.TEXT)
		.column("middlename", "c.middlename", SearchFields.Type.TEXT)
		.column("lastname", "c.lastname", SearchFields.Type.TEXT)
		.column("group_id", "c.group_id", SearchFields.Type.NUMBER)
		.column("store_id", "c.store_id", SearchFields.Type.NUMBER)
		.column("website_id", "c.website_id", SearchFields.Type.NUMBER)
		.column("created_in", "c.created_in", SearchFields.Type.TEXT)
		.column("dob", "c.dob", SearchFields.Type.DATE)
		.column("gender", "c.gender", SearchFields.Type.NUMBER)
		.column("created_at", "c.created_at", SearchFields.Type.TIMESTAMP)
		.column("updated_at", "c.updated_at", SearchFields.Type.TIMESTAMP)
		.build();

	private static final String SELECT = """
			SELECT c.id, c.group_id, c.email, c.prefix, c.firstname, c.middlename, c.lastname, c.dob, c.gender,
			       c.store_id, c.website_id, c.created_in, c.created_at, c.updated_at
			FROM customers c
			""";

	private final JdbcClient jdbc;

	CustomerStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Customer> find(long id) {
		return this.jdbc.sql(SELECT + "WHERE c.id = :id").param("id", id).query(CustomerStore::row).optional();
	}

	List<Customer> search(SqlSearch search) {
		return search.bind(this.jdbc.sql(SELECT + search.where() + search.orderBy() + search.page()))
			.query(CustomerStore::row)
			.list();
	}

	long count(SqlSearch search) {
		return search.bindFilters(this.jdbc.sql("SELECT COUNT(*) FROM customers c" + search.where()))
			.query(Long.class)
			.single();
	}

	/** A customer without addresses; see {@link #addresses}. */
	private static Customer row(ResultSet rs, int row) throws SQLException {
		LocalDate dob = rs.getObject("dob", LocalDate.class);
		return new Customer(rs.getLong("id"), rs.getInt("group_id"), rs.getString("email"), rs.getString("prefix"),
				rs.getString("firstname"), rs.getString("middlename"), rs.getString("lastname"),
				dob, rs.getInt("gender"), rs.getInt("store_id"),
				rs.getInt("website_id"), rs.getString("created_in"), ProductStore.instant(rs, "created_at"),
				ProductStore.instant(rs, "updated_at"), List.of());
	}

	Map<Long, List<Customer.Address>> addresses(Collection<Long> customerIds) {
		Map<Long, List<Customer.Address>> byCustomer = new LinkedHashMap<>();
		if (!customerIds.isEmpty()) {
			this.jdbc.sql("""
					SELECT id, customer_id, firstname, lastname, company, street, city, region, region_code, region_id,
					       postcode, country_id, telephone, is_default_billing, is_default_shipping
					FROM customer_addresses
					WHERE customer_id IN (:ids)
					ORDER BY customer_id, id
					""")
				.param("ids", customerIds)
				.query((ResultSet rs) -> {
					byCustomer.computeIfAbsent(rs.getLong("customer_id"), (k) -> new ArrayList<>())
						.add(new Customer.Address(rs.getLong("id"), rs.getLong("customer_id"), rs.getString("firstname"),
								rs.getString("lastname"), rs.getString("company"),
								Arrays.asList(rs.getString("street").split("\n")), rs.getString("city"),
								rs.getString("region"), rs.getString("region_code"), rs.getInt("region_id"),
								rs.getString("postcode"), rs.getString("country_id"), rs.getString("telephone"),
								rs.getBoolean("is_default_billing"), rs.getBoolean("is_default_shipping")));
				});
		}
		return byCustomer;
	}

}
