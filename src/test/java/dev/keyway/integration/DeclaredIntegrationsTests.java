package dev.keyway.integration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import dev.keyway.acl.Grant;
import dev.keyway.acl.GrantService;
import dev.keyway.audit.Actor;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The operator's integrations file (SPEC 2.7), driven through {@link DeclaredIntegrations#apply}
 * with parsed YAML. Every test ends with an empty declaration, which removes the config
 * integrations it created.
 */
@KeywayIntegrationTest
class DeclaredIntegrationsTests {

	private static final Actor ACTOR = Actor.admin(9, "declared-tester", "192.0.2.9");

	@Autowired
	DeclaredIntegrations declared;

	@Autowired
	IntegrationService service;

	@Autowired
	IntegrationStore store;

	@Autowired
	ConsumerService consumers;

	@Autowired
	GrantService grants;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@AfterEach
	void removeDeclared() {
		this.declared.apply(List.of());
	}

	@Test
	void applyWhenDeclaredIntegrationIsNewThenCreatedAsConfigInactiveWithAncestors() {
		String name = unique();
		int reset = this.declared.apply(parse("""
				integrations:
				  - name: %s
				    email: ops@example.com
				    endpoint: https://partner.example.com/cb
				    resources:
				      - Magento_Cms::save
				      - Magento_Sales::actions_view
				""".formatted(name)));
		assertThat(reset).isZero();
		Integration created = byName(name);
		assertThat(created.setupType()).isEqualTo(SetupType.CONFIG);
		assertThat(created.status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(created.readOnly()).isTrue();
		assertThat(created.email()).isEqualTo("ops@example.com");
		assertThat(created.endpoint()).isEqualTo("https://partner.example.com/cb");
		assertThat(created.consumerKey()).matches("[0-9a-z]{32}");
		assertThat(created.grant()).isEqualTo(Grant.custom(List.of("Magento_Cms::save", "Magento_Cms::page",
				"Magento_Backend::content_elements", "Magento_Backend::content", "Magento_Sales::actions_view",
				"Magento_Sales::actions", "Magento_Sales::sales_order", "Magento_Sales::sales_operation",
				"Magento_Sales::sales")));
		assertThat(actions(created.id())).containsExactly("integration.create");
	}

	@Test
	void applyWhenAllResourcesDeclaredThenGrantAll() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n    all_resources: true\n".formatted(name)));
		assertThat(byName(name).grant()).isEqualTo(Grant.allResources());
	}

	@Test
	void applyWhenDeclarationUnchangedThenNothingHappens() {
		String name = unique();
		String yaml = "integrations:\n  - name: %s\n    resources: [Magento_Cms::block]\n".formatted(name);
		this.declared.apply(parse(yaml));
		Integration first = byName(name);
		assertThat(this.declared.apply(parse(yaml))).isZero();
		Integration second = byName(name);
		assertThat(second).isEqualTo(first);
		assertThat(actions(first.id())).containsExactly("integration.create");
	}

	@Test
	void applyWhenDeclarationChangedThenResetWithNewConsumerKey() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n    resources: [Magento_Cms::block]\n".formatted(name)));
		Integration before = byName(name);
		this.service.activate(before.id(), ACTOR);
		int reset = this.declared.apply(
				parse("integrations:\n  - name: %s\n    resources: [Magento_Cms::page]\n".formatted(name)));
		assertThat(reset).isOne();
		Integration after = byName(name);
		assertThat(after.status()).isEqualTo(IntegrationStatus.RESET);
		assertThat(after.setupType()).isEqualTo(SetupType.CONFIG);
		assertThat(after.consumerKey()).matches("[0-9a-z]{32}").isNotEqualTo(before.consumerKey());
		assertThat(after.grant().resources()).contains("Magento_Cms::page").doesNotContain("Magento_Cms::block");
		assertThat(count("SELECT COUNT(*) FROM oauth_consumers WHERE id = " + before.consumerId())).isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth_tokens WHERE consumer_id = " + before.consumerId())).isZero();
		assertThat(actions(before.id())).endsWith("integration.config_reset");
	}

	@Test
	void applyWhenOnlyEmailChangedThenReset() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n    email: a@example.com\n".formatted(name)));
		Integration before = byName(name);
		assertThat(this.declared.apply(parse("integrations:\n  - name: %s\n    email: b@example.com\n".formatted(name))))
			.isOne();
		Integration after = byName(name);
		assertThat(after.email()).isEqualTo("b@example.com");
		assertThat(after.consumerKey()).isNotEqualTo(before.consumerKey());
	}

	@Test
	void activateWhenResetThenDirectFlowMakesItActiveAndReauthorizeWorks() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n    email: a@example.com\n".formatted(name)));
		this.declared.apply(parse("integrations:\n  - name: %s\n    email: c@example.com\n".formatted(name)));
		Integration reset = byName(name);
		assertThat(reset.status()).isEqualTo(IntegrationStatus.RESET);
		Activation activation = this.service.activate(reset.id(), ACTOR);
		assertThat(activation).isInstanceOf(Activation.Direct.class);
		assertThat(activation.integration().status()).isEqualTo(IntegrationStatus.ACTIVE);
		Activation again = this.service.reauthorize(reset.id(), ACTOR);
		assertThat(again.message()).isEqualTo("The integration '" + name + "' has been re-authorized.");
	}

	@Test
	void reauthorizeWhenResetThenAllowed() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n    email: a@example.com\n".formatted(name)));
		this.declared.apply(parse("integrations:\n  - name: %s\n    email: d@example.com\n".formatted(name)));
		Activation activation = this.service.reauthorize(byName(name).id(), ACTOR);
		assertThat(activation).isInstanceOf(Activation.Direct.class);
		assertThat(activation.integration().status()).isEqualTo(IntegrationStatus.ACTIVE);
	}

	@Test
	void applyWhenOnlyTheAclTreeChangedThenGrantFollowsInPlaceAndCredentialsSurvive() {
		String name = unique();
		String file = "integrations:\n  - name: %s\n    resources: [Magento_Cms::page]\n".formatted(name);
		this.declared.apply(parse(file));
		Integration before = byName(name);
		Activation activation = this.service.activate(before.id(), ACTOR);
		// the row as an earlier Keyway made it, whose tree gave Magento_Cms::page no ancestors (the digest over
		// the expanded grant, as it was then): an upgrade, or a gateway file, that reshapes the tree changes nothing declared
		Grant earlier = Grant.custom(List.of("Magento_Cms::page"));
		this.grants.replace(before.id(), earlier);
		IntegrationDraft draft = new IntegrationDraft(name, null, null, null, false, List.of("Magento_Cms::page"));
		this.jdbc.sql("UPDATE integrations SET config_digest = :digest, config_declaration = NULL WHERE id = :id")
			.param("digest", DeclaredIntegrations.legacyDigest(this.service.validated(draft), earlier))
			.param("id", before.id())
			.update();

		int reset = this.declared.apply(parse(file));

		Integration after = byName(name);
		assertThat(reset).isZero();
		assertThat(after.id()).isEqualTo(before.id());
		assertThat(after.consumerKey()).isEqualTo(before.consumerKey());
		assertThat(after.status()).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(after.grant()).isEqualTo(before.grant());
		assertThat(after.grant().resources()).contains("Magento_Backend::content", "Magento_Cms::page");
		assertThat(actions(before.id())).endsWith("integration.config_regrant");
		assertThat(this.consumers.reveal(after.consumerId()).orElseThrow().accessToken())
			.isEqualTo(((Activation.Direct) activation).credentials().accessToken());
		assertThat(this.declared.apply(parse(file))).isZero();
		assertThat(actions(before.id())).endsWith("integration.config_regrant");
	}

	@Test
	void applyWhenDeclaredResourceAddedToALegacyRowThenReset() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n    resources: [Magento_Cms::page]\n".formatted(name)));
		Integration before = byName(name);
		IntegrationDraft draft = this.service.validated(
				new IntegrationDraft(name, null, null, null, false, List.of("Magento_Cms::page")));
		this.jdbc.sql("UPDATE integrations SET config_digest = :digest, config_declaration = NULL WHERE id = :id")
			.param("digest", DeclaredIntegrations.legacyDigest(draft, before.grant()))
			.param("id", before.id())
			.update();

		int reset = this.declared.apply(parse(
				"integrations:\n  - name: %s\n    resources: [Magento_Cms::page, Magento_Sales::actions_view]\n"
					.formatted(name)));

		assertThat(reset).isEqualTo(1);
		assertThat(byName(name).consumerKey()).isNotEqualTo(before.consumerKey());
	}

	@Test
	void applyWhenDeclaredThenConfigDigestIsWhatAnEarlierVersionComputesSoARollbackResetsNothing() {
		// a review: this version wrote its new digest into config_digest, which a node of the previous version
		// compares with its own (over the expanded grant): started on this database, it reset every declared one
		String name = unique();
		String file = "integrations:\n  - name: %s\n    resources: [Magento_Cms::page]\n".formatted(name);
		this.declared.apply(parse(file));
		Integration created = byName(name);
		IntegrationDraft draft = this.service.validated(
				new IntegrationDraft(name, null, null, null, false, List.of("Magento_Cms::page")));

		String stored = this.jdbc.sql("SELECT config_digest FROM integrations WHERE id = :id").param("id", created.id())
			.query(String.class).single();

		assertThat(stored).isEqualTo(DeclaredIntegrations.legacyDigest(draft, created.grant()));
		assertThat(this.declared.apply(parse(file))).isZero();
		assertThat(byName(name).consumerKey()).isEqualTo(created.consumerKey());
	}

	@Test
	void applyWhenNoLongerDeclaredThenRemovedWithItsConsumer() {
		String kept = unique();
		String dropped = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n  - name: %s\n".formatted(kept, dropped)));
		Integration gone = byName(dropped);
		this.declared.apply(parse("integrations:\n  - name: %s\n".formatted(kept)));
		assertThat(this.store.findByName(dropped)).isEmpty();
		assertThat(this.store.findByName(kept)).isPresent();
		assertThat(count("SELECT COUNT(*) FROM oauth_consumers WHERE id = " + gone.consumerId())).isZero();
		assertThat(count("SELECT COUNT(*) FROM acl_grants WHERE integration_id = " + gone.id())).isZero();
		assertThat(actions(gone.id())).endsWith("integration.config_remove");
	}

	@Test
	void applyWhenNothingDeclaredThenManualIntegrationsUntouched() {
		Integration manual = this.service.create(IntegrationServiceTests.draft(unique()), ACTOR);
		this.declared.apply(List.of());
		assertThat(this.service.find(manual.id())).isPresent();
	}

	@Test
	void applyWhenNameTakenByManualIntegrationThenClearErrorAndNothingChanged() {
		Integration manual = this.service.create(IntegrationServiceTests.draft(unique()), ACTOR);
		String before = unique();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.declared.apply(parse("integrations:\n  - name: %s\n  - name: %s\n"
				.formatted(before, manual.name()))))
			.withMessage("The integrations file declares \"" + manual.name() + "\", but an integration of that name "
					+ "was created in the admin or through the management API; rename one of them (nothing was changed)");
		// the entry before the refused one was created, then the start-up stopped (a DevOps trial)
		assertThat(this.service.search(new IntegrationQuery(before, null, null, false, 1, 20, true)).total()).isZero();
	}

	@Test
	void updateWhenConfigIntegrationThenRefusedWithSpecMessage() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n".formatted(name)));
		Integration config = byName(name);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.update(config.id(), IntegrationServiceTests.draft(name + "-x"), ACTOR))
			.withMessage("Cannot edit integrations created via config file.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.READ_ONLY));
		assertThat(byName(name).name()).isEqualTo(name);
	}

	@Test
	void deleteWhenConfigIntegrationThenRefusedWithSpecMessage() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n".formatted(name)));
		Integration config = byName(name);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.delete(config.id(), ACTOR))
			.withMessage("Uninstall the extension to remove integration '" + name + "'.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.READ_ONLY));
		assertThat(this.service.find(config.id())).isPresent();
	}

	@Test
	void activateWhenConfigIntegrationThenAllowed() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n".formatted(name)));
		Activation activation = this.service.activate(byName(name).id(), ACTOR);
		assertThat(activation.integration().status()).isEqualTo(IntegrationStatus.ACTIVE);
	}

	@Test
	void parseWhenEntryHasUnknownKeyThenClearError() {
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				integrations:
				  - name: ok-one
				  - name: bad-one
				    colour: blue
				"""))
			.withMessage("test.yml: entry 2 has the unknown key \"colour\"; known keys: all_resources, email, endpoint, "
					+ "expires_at, identity_link_url, ip_allowlist, lifecycle_webhooks, name, rate_limit, resources");
	}

	@Test
	void parseWhenEntryBreaksARuleThenErrorNamesEntryAndRule() {
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    email: not-an-email\n"))
			.withMessage("test.yml: entry 1: Email must be a valid email address of at most 254 characters; got "
					+ "\"not-an-email\".");
		assertThatIllegalStateException().isThrownBy(() -> parse("integrations:\n  - email: a@example.com\n"))
			.withMessage("test.yml: entry 1: \"Name\" is required. Enter and try again.");
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    resources: [Magento_Foo::bar]\n"))
			.withMessage("test.yml: entry 1: Resource \"Magento_Foo::bar\" is not in the ACL resource tree.");
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    endpoint: ftp://example.com/cb\n"))
			.withMessageStartingWith("test.yml: entry 1: Callback URL must be an absolute http:// or https:// URL");
	}

	@Test
	void parseWhenShapeIsWrongThenClearErrors() {
		assertThatIllegalStateException().isThrownBy(() -> parse("something: else\n"))
			.withMessage("test.yml must hold a list under the key \"integrations\"");
		assertThatIllegalStateException().isThrownBy(() -> parse("integrations: {name: x}\n"))
			.withMessage("test.yml must hold a list under the key \"integrations\"");
		assertThatIllegalStateException().isThrownBy(() -> parse("integrations:\n  - just-a-string\n"))
			.withMessage("test.yml: entry 1 must be a mapping with a name");
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    resources: Magento_Cms::page\n"))
			.withMessage("test.yml: entry 1: \"resources\" must be a list of ids");
	}

	@Test
	void applyWhenRateLimitDeclaredOrChangedThenSetInPlaceWithoutReset() {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n    rate_limit: {per_second: 5, burst: 10}\n"
			.formatted(name)));
		IntegrationStore.Row first = this.store.findByName(name).orElseThrow();
		this.declared.apply(parse("integrations:\n  - name: %s\n    rate_limit: {per_minute: 0}\n".formatted(name)));
		IntegrationStore.Row unlimited = this.store.findByName(name).orElseThrow();
		this.declared.apply(parse("integrations:\n  - name: %s\n".formatted(name)));
		IntegrationStore.Row defaulted = this.store.findByName(name).orElseThrow();

		assertThat(first.rateLimit()).isEqualTo(new RateLimit(5, 0, 10));
		assertThat(unlimited.rateLimit()).isEqualTo(RateLimit.unlimited());
		assertThat(unlimited.consumerId()).isEqualTo(first.consumerId());
		assertThat(defaulted.rateLimit()).isNull();
		assertThat(defaulted.status()).isEqualTo(IntegrationStatus.INACTIVE);
	}

	@Test
	void parseWhenRateLimitBreaksARuleThenEntryAndRuleNamed() {
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    rate_limit: {per_second: -2}\n"))
			.withMessage("test.yml: entry 1: \"rate_limit.per_second\" must be a whole number from 0 (no limit) to "
					+ "100000; got -2.");
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    rate_limit: {per_hour: 2}\n"))
			.withMessageContaining("unknown key \"per_hour\"");
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    rate_limit: fast\n"))
			.withMessageContaining("must be a mapping");
	}

	@Test
	void parseWhenListIsEmptyThenNothingDeclared() {
		assertThat(parse("integrations: []\n")).isEmpty();
	}

	@Test
	void readWhenFileIsEmptyOrOnlyCommentsThenStartupRefusedAndNothingRemoved() throws Exception {
		String name = unique();
		this.declared.apply(parse("integrations:\n  - name: %s\n".formatted(name)));
		Path empty = Files.writeString(this.dir.resolve("empty.yml"), "");
		Path comments = Files.writeString(this.dir.resolve("comments.yml"), "# integrations: to come\n");

		assertThatIllegalStateException().isThrownBy(() -> this.declared.read(empty))
			.withMessage(empty + " is empty; it must hold a list under the key \"integrations\" (\"integrations: []\" "
					+ "declares none)");
		assertThatIllegalStateException().isThrownBy(() -> this.declared.read(comments))
			.withMessageStartingWith(comments + " is empty; ");
		assertThat(this.store.findByName(name)).isPresent();
	}

	@Test
	void parseWhenSameNameDeclaredTwiceThenClearError() {
		String name = unique();
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				integrations:
				  - name: %s
				    email: a@example.com
				  - name: %s
				    email: b@example.com
				""".formatted(name, name.toUpperCase(java.util.Locale.ROOT))))
			.withMessageContaining("entry 2");
	}

	@Test
	void parseWhenAllResourcesIsNotABooleanThenClearError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: x\n    all_resources: \"sometimes\"\n"))
			.withMessageContaining("all_resources");
	}

	@Test
	void readWhenFileIsValidThenSameAsParse() throws Exception {
		String name = unique();
		Path file = this.dir.resolve("integrations.yml");
		Files.writeString(file, "integrations:\n  - name: %s\n    resources: [Magento_Cms::page]\n".formatted(name));
		List<DeclaredIntegrations.Declared> read = this.declared.read(file);
		assertThat(read).hasSize(1);
		assertThat(read.get(0).draft().name()).isEqualTo(name);
		assertThat(read.get(0).grant().resources()).contains("Magento_Cms::page", "Magento_Backend::content");
	}

	@Test
	void readWhenFileIsNotYamlOrMissingThenClearError() throws Exception {
		Path file = this.dir.resolve("broken.yml");
		Files.writeString(file, "integrations: [\n");
		assertThatIllegalStateException().isThrownBy(() -> this.declared.read(file))
			.withMessageStartingWith("The integrations file " + file + " is not valid YAML: ");
		Path missing = this.dir.resolve("missing.yml");
		assertThatIllegalStateException().isThrownBy(() -> this.declared.read(missing))
			.withMessage("Cannot read the integrations file " + missing + " (keyway.integrations-file): there is no such "
					+ "file (" + missing + ")");
		assertThatIllegalStateException().isThrownBy(() -> this.declared.read(this.dir))
			.withMessage("Cannot read the integrations file " + this.dir + " (keyway.integrations-file): it is a directory ("
					+ this.dir + ")");
	}

	@Test
	void readWhenKeyGivenTwiceInAnEntryThenRefusedNamingTheKey() throws Exception {
		// SnakeYAML keeps the last of two equal keys silently: a second all_resources would widen the grant unseen
		Path file = this.dir.resolve("twice.yml");
		Files.writeString(file, "integrations:\n  - name: %s\n    all_resources: false\n    resources: [Magento_Cms::page]\n"
			.formatted(unique()) + "    all_resources: true\n");
		assertThatIllegalStateException().isThrownBy(() -> this.declared.read(file))
			.withMessageStartingWith("The integrations file " + file + " is not valid YAML: ")
			.withMessageContaining("found duplicate key all_resources");
	}

	// ---- guardrails in the file (issue 17): ip_allowlist, expires_at ----

	@Test
	void applyWhenGuardrailsDeclaredThenSetAndAChangeAppliedInPlaceWithoutReset() {
		String name = unique();
		this.declared.apply(parse("""
				integrations:
				  - name: %s
				    ip_allowlist: [10.0.0.0/8, "2001:DB8::/32"]
				    expires_at: 2031-01-31T00:00:00Z
				""".formatted(name)));
		Integration first = byName(name);

		int reset = this.declared.apply(parse("""
				integrations:
				  - name: %s
				    ip_allowlist: [192.168.0.0/16]
				    expires_at: "2032-02-01T10:00:00+01:00"
				""".formatted(name)));
		Integration second = byName(name);

		assertThat(first.ipAllowList().entries()).containsExactly("10.0.0.0/8", "2001:db8::/32");
		assertThat(first.accessExpiresAt()).isEqualTo(java.time.Instant.parse("2031-01-31T00:00:00Z"));
		assertThat(reset).isZero();
		assertThat(second.consumerKey()).isEqualTo(first.consumerKey());
		assertThat(second.ipAllowList().entries()).containsExactly("192.168.0.0/16");
		assertThat(second.accessExpiresAt()).isEqualTo(java.time.Instant.parse("2032-02-01T09:00:00Z"));
		assertThat(actions(first.id())).contains("integration.guardrails");
	}

	@Test
	void parseWhenGuardrailBreaksItsRuleThenStartupRefusedNamingEntryAndValue() {
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: a\n  - name: b\n    ip_allowlist: [10.1.2.3/8]\n"))
			.withMessageContaining("entry 2")
			.withMessageContaining("10.1.2.3/8");
		assertThatIllegalStateException()
			.isThrownBy(() -> parse("integrations:\n  - name: c\n    expires_at: next tuesday\n"))
			.withMessageContaining("entry 1")
			.withMessageContaining("\"expires_at\" must be an ISO-8601")
			.withMessageContaining("next tuesday");
	}

	@Test
	void parseWhenRefusedValueIsLongThenErrorShowsItsFirst64CharactersAndLength() {
		String longText = "v".repeat(10_000);
		String shown = "\"" + "v".repeat(64) + "…\" (10000 characters)";
		assertThat(refusal(Map.of("name", "x", longText, "blue"))).startsWith("test.yml: entry 1 has the unknown key "
				+ shown + "; known keys: ").hasSizeLessThan(300);
		assertThat(refusal(Map.of("name", "x", "all_resources", longText)))
			.isEqualTo("test.yml: entry 1: \"all_resources\" must be true or false; got " + shown);
		assertThat(refusal(Map.of("name", "x", "lifecycle_webhooks", longText)))
			.isEqualTo("test.yml: entry 1: \"lifecycle_webhooks\" must be true or false; got " + shown);
		assertThat(refusal(Map.of("name", "x", "rate_limit", longText))).isEqualTo("test.yml: entry 1: \"rate_limit\" "
				+ "must be a mapping such as {per_second: 10, per_minute: 300, burst: 20}; got " + shown);
		assertThat(refusal(Map.of("name", "x", "rate_limit", Map.of(longText, 1))))
			.startsWith("test.yml: entry 1: \"rate_limit\" has the unknown key " + shown + "; known keys: ");
		assertThat(refusal(Map.of("name", "x", "rate_limit", Map.of("burst", longText))))
			.isEqualTo("test.yml: entry 1: \"rate_limit\" values must be whole numbers; got " + shown);
		assertThat(refusal(Map.of("name", "x", "expires_at", longText))).isEqualTo("test.yml: entry 1: \"expires_at\" "
				+ "must be an ISO-8601 date and time with an offset, such as 2027-01-31T00:00:00Z; got " + shown);
		assertThat(refusal(Map.of("name", "x", "ip_allowlist", List.of(longText)))).startsWith(
				"test.yml: entry 1: The IP allow-list entry \"" + "v".repeat(64) + "…\" (10000 characters) is not a CIDR "
						+ "block: ").hasSizeLessThan(400);
	}

	private String refusal(Map<String, Object> entry) {
		return org.assertj.core.api.Assertions.catchIllegalStateException(
				() -> this.declared.parse(Map.of("integrations", List.of(entry)), "test.yml"))
			.getMessage();
	}

	private List<DeclaredIntegrations.Declared> parse(String yaml) {
		Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		return this.declared.parse(document, "test.yml");
	}

	private Integration byName(String name) {
		return this.service.get(this.store.findByName(name).orElseThrow().id());
	}

	private List<String> actions(long id) {
		return this.jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'integration' AND subject_id = :id ORDER BY id")
			.param("id", Long.toString(id))
			.query(String.class)
			.list();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private static String unique() {
		return "declared-" + UUID.randomUUID();
	}

}
