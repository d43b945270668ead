package dev.keyway;

import java.sql.SQLException;

import org.flywaydb.core.api.exception.FlywayValidateException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Start-up failures an operator meets, told in words: the database cannot be reached, its schema is
 * newer than this node (a newer Keyway migrated it), a {@code keyway.*} setting, the gateway file or one of its ACL
 * resources was refused.
 */
class StartupFailures extends AbstractFailureAnalyzer<Exception> {

	@Override
	protected Class<? extends Exception> getCauseType() {
		return Exception.class;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, Exception cause) {
		for (Throwable failure = rootFailure; failure != null; failure = failure.getCause()) {
			if (failure instanceof FlywayValidateException validate && validate.getMessage() != null
					&& validate.getMessage().contains("not resolved locally")) {
				return new FailureAnalysis(
						"The database schema is newer than this Keyway node: it holds migrations this version does not "
								+ "know (" + firstLine(validate.getMessage()) + ").",
						"Run the Keyway version that migrated the database (or a newer one) on this node. Never start an "
								+ "older version on a database a newer one has migrated.",
						validate);
			}
			if (failure instanceof dev.keyway.gateway.GatewayFileRefused refused) {
				// before the settings' rule: the file's own name may start with "keyway."
				return new FailureAnalysis("The gateway file was refused: " + refused.getMessage(),
						"Correct the entry it names in the file that keyway.gateway.file names and start again; "
								+ "docs/GATEWAY.md lists the keys and their rules.",
						refused);
			}
			if (failure instanceof dev.keyway.acl.AclResourceRefused refused) {
				// an operator's resource (today only the gateway file's "resources"); its origin names the file
				return new FailureAnalysis("An ACL resource was refused: " + refused.getMessage(),
						"Correct the resource it names (in the gateway file, under \"resources\") and start again; "
								+ "docs/GATEWAY.md lists the rules of resource ids and parents.",
						refused);
			}
			if (failure instanceof dev.keyway.integration.IntegrationsFileRefused refused) {
				return new FailureAnalysis("The integrations file was not applied (nothing of it was): "
						+ refused.getMessage(),
						"Correct what it names in the file that keyway.integrations-file names (docs/SPEC.md 2.7), or, when "
								+ "another node holds the lock, stop that node (docs/DEPLOYMENT.md § 3 tells how to find it), "
								+ "and start again.",
						refused);
			}
			if (failure instanceof SQLException sql && "25P03".equals(sql.getSQLState())) {
				// Keyway sets this time-out only while a node applies the integrations file (NamedLocks)
				return new FailureAnalysis("PostgreSQL ended this node's transaction: it stayed idle longer than "
						+ "idle_in_transaction_session_timeout while applying the integrations file (the process paused, "
						+ "or its connection stalled), so nothing of the file was applied (" + failure.getMessage() + ").",
						"Start the node again: the nodes that waited for it have applied the file meanwhile.", failure);
			}
			if ((failure instanceof IllegalStateException || failure instanceof IllegalArgumentException)
					&& failure.getMessage() != null && (failure.getMessage().startsWith("keyway.")
							|| failure.getMessage().startsWith("server.tomcat.remoteip."))) {
				// a setting refused with its rule and value (SPEC, configuration): that sentence, not a trace
				return new FailureAnalysis("A setting was refused: " + failure.getMessage(),
						"Correct the setting it names (a --name=value argument, an environment variable or "
								+ "application.properties) and start again; docs/SETTINGS.md lists the settings and their values.",
						failure);
			}
			String database = databaseProblem(failure);
			if (database != null) {
				return new FailureAnalysis(database,
						"Check spring.datasource.url (SPRING_DATASOURCE_URL), the user name and password, and that the "
								+ "database accepts connections from this machine.",
						failure);
			}
		}
		return null;
	}

	/**
	 * The first connection failed, told from the innermost SQL state: unreachable (class 08), the user name or password
	 * refused (28), no such database (3D); or a URL no driver takes (the first connection, {@code DatabaseProduct},
	 * wraps what the pool threw). Null for anything else.
	 */
	private static String databaseProblem(Throwable failure) {
		if (failure.getCause() instanceof SQLException inner && databaseProblem(inner) != null) {
			return null; // the SQL state below says more
		}
		if (failure instanceof SQLException sql && sql.getSQLState() != null) {
			String state = sql.getSQLState();
			return state.startsWith("08") ? "Keyway cannot reach its database: " + sql.getMessage()
					: state.startsWith("28") ? "Keyway's database refused the user name or password: " + sql.getMessage()
					: state.startsWith("3D") ? "Keyway's database does not exist: " + sql.getMessage() : null;
		}
		if (failure instanceof IllegalStateException && failure.getMessage() != null
				&& failure.getMessage().startsWith(dev.keyway.oauth.DatabaseProduct.UNREACHABLE)) {
			// not an SQL state (above): the pool or the driver refused the URL itself
			return "Keyway cannot open its database with spring.datasource.url: "
					+ failure.getMessage().substring(dev.keyway.oauth.DatabaseProduct.UNREACHABLE.length());
		}
		if (failure instanceof CannotGetJdbcConnectionException) {
			return "Keyway cannot reach its database: " + failure.getMessage();
		}
		return null;
	}

	private static String firstLine(String text) {
		String[] lines = text.strip().split("\\R");
		for (String line : lines) {
			if (line.contains("not resolved locally")) {
				return line.strip();
			}
		}
		return lines[0];
	}

}
