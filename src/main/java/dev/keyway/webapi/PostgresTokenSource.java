package dev.keyway.webapi;

import java.util.Optional;

import dev.keyway.integration.RateLimit;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The buckets of all nodes in one PostgreSQL row per integration (issue 17.2): a node takes a chunk
 * of tokens with one {@code UPDATE … RETURNING} (row-locked, atomic), serves calls from that lease and
 * lets what is left expire with its window. The database never grants more than the bucket holds, so
 * the calls accepted by all nodes together stay within the limit. The statement does the arithmetic
 * of {@link TokenBucket#take} in SQL.
 */
final class PostgresTokenSource implements TokenSource {

	/** A node takes at most a tenth of a window's quota at once, and at most this many. */
	static final int MAX_CHUNK = 1_000;

	private static final String AVAILABLE = """
			(CASE WHEN :rate > 0 THEN LEAST(CAST(:cap AS DOUBLE PRECISION),
			    second_tokens + GREATEST(0, :now - refilled_ms) * CAST(:rate AS DOUBLE PRECISION) / 1000) ELSE 0 END)""";

	private static final String USED = "(CASE WHEN minute_start_ms = :minute THEN minute_used ELSE 0 END)";

	private static final String GRANTED = """
			GREATEST(0, LEAST(:want, CASE WHEN :rate > 0 THEN CAST(FLOOR(%1$s) AS INTEGER) ELSE :want END,
			    CASE WHEN :perMinute > 0 THEN CAST(:perMinute - %2$s AS INTEGER) ELSE :want END))""".formatted(AVAILABLE,
			USED);

	private static final String TAKE = """
			UPDATE rate_limit_buckets
			SET second_tokens = CASE WHEN :rate > 0 THEN %1$s - %3$s ELSE 0 END, refilled_ms = :now, minute_start_ms = :minute,
			    minute_used = %2$s + %3$s, granted = %3$s
			WHERE integration_id = :id
			RETURNING granted, second_tokens, minute_used
			""".formatted(AVAILABLE, USED, GRANTED);

	private static final String CREATE = """
			INSERT INTO rate_limit_buckets (integration_id, second_tokens, refilled_ms, minute_start_ms, minute_used, granted)
			VALUES (:id, :cap, :now, :minute, 0, 0)
			ON CONFLICT (integration_id) DO NOTHING
			""";

	private record Row(int granted, double tokens, long minuteUsed) {
	}

	private final JdbcClient jdbc;

	PostgresTokenSource(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public TokenBucket.Grant take(long integrationId, RateLimit limit, int want, long nowMs) {
		long minute = TokenBucket.minuteOf(nowMs);
		Optional<Row> row = update(integrationId, limit, want, nowMs, minute);
		if (row.isEmpty()) {
			try {
				this.jdbc.sql(CREATE)
					.param("id", integrationId)
					.param("cap", (double) limit.capacity())
					.param("now", nowMs)
					.param("minute", minute)
					.update();
			}
			catch (DataIntegrityViolationException ex) {
				// the integration was deleted meanwhile: its calls are refused by the directory from now on
				return new TokenBucket.Grant(1, nowMs, null);
			}
			row = update(integrationId, limit, want, nowMs, minute);
		}
		Row taken = row.orElseThrow();
		if (taken.granted() > 0) {
			return new TokenBucket.Grant(taken.granted(), TokenSource.leaseEnd(limit, nowMs), null);
		}
		return TokenBucket.refused(limit, taken.tokens(), minute, taken.minuteUsed(), nowMs);
	}

	private Optional<Row> update(long integrationId, RateLimit limit, int want, long nowMs, long minute) {
		return this.jdbc.sql(TAKE)
			.param("id", integrationId)
			.param("rate", limit.perSecond())
			.param("cap", limit.capacity())
			.param("perMinute", limit.perMinute())
			.param("want", want)
			.param("now", nowMs)
			.param("minute", minute)
			.query((rs, n) -> new Row(rs.getInt("granted"), rs.getDouble("second_tokens"), rs.getLong("minute_used")))
			.optional();
	}

	/** {@link TokenSource#tenth}: a tenth of the smaller window's quota, at most {@link #MAX_CHUNK}. */
	@Override
	public int chunk(RateLimit limit) {
		return TokenSource.tenth(limit, MAX_CHUNK);
	}
}
