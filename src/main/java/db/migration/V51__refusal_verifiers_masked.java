package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.regex.Pattern;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Refusal records kept before the verifier was masked (an integration developer's trial: a refused
 * {@code /oauth/token/access} stored the live {@code oauth_verifier} in its base string, which the health
 * answer and the admin showed) get it masked as new ones are: its value becomes {@code (verifier)}
 * ({@code RefusalFacts.VERIFIER_MASK}), percent-encoded twice as every parameter of a base string is. In
 * Java: the two databases' regular-expression replacements spell a back-reference differently. The table
 * keeps at most 50 rows an integration.
 */
public class V51__refusal_verifiers_masked extends BaseJavaMigration {

	/**
	 * {@code oauth_verifier}'s value in a base string's parameters: after the second '&amp;' or an encoded one,
	 * up to the next encoded '&amp;' ({@code %26}) and never past a raw '&amp;' (a path holding
	 * {@code &oauth_verifier=} reads {@code %26oauth_verifier%3D} in the URL part, a review).
	 */
	private static final Pattern VERIFIER = Pattern.compile("(^|&|%26)oauth_verifier%3D(?:[^&%]|%(?!26))*+(?=%26|$)");

	/** The column's size ({@code integration_refusals.base_string}), to which the writer cuts what it stores. */
	private static final int STORED = 8192;

	private static final String MASKED = "oauth_verifier%3D%2528verifier%2529";

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT id, base_string FROM integration_refusals WHERE base_string LIKE '%oauth_verifier%'");
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

	/**
	 * The base string with {@code oauth_verifier}'s value masked, cut to the column's size as the writer cuts
	 * (a value shorter than the mask, in a row already at the size, would not fit: the migration would fail
	 * and no node start, a review); unchanged when it has none.
	 */
	public static String masked(String baseString) {
		String masked = VERIFIER.matcher(baseString).replaceAll((match) -> match.group(1) + MASKED);
		return (masked.length() > STORED) ? masked.substring(0, STORED) : masked;
	}

}
