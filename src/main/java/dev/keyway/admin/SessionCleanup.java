package dev.keyway.admin;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

import dev.keyway.oauth.BackgroundTaskLog;

/**
 * Removes expired admin sessions once a minute, as Spring Session's own cleanup did, which is switched off
 * ({@code spring.session.jdbc.cleanup-cron: "-"} in application.yml): that one logged an ERROR with the whole
 * stack trace every minute while the database was away (an operator's trial). This one says an outage once and
 * its end once, as every background task does ({@link BackgroundTaskLog}).
 */
@AdminUi
@Component
class SessionCleanup {

	private final JdbcIndexedSessionRepository sessions;

	private final BackgroundTaskLog task = new BackgroundTaskLog(SessionCleanup.class, "Admin session cleanup");

	SessionCleanup(JdbcIndexedSessionRepository sessions) {
		this.sessions = sessions;
	}

	@Scheduled(cron = "${keyway.admin.session-cleanup-cron:0 * * * * *}")
	void run() {
		this.task.run(this.sessions::cleanUpExpiredSessions);
	}

}
