package dev.keyway.account;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.oauth.TokenGenerator;
import dev.keyway.oauth.TokenHasher;
import dev.keyway.testing.KeywayIntegrationTest;
import dev.keyway.testing.KeywayTestContextCustomizerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Bearer look-ups of admin tokens (issue 11.6 item 5): an unknown token costs one query per minute at most. */
@KeywayIntegrationTest
class AdminTokenStoreTests {

	@Autowired
	AdminTokenStore store;

	@Autowired
	AdminUserStore users;

	@Autowired
	TokenHasher hasher;

	@Autowired
	JdbcClient jdbc;

	private final TokenGenerator generator = new TokenGenerator();

	@Test
	void findLiveWhenUnknownThenRememberedWithoutQueryUntilATokenIsIssued() {
		long admin = this.users.findByUsername(KeywayTestContextCustomizerFactory.ADMIN_USERNAME).orElseThrow().id();
		Instant now = Instant.now();
		String token = this.generator.next();
		List<String> hashes = this.hasher.candidates(token);
		assertThat(this.store.findLive(hashes, now)).isEmpty();

		// the row appears behind the store's back: the remembered miss answers, no query sees it
		this.jdbc.sql("""
				INSERT INTO admin_tokens (admin_user_id, token_hash, created_at, expires_at)
				VALUES (:user, :hash, :now, :expires)
				""")
			.param("user", admin)
			.param("hash", this.hasher.hash(token))
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(now.plus(Duration.ofHours(1))))
			.update();
		assertThat(this.store.findLive(hashes, now)).isEmpty();

		this.store.insert(admin, this.hasher.hash(this.generator.next()), now, now.plus(Duration.ofHours(1)));
		assertThat(this.store.findLive(hashes, now)).get().extracting(AdminTokenStore.Live::adminUserId).isEqualTo(admin);
	}

}
