package dev.keyway.settings;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC store of {@code runtime_settings}. */
@Repository
class SettingStore {

	private final JdbcClient jdbc;

	SettingStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Map<String, String> findAll() {
		Map<String, String> values = new LinkedHashMap<>();
		this.jdbc.sql("SELECT path, setting_value FROM runtime_settings ORDER BY path")
			.query((rs) -> {
				values.put(rs.getString("path"), rs.getString("setting_value"));
			});
		return values;
	}

	void update(String path, String value, Instant now) {
		int rows = this.jdbc.sql("UPDATE runtime_settings SET setting_value = :value, updated_at = :now WHERE path = :path")
			.param("value", value)
			.param("now", Timestamp.from(now))
			.param("path", path)
			.update();
		if (rows != 1) {
			throw new IllegalStateException("runtime_settings has no row for " + path
					+ "; the database schema is older than this node");
		}
	}

}
