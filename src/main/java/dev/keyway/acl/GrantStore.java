package dev.keyway.acl;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of {@code acl_grants}: one row per granted resource id, All as {@link Grant#ALL_RESOURCE}. */
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
		if (ids.contains(Grant.ALL_RESOURCE)) {
			return Grant.allResources();
		}
		return Grant.custom(ids);
	}

	void replace(long integrationId, Grant grant) {
		this.jdbc.sql("DELETE FROM acl_grants WHERE integration_id = :id").param("id", integrationId).update();
		List<String> rows = grant.all() ? List.of(Grant.ALL_RESOURCE) : List.copyOf(grant.sortedResources());
		for (String resource : rows) {
			this.jdbc.sql("INSERT INTO acl_grants (integration_id, resource_id) VALUES (:id, :resource)")
				.param("id", integrationId)
				.param("resource", resource)
				.update();
		}
	}

}
