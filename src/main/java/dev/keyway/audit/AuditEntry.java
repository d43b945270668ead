package dev.keyway.audit;

import java.time.Instant;

/** One recorded action; {@code before}/{@code after} are JSON without secrets, or null. */
public record AuditEntry(long id, Instant occurredAt, String actorKind, Long actorId, String actorName,
		String sourceAddress, String action, String subjectType, String subjectId, String subjectName,
		String before, String after) {
}
