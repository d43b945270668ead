package dev.keyway.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of {@code acl_grants}: one row per granted resource id, All as {@link Grant#ALL_RESOURCE}
 * (beside it only the management resources All does not include). */
@Repository
class GrantStore {

	private final JdbcClient jdbc;

	GrantStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Grant find(long integrationId) {
		List<String> ids = this.jdbc.sql("SELECT resource_id FROM acl_grants WHERE integration_id = :id")
			.param("id", integrationId)
			.query(String.class)
			.list();
		// All keeps only the listed management resources (Grant drops the rest)
		return new Grant(ids.contains(Grant.ALL_RESOURCE), Set.copyOf(ids));
	}

	void replace(long integrationId, Grant grant) {
		this.jdbc.sql("DELETE FROM acl_grants WHERE integration_id = :id").param("id", integrationId).update();
		List<String> rows = new ArrayList<>();
		if (grant.all()) {
			rows.add(Grant.ALL_RESOURCE);
		}
		rows.addAll(grant.sortedResources());
		for (String resource : rows) {
			this.jdbc.sql("INSERT INTO acl_grants (integration_id, resource_id) VALUES (:id, :resource)")
				.param("id", integrationId)
				.param("resource", resource)
				.update();
		}
	}

}
