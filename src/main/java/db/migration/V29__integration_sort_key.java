package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.keyway.integration.NameSortKey;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Issue 12.7: the grid sorts names as people read. Adds {@code integrations.sort_key} (see
 * {@link NameSortKey}), fills it for the existing rows (in Java: neither database can strip accents
 * in SQL that the other accepts), makes it NOT NULL and indexes it for the name and status sorts.
 * Only statements that H2 and PostgreSQL both accept.
 */
public class V29__integration_sort_key extends BaseJavaMigration {

	private static final int BATCH = 1_000;

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (Statement ddl = connection.createStatement()) {
			// NFKD can lengthen a name (one ligature becomes up to 18 characters); 1020 as for name_key
			ddl.execute("ALTER TABLE integrations ADD COLUMN sort_key VARCHAR(1020)");
		}
		try (Statement select = connection.createStatement();
				ResultSet rows = select.executeQuery("SELECT id, name FROM integrations");
				PreparedStatement update = connection.prepareStatement("UPDATE integrations SET sort_key = ? WHERE id = ?")) {
			int pending = 0;
			while (rows.next()) {
				update.setString(1, NameSortKey.of(rows.getString("name")));
				update.setLong(2, rows.getLong("id"));
				update.addBatch();
				if (++pending == BATCH) {
					update.executeBatch();
					pending = 0;
				}
			}
			if (pending > 0) {
				update.executeBatch();
			}
		}
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("ALTER TABLE integrations ALTER COLUMN sort_key SET NOT NULL");
			ddl.execute("CREATE INDEX ix_integrations_sort ON integrations (sort_key, name_key)");
			ddl.execute("CREATE INDEX ix_integrations_status_sort ON integrations (status, sort_key, name_key)");
		}
	}

}
