package dev.keyway.integration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * JDBC store of {@code integrations}. Name uniqueness (case-insensitive, through {@code name_key}) is
 * the database's job: an insert or update that breaks it fails with {@code uq_integrations_name}.
 */
@Repository
class IntegrationStore {

	/** An integration row as stored. */
	record Row(long id, String name, String email, String endpoint, String identityLinkUrl, IntegrationStatus status,
			SetupType setupType, long consumerId, String configDigest, Instant createdAt, Instant updatedAt,
			Long createdBy, IpAllowList ipAllowList, Instant accessExpiresAt, RateLimit rateLimit,
			Instant debugAnswerUntil, String configDeclaration) {
	}

	/** The fields an admin edits. */
	record Fields(String name, String email, String endpoint, String identityLinkUrl) {
	}

	static final String NAME_CONSTRAINT = "uq_integrations_name";

	private static final String COLUMNS = """
			id, name, email, endpoint, identity_link_url, status, setup_type, consumer_id, config_digest, created_at,
			updated_at, created_by, ip_allowlist, access_expires_at, rate_per_second, rate_per_minute, rate_burst,
			debug_answer_until, config_declaration""";

	private final JdbcClient jdbc;

	IntegrationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(Fields fields, IntegrationStatus status, SetupType setupType, long consumerId, String configDigest,
			Instant now) {
		return insert(fields, status, setupType, consumerId, configDigest, now, null);
	}

	/** @param createdBy the integration that creates this one through the management API, or null */
	long insert(Fields fields, IntegrationStatus status, SetupType setupType, long consumerId, String configDigest,
			Instant now, Long createdBy) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO integrations (name, name_key, sort_key, email, endpoint, identity_link_url, status, setup_type,
				                          consumer_id, config_digest, created_at, updated_at, created_by)
				VALUES (:name, :nameKey, :sortKey, :email, :endpoint, :identity, :status, :setupType, :consumer, :digest, :now, :now,
				        :createdBy)
				""")
			.param("name", fields.name())
			.param("nameKey", nameKey(fields.name()))
			.param("sortKey", NameSortKey.of(fields.name()))
			.param("email", fields.email())
			.param("endpoint", fields.endpoint())
			.param("identity", fields.identityLinkUrl())
			.param("status", status.code())
			.param("setupType", setupType.code())
			.param("consumer", consumerId)
			.param("digest", configDigest)
			.param("now", Timestamp.from(now))
			.param("createdBy", createdBy, java.sql.Types.BIGINT)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	void update(long id, Fields fields, Instant now) {
		this.jdbc.sql("""
				UPDATE integrations
				SET name = :name, name_key = :nameKey, sort_key = :sortKey, email = :email, endpoint = :endpoint,
				    identity_link_url = :identity, updated_at = :now
				WHERE id = :id
				""")
			.param("name", fields.name())
			.param("nameKey", nameKey(fields.name()))
			.param("sortKey", NameSortKey.of(fields.name()))
			.param("email", fields.email())
			.param("endpoint", fields.endpoint())
			.param("identity", fields.identityLinkUrl())
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/**
	 * Records the digests of a config integration (SPEC 2.7): its declaration as written, and the older form
	 * over its expanded grant that earlier versions compare.
	 */
	void updateConfigDigests(long id, String configDigest, String configDeclaration) {
		this.jdbc.sql("UPDATE integrations SET config_digest = :digest, config_declaration = :declaration WHERE id = :id")
			.param("digest", configDigest)
			.param("declaration", configDeclaration)
			.param("id", id)
			.update();
	}

	/** Sets where the integration may call from (issue 17.1). */
	void updateIpAllowList(long id, IpAllowList list, Instant now) {
		this.jdbc.sql("UPDATE integrations SET ip_allowlist = :list, updated_at = :now WHERE id = :id")
			.param("list", list.column(), java.sql.Types.VARCHAR)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/** Sets when the integration's access token stops working (issue 17.3); null for never. */
	void updateAccessExpiry(long id, Instant expiresAt, Instant now) {
		this.jdbc.sql("UPDATE integrations SET access_expires_at = :expires, updated_at = :now WHERE id = :id")
			.param("expires", (expiresAt != null) ? Timestamp.from(expiresAt) : null, java.sql.Types.TIMESTAMP)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/** Sets until when the integration's 401s explain themselves (issue 16); null for off. */
	void updateDebugAnswer(long id, Instant until) {
		this.jdbc.sql("UPDATE integrations SET debug_answer_until = :until WHERE id = :id")
			.param("until", (until != null) ? Timestamp.from(until) : null, java.sql.Types.TIMESTAMP)
			.param("id", id)
			.update();
	}

	/** Sets the integration's rate limit (issue 17.2); null for the default of the runtime settings. */
	void updateRateLimit(long id, RateLimit limit, Instant now) {
		this.jdbc.sql("""
				UPDATE integrations SET rate_per_second = :perSecond, rate_per_minute = :perMinute, rate_burst = :burst,
				       updated_at = :now
				WHERE id = :id
				""")
			.param("perSecond", (limit != null) ? limit.perSecond() : null, java.sql.Types.INTEGER)
			.param("perMinute", (limit != null) ? limit.perMinute() : null, java.sql.Types.INTEGER)
			.param("burst", (limit != null) ? limit.burst() : null, java.sql.Types.INTEGER)
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	/** The debug answers of these integrations that end after {@code now} (one query, for the grid's page). */
	java.util.Map<Long, Instant> debugAnswersUntil(java.util.Collection<Long> ids, Instant now) {
		java.util.Map<Long, Instant> until = new java.util.HashMap<>();
		if (ids.isEmpty()) {
			return until;
		}
		this.jdbc.sql("SELECT id, debug_answer_until FROM integrations WHERE id IN (:ids) AND debug_answer_until > :now")
			.param("ids", List.copyOf(ids))
			.param("now", Timestamp.from(now))
			.query((rs, n) -> until.put(rs.getLong("id"), rs.getTimestamp("debug_answer_until").toInstant()))
			.list();
		return until;
	}

	void updateStatus(long id, IntegrationStatus status, Instant now) {
		this.jdbc.sql("UPDATE integrations SET status = :status, updated_at = :now WHERE id = :id")
			.param("status", status.code())
			.param("now", Timestamp.from(now))
			.param("id", id)
			.update();
	}

	Optional<Row> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM integrations WHERE id = :id")
			.param("id", id)
			.query(IntegrationStore::map)
			.optional();
	}

	Optional<Row> findByConsumer(long consumerId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM integrations WHERE consumer_id = :consumer")
			.param("consumer", consumerId)
			.query(IntegrationStore::map)
			.optional();
	}

	Optional<Row> findByName(String name) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM integrations WHERE name_key = :nameKey")
			.param("nameKey", nameKey(name))
			.query(IntegrationStore::map)
			.optional();
	}

	List<Row> findBySetupType(SetupType setupType) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM integrations WHERE setup_type = :type ORDER BY id")
			.param("type", setupType.code())
			.query(IntegrationStore::map)
			.list();
	}

	boolean anyWithStatus(IntegrationStatus status) {
		return this.jdbc.sql("SELECT id FROM integrations WHERE status = :status FETCH FIRST 1 ROWS ONLY")
			.param("status", status.code())
			.query(Long.class)
			.optional()
			.isPresent();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM integrations WHERE id = :id").param("id", id).update() > 0;
	}

	List<Row> search(IntegrationQuery query) {
		return search(query, null);
	}

	/** A page of the integrations {@code creator} created; every integration when it is null. */
	List<Row> search(IntegrationQuery query, Long creator) {
		String sql = "SELECT " + COLUMNS + " FROM integrations" + where(query, creator) + " ORDER BY "
				+ query.sort().orderBy(query.descending()) + " LIMIT :limit OFFSET :offset";
		return bind(this.jdbc.sql(sql), query, creator).param("limit", query.pageSize())
			.param("offset", (long) (query.page() - 1) * query.pageSize())
			.query(IntegrationStore::map)
			.list();
	}

	/** A row with its consumer's key (which is not secret). */
	record KeyedRow(Row row, String consumerKey) {
	}

	/**
	 * As {@link #search(IntegrationQuery, Long)}, each row with its consumer's key: the page of a list
	 * that shows keys in one query instead of one per row.
	 */
	List<KeyedRow> searchWithKeys(IntegrationQuery query, Long creator) {
		String sql = "SELECT " + COLUMNS + """
				, (SELECT c.consumer_key FROM oauth_consumers c WHERE c.id = integrations.consumer_id) AS consumer_key
				FROM integrations""" + where(query, creator) + " ORDER BY " + query.sort().orderBy(query.descending())
				+ " LIMIT :limit OFFSET :offset";
		return bind(this.jdbc.sql(sql), query, creator).param("limit", query.pageSize())
			.param("offset", (long) (query.page() - 1) * query.pageSize())
			.query((rs, row) -> new KeyedRow(map(rs, row), rs.getString("consumer_key")))
			.list();
	}

	long count(IntegrationQuery query) {
		return count(query, null);
	}

	long count(IntegrationQuery query, Long creator) {
		return bind(this.jdbc.sql("SELECT COUNT(*) FROM integrations" + where(query, creator)), query, creator)
			.query(Long.class)
			.single();
	}

	private static String where(IntegrationQuery query, Long creator) {
		StringBuilder where = new StringBuilder();
		if (creator != null) {
			where.append(" WHERE created_by = :creator");
		}
		if (query.name() != null) {
			where.append(where.isEmpty() ? " WHERE " : " AND ")
				.append(query.exactName() ? "name_key = :name" : "name_key LIKE :name ESCAPE '\\'");
		}
		if (query.status() != null) {
			where.append(where.isEmpty() ? " WHERE " : " AND ").append("status = :status");
		}
		return where.toString();
	}

	private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, IntegrationQuery query,
			Long creator) {
		if (creator != null) {
			statement = statement.param("creator", creator);
		}
		if (query.name() != null) {
			statement = statement.param("name",
					query.exactName() ? nameKey(query.name()) : "%" + escapeLike(nameKey(query.name())) + "%");
		}
		if (query.status() != null) {
			statement = statement.param("status", query.status().code());
		}
		return statement;
	}

	static String nameKey(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static Row map(ResultSet rs, int row) throws SQLException {
		return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("email"), rs.getString("endpoint"),
				rs.getString("identity_link_url"), IntegrationStatus.ofCode(rs.getInt("status")),
				SetupType.ofCode(rs.getInt("setup_type")), rs.getLong("consumer_id"), rs.getString("config_digest"),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				rs.getObject("created_by", Long.class), IpAllowList.ofColumn(rs.getString("ip_allowlist")),
				instant(rs.getTimestamp("access_expires_at")), rateLimit(rs), instant(rs.getTimestamp("debug_answer_until")),
				rs.getString("config_declaration"));
	}

	private static RateLimit rateLimit(ResultSet rs) throws SQLException {
		Integer perSecond = rs.getObject("rate_per_second", Integer.class);
		if (perSecond == null) {
			return null;
		}
		return new RateLimit(perSecond, rs.getInt("rate_per_minute"), rs.getInt("rate_burst"));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
