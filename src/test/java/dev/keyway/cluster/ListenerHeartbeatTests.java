package dev.keyway.cluster;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.testing.Eventually;
import dev.keyway.testing.KeywayNode;
import dev.keyway.testing.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LISTEN connection (issue 11.6 item 6): when it dies or stops answering its heartbeat, the
 * node reconnects, empties every cache (notifications may have been missed) and applies
 * notifications again.
 */
@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
class ListenerHeartbeatTests {

	private static KeywayNode node;

	@BeforeAll
	static void startNode() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		node = KeywayNode.start(TestDatabases.newPostgresDatabase(), Base64.getEncoder().encodeToString(key), Map.of());
	}

	@AfterAll
	static void stopNode() {
		if (node != null) {
			node.close();
		}
	}

	@Test
	void listenWhenBackendTerminatedThenReconnectsEmptiesCachesAndAppliesNotificationsAgain() {
		PostgresCacheNotifications notifications = node.bean(PostgresCacheNotifications.class);
		JdbcClient jdbc = node.bean(JdbcClient.class);
		Eventually.within(Duration.ofSeconds(20), "listening", () -> notifications.listenerPid() != 0);
		int pid = notifications.listenerPid();
		long recoveries = notifications.recoveries();

		Boolean terminated = jdbc.sql("SELECT pg_terminate_backend(:pid)").param("pid", pid).query(Boolean.class).single();
		assertThat(terminated).isTrue();

		Eventually.within(Duration.ofSeconds(20), "recovered",
				() -> notifications.recoveries() > recoveries && notifications.listenerPid() != pid);
		long received = notifications.received();
		jdbc.sql("SELECT pg_notify(:channel, :payload)")
			.param("channel", PostgresCacheNotifications.CHANNEL)
			.param("payload", "othernode|s")
			.query((rs) -> {
			});
		Eventually.within(Duration.ofSeconds(20), "notification applied after reconnecting",
				() -> notifications.received() > received);
	}

	@Test
	void listenWhenHeartbeatMissedThenReconnectsAndEmptiesCaches() throws Exception {
		AtomicInteger beats = new AtomicInteger();
		PostgresCacheNotifications.Heartbeat missFirst = (connection) -> {
			if (beats.incrementAndGet() == 1) {
				throw new SQLException("heartbeat missed (test)");
			}
			PostgresCacheNotifications.selectOne(connection);
		};
		PostgresCacheNotifications notifications = new PostgresCacheNotifications(node.bean(DataSource.class),
				node.bean(JdbcClient.class), node.bean(CacheEvictors.class), true, missFirst, Duration.ofMillis(200));
		notifications.afterPropertiesSet();
		try {
			Eventually.within(Duration.ofSeconds(20), "reconnected after the missed beat",
					() -> notifications.recoveries() == 1);
			Eventually.within(Duration.ofSeconds(20), "beating again on the new connection", () -> beats.get() >= 3);
			assertThat(notifications.recoveries()).isEqualTo(1);
		}
		finally {
			notifications.destroy();
		}
	}

}
