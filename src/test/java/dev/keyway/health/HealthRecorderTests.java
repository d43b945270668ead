package dev.keyway.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.keyway.oauth.Refusal;
import dev.keyway.oauth.RefusalFacts;
import dev.keyway.oauth.RefusalReason;
import dev.keyway.testing.DatabaseIndependent;
import dev.keyway.testing.DatabaseOutage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer behind issue 16's counts: what one flush writes (hour buckets, totals since creation,
 * refusal rows naming the node), and nothing per integration with {@code keyway.health.enabled=false}
 * while the Prometheus counter still counts.
 */
@DatabaseIndependent
class HealthRecorderTests {

	/** A store that keeps what it is told instead of writing it. */
	private static final class Written extends HealthStore {

		final List<String> calls = new ArrayList<>();

		final List<NewRefusal> refusals = new ArrayList<>();

		Written() {
			super(null);
		}

		/** Set: every write fails as while the database is away. */
		DatabaseOutage outage;

		@Override
		void addRequests(long integrationId, long hourStart, long requests) {
			if (this.outage != null) {
				this.outage.check();
			}
			this.calls.add("hour requests " + integrationId + " " + requests);
		}

		@Override
		void addRequestTotal(long integrationId, long requests) {
			this.calls.add("total requests " + integrationId + " " + requests);
		}

		@Override
		void markUsed(long integrationId, long usedAt, String sourceAddress) {
			this.calls.add("used " + integrationId);
		}

		@Override
		void addRefusals(List<NewRefusal> rows) {
			this.refusals.addAll(rows);
		}

		@Override
		void addRefusalCount(long integrationId, long hourStart, String reason, long n) {
			this.calls.add("hour refusals " + integrationId + " " + reason + " " + n);
		}

		@Override
		void addRefusalTotal(long integrationId, String reason, long n) {
			this.calls.add("total refusals " + integrationId + " " + reason + " " + n);
		}

		@Override
		void forgetHoursBefore(long hourStart) {
			this.calls.add("forget");
		}

	}

	private static Refusal badSignature(long integrationId) {
		return new Refusal(RefusalReason.BAD_SIGNATURE, 0, integrationId, "GET", "/rest/V1/products", "127.0.0.1",
				RefusalFacts.NONE.withBaseString("GET&x", "HMAC-SHA256"));
	}

	private static HealthRecorder recorder(Written store, SimpleMeterRegistry meters, boolean enabled) {
		return new HealthRecorder(store, null, Clock.systemUTC(), meters, new NodeName("node-7"),
				new HealthProperties(enabled, Duration.ofSeconds(2)));
	}

	@Test
		void flushWhenDatabaseUnavailableThenOneWarnWithoutTraceAndInfoWhenItAnswers() {
		try (DatabaseOutage.Log output = DatabaseOutage.log(HealthRecorder.class)) {
			Written store = new Written();
			store.outage = new DatabaseOutage();
			HealthRecorder recorder = recorder(store, new SimpleMeterRegistry(), true);
			for (int i = 0; i < 3; i++) {
				recorder.used(5, "10.0.0.1");
				recorder.flush();
			}
			DatabaseOutage.assertReportedOnce(output, "Integration health writer");
			store.outage.end();
			recorder.used(5, "10.0.0.1");
			recorder.flush();
			recorder.flush();
			DatabaseOutage.assertRecoveredOnce(output, "Integration health writer");
			assertThat(store.calls).contains("hour requests 5 1");
		}
	}

	@Test
	void flushWhenNothingCountedDuringOutageThenDoesNotSayTheDatabaseAnswers() {
		// every call answered 503 while PostgreSQL was stopped, so a flush found nothing to write: it logged "the
		// database answers again" two seconds into the outage, and the next failing flush a second WARN line
		try (DatabaseOutage.Log output = DatabaseOutage.log(HealthRecorder.class)) {
			Written store = new Written();
			store.outage = new DatabaseOutage();
			HealthRecorder recorder = recorder(store, new SimpleMeterRegistry(), true);
			recorder.used(5, "10.0.0.1");
			recorder.flush();
			recorder.flush();
			recorder.used(5, "10.0.0.1");
			recorder.flush();
			assertThat(output.getAll()).doesNotContain("the database answers again");
			DatabaseOutage.assertReportedOnce(output, "Integration health writer");
		}
	}

	@Test
	void flushWhenCallsAndRefusalsCountedThenBucketsTotalsAndNodeNamedRowsWritten() {
		Written store = new Written();
		HealthRecorder recorder = recorder(store, new SimpleMeterRegistry(), true);
		recorder.used(5, "10.0.0.1");
		recorder.used(5, "10.0.0.2");
		recorder.refused(badSignature(5));
		recorder.refused(badSignature(5));
		recorder.flush();
		assertThat(store.calls).contains("hour requests 5 2", "total requests 5 2", "used 5",
				"hour refusals 5 bad_signature 2", "total refusals 5 bad_signature 2");
		assertThat(store.refusals).hasSize(2).allSatisfy((row) -> assertThat(row.node()).isEqualTo("node-7"));
	}

	@Test
	void flushWhenStormOfBadSignaturesThenExactCountsAndOnlyTheKeptRowsExplained() {
		Written store = new Written();
		HealthRecorder recorder = recorder(store, new SimpleMeterRegistry(), true);
		java.util.concurrent.atomic.AtomicInteger explained = new java.util.concurrent.atomic.AtomicInteger();
		int storm = HealthStore.KEPT_PER_INTEGRATION * 3;
		for (int i = 0; i < storm; i++) {
			String hint = "hint " + i;
			recorder.refused(new Refusal(RefusalReason.BAD_SIGNATURE, 0, 6, "GET", "/rest/V1/products", "127.0.0.1",
					RefusalFacts.NONE.withExplanation("HMAC-SHA256", () -> {
						explained.incrementAndGet();
						return new RefusalFacts.Explanation("GET&x", hint);
					})));
		}
		recorder.flush();

		assertThat(store.calls).contains("hour refusals 6 bad_signature " + storm, "total refusals 6 bad_signature " + storm);
		assertThat(store.refusals).hasSize(HealthStore.KEPT_PER_INTEGRATION);
		assertThat(store.refusals.get(store.refusals.size() - 1).hint()).isEqualTo("hint " + (storm - 1));
		assertThat(store.refusals).allSatisfy((row) -> assertThat(row.baseString()).isEqualTo("GET&x"));
		assertThat(explained).as("only the kept rows' explanations are computed").hasValue(HealthStore.KEPT_PER_INTEGRATION);
	}

	@Test
	void flushWhenRefusedForEachReasonThenEveryRowCarriesAHintSaveRateLimited() {
		Written store = new Written();
		HealthRecorder recorder = recorder(store, new SimpleMeterRegistry(), true);
		for (RefusalReason reason : RefusalReason.values()) {
			// the facts as most throw sites give them: the consumer and no known mistake
			recorder.refused(new Refusal(reason, 0, 100 + reason.ordinal(), "GET", "/rest/V1/products", "127.0.0.1",
					RefusalFacts.NONE.withConsumer(1)));
		}
		// a wrong signature whose explanation found no known mistake (the operator trial's "hint": null)
		recorder.refused(new Refusal(RefusalReason.BAD_SIGNATURE, 0, 99, "GET", "/rest/V1/products", "127.0.0.1",
				RefusalFacts.NONE.withExplanation("HMAC-SHA256", () -> new RefusalFacts.Explanation("GET&x", null))));
		// a site that knows more keeps its own
		recorder.refused(new Refusal(RefusalReason.IP_NOT_ALLOWED, 0, 98, "GET", "/rest/V1/products", "127.0.0.1",
				RefusalFacts.NONE.withConsumer(1).withHint("The integration's IP allow-list is 10.0.0.0/8.")));
		recorder.flush();

		assertThat(store.refusals).hasSize(RefusalReason.values().length + 2);
		for (HealthStore.NewRefusal row : store.refusals) {
			if ("rate_limited".equals(row.reason())) {
				assertThat(row.hint()).as("SPEC 5.12: rate_limited, without a hint").isNull();
			}
			else {
				assertThat(row.hint()).as(row.reason()).isNotBlank();
			}
		}
		assertThat(hintOf(store, 100 + RefusalReason.BAD_SIGNATURE.ordinal()))
			.isEqualTo(RefusalReason.BAD_SIGNATURE.generalHint())
			.contains("Compare the base string");
		assertThat(hintOf(store, 99)).isEqualTo(RefusalReason.BAD_SIGNATURE.generalHint());
		assertThat(hintOf(store, 100 + RefusalReason.NONCE_REUSED.ordinal()))
			.isEqualTo(RefusalReason.NONCE_REUSED.generalHint())
			.contains("new random nonce and the current timestamp");
		assertThat(hintOf(store, 100 + RefusalReason.TIMESTAMP_OUT_OF_WINDOW.ordinal())).contains("NTP");
		assertThat(hintOf(store, 98)).isEqualTo("The integration's IP allow-list is 10.0.0.0/8.");
	}

	private static String hintOf(Written store, long integrationId) {
		return store.refusals.stream()
			.filter((row) -> row.integrationId() == integrationId)
			.map(HealthStore.NewRefusal::hint)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void flushWhenHealthDisabledThenNothingWrittenButTheMetricCounts() {
		Written store = new Written();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		HealthRecorder recorder = recorder(store, meters, false);
		recorder.used(5, "10.0.0.1");
		recorder.refused(badSignature(5));
		recorder.flush();
		assertThat(store.calls).isEmpty();
		assertThat(store.refusals).isEmpty();
		assertThat(meters.get("keyway.refusals").tag("reason", "bad_signature").counter().count()).isEqualTo(1.0);
	}

	@Test
	void nodeNameWhenConfiguredThenUsedAndWhenTooLongThenRefusedNamingTheRule() {
		assertThat(new NodeName(" web-1 ").get()).isEqualTo("web-1");
		assertThat(new NodeName("").get()).isNotBlank();
		assertThatThrownBy(() -> new NodeName("n".repeat(65))).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("keyway.node-name must have at most 64 characters; got 65");
	}

	@Test
	void newestPerIntegrationWhenStormOfRefusalsThenOnlyTheKeptNewestAreWrittenInOrder() {
		List<HealthStore.NewRefusal> rows = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			rows.add(row(1, i));
			if (i % 40 == 0) {
				rows.add(row(2, i));
			}
		}

		List<HealthStore.NewRefusal> kept = HealthRecorder.newestPerIntegration(rows);

		assertThat(kept).filteredOn((row) -> row.integrationId() == 1)
			.extracting(HealthStore.NewRefusal::refusedAt)
			.hasSize(HealthStore.KEPT_PER_INTEGRATION)
			.startsWith(70L)
			.endsWith(119L)
			.isSorted();
		assertThat(kept).filteredOn((row) -> row.integrationId() == 2)
			.extracting(HealthStore.NewRefusal::refusedAt)
			.containsExactly(0L, 40L, 80L);
	}

	private static HealthStore.NewRefusal row(long integrationId, long at) {
		return new HealthStore.NewRefusal(integrationId, at, "node", "GET", "/rest/V1/x", "127.0.0.1", "rate_limited",
				null, null, null, null);
	}

}
