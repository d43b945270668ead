package dev.keyway.account;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.oauth.BackgroundTaskLog;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes expired admin tokens in the background (they are refused anyway; this keeps the table small). */
@Component
class AdminTokenCleanup {

	private static final Logger log = LoggerFactory.getLogger(AdminTokenCleanup.class);

	private final AdminAccounts accounts;

	private final BackgroundTaskLog task = new BackgroundTaskLog(AdminTokenCleanup.class, "Admin token cleanup");

	AdminTokenCleanup(AdminAccounts accounts) {
		this.accounts = accounts;
	}

	@Scheduled(fixedDelayString = "${keyway.account.token-cleanup-interval:PT10M}", initialDelayString = "PT1M")
	void run() {
		this.task.run(this::clean);
	}

	/** One pass; throws what the database throws. */
	void clean() {
		int removed = this.accounts.deleteExpiredTokens();
		if (removed > 0) {
			log.debug("Removed {} expired admin tokens", removed);
		}
	}

}
