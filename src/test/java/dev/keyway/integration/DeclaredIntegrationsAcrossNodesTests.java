package dev.keyway.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.keyway.acl.AclTree;
import dev.keyway.acl.GrantService;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Nodes on one database that apply the integrations file at once (SPEC 2.7: a rolling deployment, {@code docker
 * compose up --scale}). Each node is a {@link DeclaredIntegrations} of its own on the suite's database (H2, then
 * PostgreSQL); its store waits, at its first read, for the other node's first read (at most a second and a
 * half), so that without a lock both read the same state before either writes, as two nodes started together
 * do. A review found the second one stopped on the unique name.
 */
@KeywayIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class DeclaredIntegrationsAcrossNodesTests {

	@Autowired
	DeclaredIntegrations declared;

	@Autowired
	IntegrationService service;

	@Autowired
	IntegrationStore store;

	@Autowired
	AclTree tree;

	@Autowired
	ConsumerService consumers;

	@Autowired
	GrantService grants;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	LifecycleCallbacks callbacks;

	@Autowired
	NamedLocks locks;

	@Autowired
	JdbcClient jdbc;

	@Value("${spring.datasource.url}")
	String url;

	@Value("${spring.datasource.username}")
	String username;

	@Value("${spring.datasource.password}")
	String password;

	@AfterEach
	void removeDeclared() {
		this.declared.apply(List.of());
	}

	@Test
	void applyWhenTwoNodesApplyAChangedDeclarationAtOnceThenBothStartAndItIsResetOnce(CapturedOutput output)
			throws Exception {
		String name = unique();
		this.declared.apply(declaration(name, "a@example.com"));
		Integration before = byName(name);

		List<Object> outcomes = race(declaration(name, "b@example.com"));

		assertThat(outcomes).as("what each node's apply returned (resets) or threw").containsExactlyInAnyOrder(1, 0);
		Integration after = byName(name);
		assertThat(after.email()).isEqualTo("b@example.com");
		assertThat(after.status()).isEqualTo(IntegrationStatus.RESET);
		assertThat(after.consumerKey()).isNotEqualTo(before.consumerKey());
		assertThat(configNamed(name)).isOne();
		assertThat(this.jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'integration' AND subject_id = :id")
			.param("id", Long.toString(after.id()))
			.query(String.class)
			.list()).containsExactly("integration.create");
		// each node says what it did (an operator trial: a roll-out's nodes said nothing)
		assertThat(output.getAll()).contains("Integrations file applied: 0 created, 1 reset, 0 removed, 0 regranted, "
				+ "0 unchanged").contains("Integrations file applied: 0 created, 0 reset, 0 removed, 0 regranted, 1 unchanged");
	}

	@Test
	void applyWhenAStepFailsAfterAResetThenNothingChangesAndNoResetIsLogged(CapturedOutput output) {
		String name = unique();
		this.declared.apply(declaration(name, "a@example.com"));
		Integration before = byName(name);
		IntegrationStore failing = new IntegrationStore(this.jdbc) {
			@Override
			List<Row> findBySetupType(SetupType type) {
				throw new IllegalStateException("the database went away");
			}
		};

		assertThatIllegalStateException().isThrownBy(() -> node(Duration.ofSeconds(5), failing)
			.apply(declaration(name, "b@example.com"))).withMessage("the database went away");

		Integration after = byName(name);
		assertThat(after.consumerKey()).as("all or nothing").isEqualTo(before.consumerKey());
		assertThat(after.email()).isEqualTo("a@example.com");
		assertThat(output.getAll()).as("a reset that was rolled back is not said").doesNotContain(name);
	}

	@Test
	void applyWhenTheNodeAlonePausesLongerThanItsLockTimeoutBetweenStatementsThenItsApplyCompletes() {
		// a review: on PostgreSQL the holder's idle bound was the lock timeout, so a pause of its own (a collection,
		// a cold class at start-up) longer than a short timeout ended its transaction, with no other node involved
		IntegrationStore pausing = new IntegrationStore(this.jdbc) {
			@Override
			List<Row> findBySetupType(SetupType type) {
				sleep(Duration.ofMillis(700));
				return super.findBySetupType(type);
			}
		};
		String name = unique();

		int reset = node(Duration.ofMillis(300), pausing).apply(declaration(name, "a@example.com"));

		assertThat(reset).isZero();
		assertThat(configNamed(name)).isOne();
	}

	@Test
	void applyWhenTwoNodesDeclareANewIntegrationAtOnceThenBothStartAndItIsCreatedOnce() throws Exception {
		String name = unique();

		List<Object> outcomes = race(declaration(name, "a@example.com"));

		assertThat(outcomes).containsExactly(0, 0);
		assertThat(byName(name).status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(configNamed(name)).isOne();
	}

	@Test
	void applyWhenAnotherNodeHoldsTheLockLongerThanTheTimeoutThenItFailsNamingTheRuleAndTheValueAndChangesNothing()
			throws Exception {
		String name = unique();
		CountDownLatch held = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> this.transaction.executeWithoutResult((tx) -> {
			this.locks.lock(NamedLocks.INTEGRATIONS_FILE, Duration.ofSeconds(30));
			held.countDown();
			await(release);
		}));
		try {
			assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
			DeclaredIntegrations impatient = node(Duration.ofMillis(300), this.store);

			assertThatIllegalStateException().isThrownBy(() -> impatient.apply(declaration(name, "a@example.com")))
				.withMessageStartingWith("The integrations file was not applied: another node has been applying it "
						+ "for longer than keyway.integrations-file-lock-timeout (PT0.3S) lets this node wait.");
			assertThat(this.store.findByName(name)).isEmpty();
		}
		finally {
			release.countDown();
			holder.get(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void applyWhenTheNodeHoldingTheLockDiesThenTheNextNodeApplies() throws Exception {
		String name = unique();
		CompletableFuture<Integer> waiting;
		try (Connection dying = DriverManager.getConnection(this.url, this.username, this.password)) {
			dying.setAutoCommit(false);
			try (Statement statement = dying.createStatement()) {
				statement.executeQuery("SELECT name FROM named_locks WHERE name = 'integrations-file' FOR UPDATE").close();
			}
			waiting = CompletableFuture.supplyAsync(
					() -> node(Duration.ofSeconds(30), this.store).apply(declaration(name, "a@example.com")));
			Thread.sleep(500);
			assertThat(waiting).as("waits for the lock").isNotDone();

			// the node's process is gone: its connection closes without a commit or a rollback
			dying.abort(Runnable::run);
		}

		assertThat(waiting.get(10, TimeUnit.SECONDS)).isZero();
		assertThat(configNamed(name)).isOne();
	}

	@Test
	@EnabledIfSystemProperty(named = "keyway-test.database", matches = "postgres")
	void applyWhenTheNodeHoldingTheLockStopsSendingStatementsThenPostgresEndsItsTransactionAfterTheTimeout()
			throws Exception {
		String name = unique();
		CountDownLatch held = new CountDownLatch(1);
		AtomicReference<Throwable> holderAfterItsPause = new AtomicReference<>();
		CompletableFuture<Void> frozen = CompletableFuture.runAsync(() -> {
			try {
				this.transaction.executeWithoutResult((tx) -> {
					// a holder's idle bound is never below HOLDER_IDLE_MIN (10 s), whatever its lock timeout
					this.locks.lock(NamedLocks.INTEGRATIONS_FILE, Duration.ofMillis(500));
					held.countDown();
					sleep(NamedLocks.HOLDER_IDLE_MIN.plusSeconds(4));
					this.jdbc.sql("SELECT 1").query(Integer.class).single();
				});
			}
			catch (RuntimeException ex) {
				holderAfterItsPause.set(ex);
			}
		});
		assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();

		int reset = node(Duration.ofSeconds(30), this.store).apply(declaration(name, "a@example.com"));

		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("applied while the holder still slept")
			.isLessThan(NamedLocks.HOLDER_IDLE_MIN.plusMillis(2500));
		assertThat(reset).isZero();
		assertThat(configNamed(name)).isOne();
		frozen.get(20, TimeUnit.SECONDS);
		assertThat(holderAfterItsPause.get()).as("the holder's connection was ended").isNotNull();
	}

	/** The two nodes' applies of {@code declaration}, started at once: what each returned or threw. */
	private List<Object> race(List<DeclaredIntegrations.Declared> declaration) throws Exception {
		CyclicBarrier firstReads = new CyclicBarrier(2);
		List<CompletableFuture<Integer>> nodes = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			DeclaredIntegrations node = node(Duration.ofSeconds(30), new MeetingStore(this.jdbc, firstReads));
			nodes.add(CompletableFuture.supplyAsync(() -> node.apply(declaration)));
		}
		List<Object> outcomes = new ArrayList<>();
		for (CompletableFuture<Integer> node : nodes) {
			try {
				outcomes.add(node.get(30, TimeUnit.SECONDS));
			}
			catch (java.util.concurrent.ExecutionException ex) {
				outcomes.add(ex.getCause());
			}
		}
		return outcomes;
	}

	private DeclaredIntegrations node(Duration lockTimeout, IntegrationStore nodeStore) {
		return new DeclaredIntegrations(new IntegrationProperties(null, null, lockTimeout), this.service, nodeStore,
				this.tree, this.consumers, this.grants, this.transaction, this.callbacks, this.locks);
	}

	private List<DeclaredIntegrations.Declared> declaration(String name, String email) {
		return this.declared.parse(Map.of("integrations", List.of(Map.of("name", name, "email", email,
				"resources", List.of("Magento_Cms::block")))), "test declarations");
	}

	private Integration byName(String name) {
		return this.service.get(this.store.findByName(name).orElseThrow().id());
	}

	private long configNamed(String name) {
		return this.store.findBySetupType(SetupType.CONFIG).stream().filter((row) -> row.name().equals(name)).count();
	}

	private static String unique() {
		return "declared-" + UUID.randomUUID();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The stored integrations as one node reads them: its first read waits for the other node's first read, at
	 * most a second and a half (with the lock the other node is waiting for it, and both go on alone).
	 */
	private static final class MeetingStore extends IntegrationStore {

		private final CyclicBarrier firstReads;

		private final AtomicBoolean met = new AtomicBoolean();

		MeetingStore(JdbcClient jdbc, CyclicBarrier firstReads) {
			super(jdbc);
			this.firstReads = firstReads;
		}

		@Override
		Optional<Row> findByName(String name) {
			if (this.met.compareAndSet(false, true)) {
				try {
					this.firstReads.await(1500, TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException | BrokenBarrierException ex) {
					// the other node has not read: it waits for this one's lock
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.findByName(name);
		}

	}

}
