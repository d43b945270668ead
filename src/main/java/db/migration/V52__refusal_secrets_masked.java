package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Pattern;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Refusal records kept before a client's own secret parameters were masked (a security trial: a call that sent
 * {@code oauth_consumer_secret} or {@code oauth_token_secret} in its query, refused, stored them in clear in its
 * base string, which the health answer showed) get them masked as new ones are: their values become
 * {@code (secret)} ({@code RefusalFacts.SECRET_MASK}), percent-encoded twice as every parameter of a base string
 * is. By name only: a secret sent under another name is masked in new records by its value, which the stored
 * records cannot be compared with (the secrets are encrypted at rest). As V51 for the verifier, in Java.
 */
public class V52__refusal_secrets_masked extends BaseJavaMigration {

	/** A secret parameter's value in a base string's parameters, as V51 finds the verifier's. */
	private static final Pattern SECRET = Pattern
		.compile("(^|&|%26)(oauth_consumer_secret|oauth_token_secret)%3D(?:[^&%]|%(?!26))*+(?=%26|$)");

	/** The column's size ({@code integration_refusals.base_string}), to which the writer cuts what it stores. */
	private static final int STORED = 8192;

	private static final String MASKED = "%3D%2528secret%2529";

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT id, base_string FROM integration_refusals WHERE base_string LIKE '%oauth_consumer_secret%'"
						+ " OR base_string LIKE '%oauth_token_secret%'");
				ResultSet rows = select.executeQuery();
				PreparedStatement update = connection.prepareStatement(
						"UPDATE integration_refusals SET base_string = ? WHERE id = ?")) {
			while (rows.next()) {
				String stored = rows.getString("base_string");
				String masked = masked(stored);
				if (!masked.equals(stored)) {
					update.setString(1, masked);
					update.setLong(2, rows.getLong("id"));
					update.addBatch();
				}
			}
			update.executeBatch();
		}
	}

	/** The base string with the secret parameters' values masked, cut to the column's size as the writer cuts. */
	public static String masked(String baseString) {
		String masked = SECRET.matcher(baseString).replaceAll((match) -> match.group(1) + match.group(2) + MASKED);
		return (masked.length() > STORED) ? masked.substring(0, STORED) : masked;
	}

}
