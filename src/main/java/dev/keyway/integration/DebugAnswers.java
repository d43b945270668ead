package dev.keyway.integration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.keyway.audit.Actor;
import dev.keyway.audit.AuditTrail;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The debug answer of an integration (issue 16): for at most {@link #MAX} a 401 for its signature
 * failures carries the base string Keyway computed (token masked) and the reason in its body. Off by
 * default; switching on or off is audited ({@value #AUDIT_ACTION}) and in force on every node once it
 * commits (the Active integration's cache is evicted); it ends by time alone, no scheduler.
 */
@Service
public class DebugAnswers {

	/** The audit action of switching the debug answer on or off. */
	public static final String AUDIT_ACTION = "integration.debug_answer";

	/** The longest a debug answer may stay on. */
	public static final Duration MAX = Duration.ofHours(1);

	private final IntegrationService integrations;

	private final IntegrationStore store;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	DebugAnswers(IntegrationService integrations, IntegrationStore store, AuditTrail audit,
			ApplicationEventPublisher events, TransactionTemplate transaction, Clock clock) {
		this.integrations = integrations;
		this.store = store;
		this.audit = audit;
		this.events = events;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Switches the debug answer on for {@code minutes} from now (1 to 60).
	 * @return when it ends
	 */
	public Instant switchOn(long id, long minutes, Actor actor) {
		if (minutes < 1 || minutes > MAX.toMinutes()) {
			throw IntegrationException.invalid(List.of(new FieldError("minutes",
					"The debug answer stays on for 1 to " + MAX.toMinutes() + " minutes; got " + minutes + ".")));
		}
		Instant until = this.clock.instant().plus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS);
		change(id, until, actor);
		return until;
	}

	/** Switches the debug answer off (nothing changes when it is off). */
	public void switchOff(long id, Actor actor) {
		change(id, null, actor);
	}

	/** Until when the integration's debug answer is on, empty when it is off or over (a query: admin pages). */
	public Optional<Instant> until(long id) {
		Instant until = this.store.findById(id).orElseThrow(() -> IntegrationException.notFound(id)).debugAnswerUntil();
		return Optional.ofNullable(until).filter((end) -> end.isAfter(this.clock.instant()));
	}

	/** The integrations among these whose debug answer is on, with its end (one query: the grid's page). */
	public Map<Long, Instant> onAmong(Collection<Long> ids) {
		return this.store.debugAnswersUntil(ids, this.clock.instant());
	}

	private void change(long id, Instant until, Actor actor) {
		Integration integration = this.integrations.get(id);
		Optional<Instant> before = until(id);
		if (before.isEmpty() && until == null) {
			return;
		}
		this.transaction.executeWithoutResult((status) -> {
			this.store.updateDebugAnswer(id, until);
			this.audit.record(actor, AUDIT_ACTION, AuditTrail.Subject.integration(id, integration.name()),
					state(before.orElse(null)), state(until));
			this.events.publishEvent(new IntegrationChanged(id, integration.consumerId()));
		});
	}

	private static Map<String, Object> state(Instant until) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("debug_answer_until", (until != null) ? until.toString() : null);
		return state;
	}

}
