package dev.keyway.integration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.keyway.acl.AclTree;
import dev.keyway.acl.Grant;
import dev.keyway.acl.GrantService;
import dev.keyway.audit.Actor;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.NewConsumer;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Integrations declared in the operator's file (SPEC 2.7), applied at start-up: a missing one is
 * created (setup type config, Inactive); a changed one is deleted and created again with status
 * Reset and a new consumer; one no longer declared is removed (the extension was uninstalled).
 * Every declared resource brings its ACL ancestors. A file that breaks a rule stops the start-up
 * with a message naming the entry and the rule ({@link IntegrationsFileReader} reads and checks it).
 *
 * <p>Nodes on one database that start at once (a rolling deployment, {@code --scale}) apply the file one after
 * the other: the apply is one transaction that first takes the lock {@link NamedLocks#INTEGRATIONS_FILE}, and
 * reads the stored integrations only then, so a node that waited finds what the one before it did and changes
 * what still differs, usually nothing (both used to reset the same integration, and the second stopped on the
 * unique name).
 */
@Component
class DeclaredIntegrations implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(DeclaredIntegrations.class);

	private static final Actor ACTOR = Actor.system("integrations file");

	/**
	 * One declared integration and the digest of what makes its credentials (the guardrails are not in
	 * it: a changed rate limit, allow-list or expiry is applied in place, it never resets the integration).
	 * @param rateLimit the declared rate limit, null for the settings' default (issue 17.2)
	 * @param lifecycleWebhooks the opt-in to lifecycle webhooks at the Callback URL (issue 17.5), applied
	 * in place like the guardrails
	 */
	record Declared(IntegrationDraft draft, Grant grant, String digest, RateLimit rateLimit, IpAllowList ipAllowList,
			Instant expiresAt, boolean lifecycleWebhooks) {

		Declared(IntegrationDraft draft, Grant grant, String digest) {
			this(draft, grant, digest, null, IpAllowList.anywhere(), null);
		}

		Declared(IntegrationDraft draft, Grant grant, String digest, RateLimit rateLimit, IpAllowList ipAllowList,
				Instant expiresAt) {
			this(draft, grant, digest, rateLimit, ipAllowList, expiresAt, false);
		}

	}

	private final IntegrationProperties properties;

	private final IntegrationService service;

	private final IntegrationStore store;

	private final AclTree tree;

	private final ConsumerService consumers;

	private final GrantService grants;

	private final TransactionTemplate transaction;

	private final TransactionTemplate locked;

	private final LifecycleCallbacks callbacks;

	private final NamedLocks locks;

	private final IntegrationsFileReader reader;

	DeclaredIntegrations(IntegrationProperties properties, IntegrationService service, IntegrationStore store,
			AclTree tree, ConsumerService consumers, GrantService grants,
			TransactionTemplate transaction, LifecycleCallbacks callbacks, NamedLocks locks) {
		this.callbacks = callbacks;
		this.locks = locks;
		this.reader = new IntegrationsFileReader(service, tree);
		this.locked = new TransactionTemplate(transaction.getTransactionManager());
		// each read after the lock must see what the node before committed, whatever the pool's default
		this.locked.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.properties = properties;
		this.service = service;
		this.store = store;
		this.tree = tree;
		this.consumers = consumers;
		this.grants = grants;
		this.transaction = transaction;
	}

	/**
	 * Applied once every bean exists, before the server takes calls (a DevOps trial: as an application runner it
	 * ran after the port was open, so an integration removed from the file worked for a second after a restart,
	 * and a refused file left a node serving until it stopped, with a second warning about closing the context).
	 */
	@Override
	public void afterSingletonsInstantiated() {
		Path file = this.properties.integrationsFile();
		if (file != null) {
			apply(read(file));
		}
	}

	/**
	 * Brings the database in line with the declarations; returns how many integrations were reset. All or
	 * nothing: one transaction, under the lock other nodes applying the file wait for (at most
	 * {@code keyway.integrations-file-lock-timeout}).
	 */
	int apply(List<Declared> declared) {
		Map<String, Declared> byKey = new LinkedHashMap<>();
		for (Declared entry : declared) {
			byKey.put(IntegrationStore.nameKey(entry.draft().name()), entry);
		}
		// what changed is logged once it is committed: an apply that fails later is rolled back whole
		List<Runnable> said = new ArrayList<>();
		Tally tally = new Tally();
		long start = System.nanoTime();
		this.locked.executeWithoutResult((status) -> {
			lock();
			applyLocked(byKey, said, tally);
		});
		said.forEach(Runnable::run);
		// one line per node and start (an operator trial: a roll-out's nodes said nothing of what each did)
		log.info("Integrations file applied: {} created, {} reset, {} removed, {} regranted, {} unchanged ({} ms)",
				tally.created, tally.reset, tally.removed, tally.regranted, tally.unchanged,
				Duration.ofNanos(System.nanoTime() - start).toMillis());
		return tally.reset;
	}

	/** What one apply did, for its log line. */
	private static final class Tally {

		int created;

		int reset;

		int removed;

		int regranted;

		int unchanged;

	}

	private void lock() {
		Duration timeout = this.properties.integrationsFileLockTimeout();
		long start = System.nanoTime();
		try {
			this.locks.lock(NamedLocks.INTEGRATIONS_FILE, timeout);
		}
		catch (NamedLocks.LockTimeout ex) {
			throw new IntegrationsFileRefused("The integrations file was not applied: another node has been applying "
					+ "it for longer than keyway.integrations-file-lock-timeout (" + timeout + ") lets this node wait. "
					+ "Applying it takes seconds at most, so that node is stuck: stop it (its lock goes with its "
					+ "connection), or raise the timeout", ex);
		}
		long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
		if (waited >= 1000) {
			log.info("Waited {} ms for another node to finish applying the integrations file", waited);
		}
	}

	/** {@link #apply} once the lock is held: every read of the stored integrations comes after it. */
	private void applyLocked(Map<String, Declared> byKey, List<Runnable> said, Tally tally) {
		// every name first, so that a refusal changes nothing (a DevOps trial: the entries before the refused one
		// were created, then the start-up stopped)
		for (Declared entry : byKey.values()) {
			this.store.findByName(entry.draft().name())
				.filter((existing) -> existing.setupType() != SetupType.CONFIG)
				.ifPresent((existing) -> {
					throw new IntegrationsFileRefused("The integrations file declares \"" + entry.draft().name()
							+ "\", but an integration of that name was created in the admin or through the management API; "
							+ "rename one of them (nothing was changed)");
				});
		}
		for (Declared entry : byKey.values()) {
			IntegrationStore.Row existing = this.store.findByName(entry.draft().name()).orElse(null);
			if (existing == null) {
				create(entry, IntegrationStatus.INACTIVE);
				tally.created++;
			}
			else if (unchanged(entry, existing)) {
				// what its resources expand to follows the ACL tree in place
				String legacy = legacyDigest(entry.draft(), entry.grant());
				if (!entry.grant().equals(this.grants.grantOf(existing.id())) || !legacy.equals(existing.configDigest())
						|| !entry.digest().equals(existing.configDeclaration())) {
					this.service.regrantDeclared(existing.id(), entry.grant(), legacy, entry.digest(), ACTOR);
					tally.regranted++;
				}
				else {
					tally.unchanged++;
				}
			}
			else {
				this.transaction.executeWithoutResult((status) -> {
					this.service.remove(this.service.get(existing.id()), ACTOR, "integration.config_reset");
					create(entry, IntegrationStatus.RESET);
				});
				tally.reset++;
				said.add(() -> log.warn("Integration '{}' was reset because its declaration changed: it has a new consumer "
						+ "key and must be activated again", entry.draft().name()));
			}
			applyGuardrails(entry);
			// declared all the same (the operator may allow the address later), and said once at start-up
			this.callbacks.policy().refusalWithoutDns(entry.draft().endpoint()).ifPresent((refusal) -> log.warn(
					"Integration '{}' of the integrations file: Keyway will not call its callback URL, so Activate "
							+ "and its lifecycle webhooks fail until the address is allowed. {}",
					entry.draft().name(), refusal));
		}
		for (IntegrationStore.Row row : this.store.findBySetupType(SetupType.CONFIG)) {
			if (!byKey.containsKey(IntegrationStore.nameKey(row.name()))) {
				this.transaction.executeWithoutResult((status) -> this.service.remove(this.service.get(row.id()), ACTOR,
						"integration.config_remove"));
				said.add(() -> log.warn("Integration '{}' was removed: the integrations file no longer declares it",
						row.name()));
				tally.removed++;
			}
		}
	}

	/**
	 * Whether the declaration is the one the integration was made from. A row made before declarations had
	 * their own digest holds one over its expanded grant: it matches when the fields are the same and the
	 * declared resources are within that grant (a tree that changed since expands them differently; at worst
	 * a resource dropped from the file with the upgrade narrows the grant in place instead of resetting).
	 */
	private boolean unchanged(Declared entry, IntegrationStore.Row existing) {
		if (existing.configDeclaration() != null) {
			return entry.digest().equals(existing.configDeclaration());
		}
		if (entry.digest().equals(existing.configDigest())) {
			// written by a build that kept the declaration's digest in config_digest (before V53)
			return true;
		}
		Grant stored = this.grants.grantOf(existing.id());
		return stored.all() == entry.draft().allResources()
				&& legacyDigest(entry.draft(), stored).equals(existing.configDigest())
				&& (stored.all() || stored.resources().containsAll(entry.draft().resources()));
	}

	/** The file's guardrails (issue 17: rate limit, allow-list, expiry) in force: set when they differ, audited, on every node after commit. */
	private void applyGuardrails(Declared entry) {
		this.store.findByName(entry.draft().name())
			.ifPresent((row) -> {
				this.service.setGuardrails(row.id(), entry.ipAllowList(), entry.expiresAt(), entry.rateLimit(), ACTOR);
				this.callbacks.set(row.id(), entry.lifecycleWebhooks(), ACTOR);
			});
	}

	private void create(Declared entry, IntegrationStatus status) {
		this.transaction.executeWithoutResult((tx) -> {
			NewConsumer consumer = this.consumers.register();
			// config_digest in the form earlier versions compare, so that one started on this database finds it
			// unchanged (a rollback resets nothing); the declaration's own digest beside it
			long id = this.service.insert(entry.draft(), status, SetupType.CONFIG, consumer.id(),
					legacyDigest(entry.draft(), entry.grant()));
			this.store.updateConfigDigests(id, legacyDigest(entry.draft(), entry.grant()), entry.digest());
			this.grants.replace(id, entry.grant());
			Integration created = this.service.get(id);
			this.service.recordCreation(created, ACTOR);
		});
	}

	List<Declared> read(Path file) {
		return this.reader.read(file);
	}

	List<Declared> parse(Object document, String source) {
		return this.reader.parse(document, source);
	}

	/**
	 * The digest of a declaration as written (its fields and its resources, sorted, without the
	 * ancestors they bring): a change of the ACL tree alone (another Keyway version, the gateway
	 * file's resources) is no change of the declaration and never resets the integration.
	 */
	static String digest(IntegrationDraft draft) {
		List<String> resources = draft.allResources() ? List.of() : new TreeSet<>(draft.resources()).stream().toList();
		return sha256(String.join("\n", "declaration-v2", draft.name(), String.valueOf(draft.email()),
				String.valueOf(draft.endpoint()), String.valueOf(draft.identityLinkUrl()),
				String.valueOf(draft.allResources()), String.join(",", resources)));
	}

	/** The digest before {@link #digest(IntegrationDraft)}: over the expanded grant, as rows made by earlier versions hold it. */
	static String legacyDigest(IntegrationDraft draft, Grant grant) {
		return sha256(String.join("\n", draft.name(), String.valueOf(draft.email()), String.valueOf(draft.endpoint()),
				String.valueOf(draft.identityLinkUrl()), String.valueOf(grant.all()),
				String.join(",", grant.sortedResources())));
	}

	private static String sha256(String canonical) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex); // every JVM has SHA-256
		}
	}

}
