package dev.keyway.audit;

import java.time.Clock;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records every lifecycle action and setting change: who, when, from where, what (before/after).
 * Callers pass snapshots that hold no secrets. Recording joins the caller's transaction, so an
 * action and its record commit together or not at all.
 */
@Service
public class AuditTrail {

	private final AuditStore store;

	private final JsonMapper json;

	private final Clock clock;

	AuditTrail(AuditStore store, JsonMapper json, Clock clock) {
		this.store = store;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * @param action what happened, e.g. {@code integration.create}
	 * @param subject what it happened to
	 * @param before the state before (serialized to JSON), or null
	 * @param after the state after (serialized to JSON), or null
	 */
	@Transactional
	public void record(Actor actor, String action, Subject subject, Object before, Object after) {
		this.store.insert(this.clock.instant(), actor, action, subject.type(), subject.id(), subject.name(),
				toJson(before), toJson(after));
	}

	/** Newest first; {@code subjectType}/{@code subjectId} null for every entry. */
	public List<AuditEntry> find(String subjectType, String subjectId, int limit, int offset) {
		return this.store.find(subjectType, subjectId, limit, offset);
	}

	private String toJson(Object value) {
		return (value != null) ? this.json.writeValueAsString(value) : null;
	}

	/** What an action was done to. */
	public record Subject(String type, String id, String name) {

		public static Subject integration(long id, String name) {
			return new Subject("integration", Long.toString(id), name);
		}

		public static Subject setting(String path) {
			return new Subject("setting", path, path);
		}

		public static Subject adminUser(long id, String name) {
			return new Subject("admin_user", Long.toString(id), name);
		}

	}

}
