package dev.keyway.acl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
		return grant(ids);
	}

	/** The grants of many integrations in one query; an integration without rows has no grant. */
	Map<Long, Grant> findAll(Set<? extends Long> integrationIds) {
		Map<Long, List<String>> ids = new HashMap<>();
		integrationIds.forEach((id) -> ids.put(id, new ArrayList<>()));
		if (!ids.isEmpty()) {
			this.jdbc.sql("SELECT integration_id, resource_id FROM acl_grants WHERE integration_id IN (:ids)")
				.param("ids", List.copyOf(ids.keySet()))
				.query((rs) -> {
					ids.get(rs.getLong("integration_id")).add(rs.getString("resource_id"));
				});
		}
		Map<Long, Grant> grants = new HashMap<>();
		ids.forEach((id, resources) -> grants.put(id, grant(resources)));
		return grants;
	}

	private static Grant grant(List<String> ids) {
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
