package dev.keyway.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.keyway.acl.Grant;
import dev.keyway.audit.Actor;
import dev.keyway.oauth.ConsumerService;
import dev.keyway.oauth.OAuthCredentials;
import dev.keyway.oauth.TokenType;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@KeywayIntegrationTest
class IntegrationServiceTests {

	private static final String CREDENTIAL = "[0-9a-z]{32}";

	private static final Actor ACTOR = Actor.admin(77, "service-tester", "198.51.100.9");

	@Autowired
	IntegrationService service;

	@Autowired
	ConsumerService consumers;

	@Autowired
	IntegrationDirectory directory;

	@Autowired
	JdbcClient jdbc;

	@Test
	void createWhenValidThenInactiveManualWithConsumer() {
		String name = unique("create");
		Integration created = this.service.create(new IntegrationDraft(name, "ops@example.com",
				"https://partner.example.com/cb", null, false, List.of("Magento_Cms::block")), ACTOR);
		assertThat(created.id()).isPositive();
		assertThat(created.name()).isEqualTo(name);
		assertThat(created.email()).isEqualTo("ops@example.com");
		assertThat(created.endpoint()).isEqualTo("https://partner.example.com/cb");
		assertThat(created.identityLinkUrl()).isNull();
		assertThat(created.status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(created.setupType()).isEqualTo(SetupType.MANUAL);
		assertThat(created.consumerKey()).matches(CREDENTIAL);
		assertThat(this.consumers.keyOf(created.consumerId())).isEqualTo(created.consumerKey());
		assertThat(this.consumers.revealConsumerSecret(created.consumerId())).matches(CREDENTIAL);
		assertThat(this.consumers.tokenStage(created.consumerId())).isEmpty();
		assertThat(created.createdAt()).isNotNull();
		assertThat(this.service.get(created.id())).isEqualTo(created);
		assertThat(this.directory.activeByConsumer(created.consumerId())).isEmpty();
	}

	@Test
	void createWhenNameHasSpacesThenStoredTrimmed() {
		String name = unique("trim");
		Integration created = this.service.create(draft("  " + name + "  "), ACTOR);
		assertThat(created.name()).isEqualTo(name);
	}

	@Test
	void createWhenInvalidThenInvalidWithFieldErrorsAndNothingStored() {
		long before = count("SELECT COUNT(*) FROM integrations");
		IntegrationDraft draft = new IntegrationDraft(unique("bad"), "not-an-email", "ftp://x.example", null, false,
				List.of());
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.create(draft, ACTOR))
			.withMessage("Email must be a valid email address of at most 254 characters; got \"not-an-email\". "
					+ "Callback URL must be an absolute http:// or https:// URL of at most 255 characters; got "
					+ "\"ftp://x.example\".")
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.INVALID);
				assertThat(ex.fieldErrors()).extracting(FieldError::field).containsExactly("email", "endpoint");
			});
		assertThat(count("SELECT COUNT(*) FROM integrations")).isEqualTo(before);
	}

	@Test
	void createWhenNameGrowsWhenLowerCasedThenStillCreated() {
		// "\u0130" (capital I with dot) lower-cases to two characters; the name has 187 characters
		String name = "\u0130".repeat(150) + "-" + UUID.randomUUID();
		Integration created = this.service.create(draft(name), ACTOR);
		assertThat(created.name()).isEqualTo(name);
	}

	@Test
	void createWhenNameHasNulCharacterThenInvalidOnEveryDatabase() {
		IntegrationDraft draft = draft("nul-\u0000-" + UUID.randomUUID());
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.create(draft, ACTOR))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.INVALID);
				assertThat(ex.fieldErrors()).extracting(FieldError::field).containsExactly("name");
			});
	}

	@Test
	void createWhenNameExistsThenDuplicateNameError() {
		String name = unique("dup");
		this.service.create(draft(name), ACTOR);
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.create(draft(name), ACTOR))
			.withMessage("The integration with name \"" + name + "\" exists.")
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.DUPLICATE_NAME);
				assertThat(ex.fieldErrors()).containsExactly(
						new FieldError("name", "The integration with name \"" + name + "\" exists."));
			});
	}

	@Test
	void createWhenNameDiffersOnlyInCaseThenDuplicateNameError() {
		String name = unique("Case");
		this.service.create(draft(name), ACTOR);
		String upper = name.toUpperCase(java.util.Locale.ROOT);
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.create(draft(upper), ACTOR))
			.withMessage("The integration with name \"" + upper + "\" exists.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.DUPLICATE_NAME));
	}

	@Test
	void createWhenDuplicateNameThenNoConsumerLeftBehind() {
		String name = unique("orphan");
		this.service.create(draft(name), ACTOR);
		long consumersBefore = count("SELECT COUNT(*) FROM oauth_consumers");
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.create(draft(name), ACTOR));
		assertThat(count("SELECT COUNT(*) FROM oauth_consumers")).isEqualTo(consumersBefore);
	}

	@Test
	void createWhenCustomThenGrantExpandedToDescendants() {
		Integration created = this.service.create(new IntegrationDraft(unique("custom"), null, null, null, false,
				List.of("Magento_Cms::page", "Magento_Customer::manage")), ACTOR);
		assertThat(created.grant()).isEqualTo(Grant.custom(List.of("Magento_Cms::page", "Magento_Cms::save",
				"Magento_Cms::page_delete", "Magento_Customer::manage", "Magento_Customer::actions",
				"Magento_Customer::delete", "Magento_Customer::reset_password", "Magento_Customer::invalidate_tokens")));
		assertThat(grantRows(created.id())).hasSize(8);
	}

	@Test
	void createWhenAllThenGrantAll() {
		Integration created = this.service.create(new IntegrationDraft(unique("all"), null, null, null, true, List.of()),
				ACTOR);
		assertThat(created.grant()).isEqualTo(Grant.allResources());
		assertThat(grantRows(created.id())).containsExactly("Magento_Backend::all");
	}

	@Test
	void createWhenAllWithManagementThenBothRowsStoredAndOrdinaryIdsDropped() {
		Integration created = this.service.create(new IntegrationDraft(unique("all-manage"), null, null, null, true,
				List.of(Grant.MANAGE_INTEGRATIONS, "Magento_Cms::page")), ACTOR);
		assertThat(created.grant()).isEqualTo(new Grant(true, java.util.Set.of(Grant.MANAGE_INTEGRATIONS)));
		assertThat(grantRows(created.id())).containsExactly("Keyway_Integration::manage", "Magento_Backend::all");
		assertThat(created.grant().allows(Grant.MANAGE_SETTINGS)).isFalse();
	}

	@Test
	void createWhenCallerHoldsAllButNotManagementThenCannotGrantIt() {
		IntegrationDraft draft = new IntegrationDraft(unique("no-manage"), null, null, null, false,
				List.of(Grant.MANAGE_INTEGRATIONS));
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.create(draft, ACTOR, Grant.allResources()))
			.withMessage("An integration cannot grant resources it does not hold: Keyway_Integration::manage.");
	}

	@Test
	void createWhenCallerGrantIsExceededThenForbiddenAndNothingStored() {
		Grant caller = Grant.custom(List.of("Keyway_Integration::manage", "Magento_Cms::page"));
		String name = unique("ceiling");
		IntegrationDraft draft = new IntegrationDraft(name, null, null, null, false, List.of("Magento_Cms::page"));
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.create(draft, ACTOR, caller))
			.withMessage("An integration cannot grant resources it does not hold: Magento_Cms::page_delete, "
					+ "Magento_Cms::save.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.FORBIDDEN));
		assertThat(count("SELECT COUNT(*) FROM integrations WHERE name = '" + name + "'")).isZero();
	}

	@Test
	void createWhenCallerGrantIsCustomAndAllRequestedThenForbidden() {
		Grant caller = Grant.custom(List.of("Keyway_Integration::manage"));
		IntegrationDraft draft = new IntegrationDraft(unique("ceiling-all"), null, null, null, true, List.of());
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.create(draft, ACTOR, caller))
			.withMessage("An integration cannot grant resources it does not hold: Magento_Backend::all.");
	}

	@Test
	void createWhenCallerGrantCoversRequestThenCreated() {
		Grant caller = Grant.custom(List.of("Keyway_Integration::manage", "Magento_Cms::block"));
		Integration created = this.service.create(new IntegrationDraft(unique("within"), null, null, null, false,
				List.of("Magento_Cms::block")), ACTOR, caller);
		assertThat(created.grant()).isEqualTo(Grant.custom(List.of("Magento_Cms::block")));
	}

	@Test
	void updateWhenFieldsAndGrantChangeThenStoredAndSeenAtOnce() {
		Integration created = this.service.create(draft(unique("update")), ACTOR);
		String renamed = unique("renamed");
		Integration updated = this.service.update(created.id(), new IntegrationDraft(renamed, "new@example.com",
				"https://new.example/cb", "https://new.example/link", false, List.of("Magento_Catalog::categories")), ACTOR);
		assertThat(updated.name()).isEqualTo(renamed);
		assertThat(updated.email()).isEqualTo("new@example.com");
		assertThat(updated.endpoint()).isEqualTo("https://new.example/cb");
		assertThat(updated.identityLinkUrl()).isEqualTo("https://new.example/link");
		assertThat(updated.usesHandshake()).isTrue();
		assertThat(updated.consumerKey()).isEqualTo(created.consumerKey());
		assertThat(updated.status()).isEqualTo(IntegrationStatus.INACTIVE);
		assertThat(updated.updatedAt()).isAfterOrEqualTo(created.updatedAt());
		Integration reread = this.service.get(created.id());
		assertThat(reread.name()).isEqualTo(renamed);
		assertThat(reread.endpoint()).isEqualTo("https://new.example/cb");
		assertThat(reread.grant()).isEqualTo(
				Grant.custom(List.of("Magento_Catalog::categories", "Magento_Catalog::edit_category_design")));
		assertThat(grantRows(created.id())).containsExactly("Magento_Catalog::categories",
				"Magento_Catalog::edit_category_design");
	}

	@Test
	void updateWhenGrantChangesThenReturnedIntegrationHasTheNewGrant() {
		Integration created = this.service.create(new IntegrationDraft(unique("upd-grant"), null, null, null, false,
				List.of("Magento_Cms::block")), ACTOR);
		Integration updated = this.service.update(created.id(), new IntegrationDraft(created.name(), null, null, null,
				false, List.of("Magento_Backend::store")), ACTOR);
		assertThat(updated.grant()).isEqualTo(Grant.custom(List.of("Magento_Backend::store")));
	}

	@Test
	void updateWhenGrantChangesThenAuditAfterStateHasTheNewResources() {
		Integration created = this.service.create(new IntegrationDraft(unique("upd-audit"), null, null, null, false,
				List.of("Magento_Cms::block")), ACTOR);
		this.service.update(created.id(), new IntegrationDraft(created.name(), null, null, null, true, List.of()), ACTOR);
		String after = this.jdbc.sql("""
				SELECT after_state FROM audit_log
				WHERE subject_type = 'integration' AND subject_id = :id AND action = 'integration.update'""")
			.param("id", Long.toString(created.id()))
			.query(String.class)
			.single();
		assertThat(after).contains("\"all_resources\":true").contains("\"resources\":[]");
	}

	@Test
	void updateWhenOnlyCaseOfOwnNameChangesThenAllowed() {
		String name = unique("own");
		Integration created = this.service.create(draft(name), ACTOR);
		Integration updated = this.service.update(created.id(), draft(name.toUpperCase(java.util.Locale.ROOT)), ACTOR);
		assertThat(updated.name()).isEqualTo(name.toUpperCase(java.util.Locale.ROOT));
	}

	@Test
	void updateWhenRenamedToAnotherIntegrationsNameThenDuplicateNameAndNothingChanged() {
		String taken = unique("taken");
		this.service.create(draft(taken), ACTOR);
		Integration other = this.service.create(draft(unique("other")), ACTOR);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.update(other.id(), draft(taken), ACTOR))
			.withMessage("The integration with name \"" + taken + "\" exists.");
		assertThat(this.service.get(other.id()).name()).isEqualTo(other.name());
	}

	@Test
	void updateWhenCallerGrantExceededThenForbiddenButSameGrantIsFine() {
		Integration created = this.service.create(new IntegrationDraft(unique("upd-ceiling"), null, null, null, false,
				List.of("Magento_Cms::block")), ACTOR);
		Grant caller = Grant.custom(List.of("Keyway_Integration::manage"));
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.update(created.id(), new IntegrationDraft(created.name(), null, null, null,
					false, List.of("Magento_Cms::block", "Magento_Backend::store")), ACTOR, caller))
			.withMessage("An integration cannot grant resources it does not hold: Magento_Backend::store, "
					+ "Magento_Cms::block.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.FORBIDDEN));
		Integration renamed = this.service.update(created.id(), new IntegrationDraft(created.name() + "-x", null, null,
				null, false, List.of("Magento_Cms::block")), ACTOR, caller);
		assertThat(renamed.name()).isEqualTo(created.name() + "-x");
	}

	@Test
	void getWhenUnknownThenNotFoundMessage() {
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.get(987654321L))
			.withMessage("The integration with ID \"987654321\" doesn't exist.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.NOT_FOUND));
		assertThat(this.service.find(987654321L)).isEmpty();
	}

	@Test
	void activateWhenDirectFlowThenFourCredentialsAndActive() {
		Integration created = this.service.create(draft(unique("activate")), ACTOR);
		Activation activation = this.service.activate(created.id(), ACTOR);
		assertThat(activation).isInstanceOf(Activation.Direct.class);
		OAuthCredentials credentials = ((Activation.Direct) activation).credentials();
		assertThat(List.of(credentials.consumerKey(), credentials.consumerSecret(), credentials.accessToken(),
				credentials.accessTokenSecret())).allMatch((value) -> value.matches(CREDENTIAL)).doesNotHaveDuplicates();
		assertThat(credentials.consumerKey()).isEqualTo(created.consumerKey());
		assertThat(activation.message()).isEqualTo("The integration '" + created.name() + "' has been activated.");
		assertThat(activation.integration().status()).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(this.service.get(created.id()).status()).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(this.consumers.tokenStage(created.consumerId())).contains(TokenType.ACCESS);
		assertThat(this.directory.activeByConsumer(created.consumerId()))
			.contains(new IntegrationDirectory.ActiveIntegration(created.id(), created.name()));
		assertThat(credentials.toString()).doesNotContain(credentials.consumerSecret(), credentials.accessToken(),
				credentials.accessTokenSecret());
	}

	@Test
	void activateWhenOnlyOneUrlSetThenDirectFlow() {
		Integration created = this.service.create(new IntegrationDraft(unique("one-url"), null,
				"http://127.0.0.1:9/never-called", null, false, List.of()), ACTOR);
		assertThat(this.service.activate(created.id(), ACTOR)).isInstanceOf(Activation.Direct.class);
	}

	@Test
	void activateWhenAlreadyActiveThenWrongStatus() {
		Integration created = this.service.create(draft(unique("twice")), ACTOR);
		this.service.activate(created.id(), ACTOR);
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.activate(created.id(), ACTOR))
			.withMessage("The integration '" + created.name()
					+ "' is already active; reauthorize it to issue new access tokens.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.WRONG_STATUS));
	}

	@Test
	void reauthorizeWhenInactiveThenWrongStatus() {
		Integration created = this.service.create(draft(unique("reauth-inactive")), ACTOR);
		assertThatExceptionOfType(IntegrationException.class)
			.isThrownBy(() -> this.service.reauthorize(created.id(), ACTOR))
			.withMessage("The integration '" + created.name()
					+ "' is not active; activate it instead of reauthorizing it.")
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.WRONG_STATUS));
	}

	@Test
	void reauthorizeWhenDirectFlowThenSameConsumerNewAccessToken() {
		Integration created = this.service.create(draft(unique("reauth")), ACTOR);
		OAuthCredentials first = ((Activation.Direct) this.service.activate(created.id(), ACTOR)).credentials();
		Activation activation = this.service.reauthorize(created.id(), ACTOR);
		OAuthCredentials second = ((Activation.Direct) activation).credentials();
		assertThat(second.consumerKey()).isEqualTo(first.consumerKey());
		assertThat(second.consumerSecret()).isEqualTo(first.consumerSecret());
		assertThat(second.accessToken()).matches(CREDENTIAL).isNotEqualTo(first.accessToken());
		assertThat(second.accessTokenSecret()).matches(CREDENTIAL).isNotEqualTo(first.accessTokenSecret());
		assertThat(activation.message()).isEqualTo("The integration '" + created.name() + "' has been re-authorized.");
		assertThat(activation.integration().status()).isEqualTo(IntegrationStatus.ACTIVE);
		assertThat(this.consumers.reveal(created.consumerId())).contains(second);
	}

	@Test
	void revealCredentialsWhenActiveThenCurrentCredentialsAndAudited() {
		Integration created = this.service.create(draft(unique("reveal")), ACTOR);
		assertThat(this.service.revealCredentials(created.id(), ACTOR)).isEmpty();
		OAuthCredentials issued = ((Activation.Direct) this.service.activate(created.id(), ACTOR)).credentials();
		assertThat(this.service.revealCredentials(created.id(), ACTOR)).contains(issued);
		assertThat(actions(created.id())).filteredOn("integration.reveal_credentials"::equals).hasSize(2);
	}

	@Test
	void deleteWhenActiveThenIntegrationConsumerTokenNoncesAndGrantRowsGone() {
		Integration created = this.service.create(new IntegrationDraft(unique("delete"), null, null, null, false,
				List.of("Magento_Cms::page")), ACTOR);
		this.service.activate(created.id(), ACTOR);
		this.jdbc.sql("INSERT INTO oauth_nonces (consumer_id, nonce, expires_at) VALUES (:id, 'n-del', 9999999999)")
			.param("id", created.consumerId())
			.update();
		assertThat(grantRows(created.id())).isNotEmpty();
		Integration deleted = this.service.delete(created.id(), ACTOR);
		assertThat(deleted.name()).isEqualTo(created.name());
		assertThat(count("SELECT COUNT(*) FROM integrations WHERE id = " + created.id())).isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth_consumers WHERE id = " + created.consumerId())).isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth_tokens WHERE consumer_id = " + created.consumerId())).isZero();
		assertThat(count("SELECT COUNT(*) FROM oauth_nonces WHERE consumer_id = " + created.consumerId())).isZero();
		assertThat(grantRows(created.id())).isEmpty();
		assertThat(this.directory.activeByConsumer(created.consumerId())).isEmpty();
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.get(created.id()))
			.withMessage("The integration with ID \"" + created.id() + "\" doesn't exist.");
		assertThatExceptionOfType(IntegrationException.class).isThrownBy(() -> this.service.delete(created.id(), ACTOR))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(IntegrationException.Reason.NOT_FOUND));
	}

	@Test
	void deleteWhenDeletedThenNameCanBeUsedAgain() {
		String name = unique("reuse");
		Integration first = this.service.create(draft(name), ACTOR);
		this.service.delete(first.id(), ACTOR);
		Integration second = this.service.create(draft(name), ACTOR);
		assertThat(second.id()).isNotEqualTo(first.id());
		assertThat(second.consumerKey()).isNotEqualTo(first.consumerKey());
	}

	@Test
	void createActivateReauthorizeDeleteWhenDoneThenEachAuditedWithBeforeAfterAndNoSecret() {
		Integration created = this.service.create(new IntegrationDraft(unique("audit"), "a@example.com", null, null,
				false, List.of("Magento_Cms::block")), ACTOR);
		OAuthCredentials first = ((Activation.Direct) this.service.activate(created.id(), ACTOR)).credentials();
		OAuthCredentials second = ((Activation.Direct) this.service.reauthorize(created.id(), ACTOR)).credentials();
		this.service.update(created.id(), new IntegrationDraft(created.name(), "b@example.com", null, null, false,
				List.of("Magento_Cms::block")), ACTOR);
		this.service.delete(created.id(), ACTOR);
		List<Map<String, Object>> rows = this.jdbc.sql("""
				SELECT action, actor_type, actor_id, actor_name, source_address, subject_name, before_state, after_state
				FROM audit_log WHERE subject_type = 'integration' AND subject_id = :id ORDER BY id""")
			.param("id", Long.toString(created.id()))
			.query()
			.listOfRows();
		assertThat(rows).extracting((row) -> row.get(key(row, "action")))
			.containsExactly("integration.create", "integration.activate", "integration.reauthorize",
					"integration.update", "integration.delete");
		for (Map<String, Object> row : rows) {
			assertThat(row.get(key(row, "actor_type"))).isEqualTo("admin");
			assertThat(((Number) row.get(key(row, "actor_id"))).longValue()).isEqualTo(77L);
			assertThat(row.get(key(row, "actor_name"))).isEqualTo("service-tester");
			assertThat(row.get(key(row, "source_address"))).isEqualTo("198.51.100.9");
			assertThat(row.get(key(row, "subject_name"))).isEqualTo(created.name());
			String text = String.valueOf(row.get(key(row, "before_state"))) + row.get(key(row, "after_state"));
			for (String secret : List.of(first.consumerSecret(), first.accessToken(), first.accessTokenSecret(),
					second.accessToken(), second.accessTokenSecret())) {
				assertThat(text).doesNotContain(secret);
			}
		}
		Map<String, Object> create = rows.get(0);
		assertThat(create.get(key(create, "before_state"))).isNull();
		assertThat((String) create.get(key(create, "after_state"))).contains("\"name\":\"" + created.name() + "\"",
				"\"email\":\"a@example.com\"", "\"status\":\"Inactive\"", "\"resources\":[\"Magento_Cms::block\"]");
		Map<String, Object> activate = rows.get(1);
		assertThat(activate.get(key(activate, "before_state"))).isEqualTo("{\"status\":\"Inactive\"}");
		assertThat(activate.get(key(activate, "after_state"))).isEqualTo("{\"status\":\"Active\"}");
		Map<String, Object> update = rows.get(3);
		assertThat((String) update.get(key(update, "before_state"))).contains("\"email\":\"a@example.com\"");
		assertThat((String) update.get(key(update, "after_state"))).contains("\"email\":\"b@example.com\"");
		Map<String, Object> delete = rows.get(4);
		assertThat((String) delete.get(key(delete, "before_state"))).contains("\"name\":\"" + created.name() + "\"");
		assertThat(delete.get(key(delete, "after_state"))).isNull();
	}

	@Test
	void searchWhenFilteredByNameAndStatusThenMatchingPage() {
		String marker = UUID.randomUUID().toString().substring(0, 8);
		Integration a = this.service.create(draft("search-" + marker + "-a"), ACTOR);
		Integration b = this.service.create(draft("search-" + marker + "-b"), ACTOR);
		this.service.activate(b.id(), ACTOR);
		IntegrationPage all = this.service.search(new IntegrationQuery("SEARCH-" + marker, null,
				IntegrationQuery.Sort.ID, false, 1, 20));
		assertThat(all.total()).isEqualTo(2);
		assertThat(all.items()).extracting(Integration::id).containsExactly(a.id(), b.id());
		IntegrationPage active = this.service.search(new IntegrationQuery(marker, IntegrationStatus.ACTIVE,
				IntegrationQuery.Sort.ID, false, 1, 20));
		assertThat(active.items()).extracting(Integration::id).containsExactly(b.id());
	}

	@Test
	void searchWhenSortedByStatusThenNamesOrderedWithinEachStatusInBothDirections() {
		String marker = UUID.randomUUID().toString().substring(0, 8);
		Integration inactiveB = this.service.create(draft("bystatus-" + marker + "-b"), ACTOR);
		Integration activeC = this.service.create(draft("bystatus-" + marker + "-c"), ACTOR);
		Integration inactiveA = this.service.create(draft("bystatus-" + marker + "-a"), ACTOR);
		Integration activeA2 = this.service.create(draft("bystatus-" + marker + "-a2"), ACTOR);
		this.service.activate(activeC.id(), ACTOR);
		this.service.activate(activeA2.id(), ACTOR);
		IntegrationPage ascending = this.service.search(new IntegrationQuery(marker, null,
				IntegrationQuery.Sort.STATUS, false, 1, 20));
		assertThat(ascending.items()).extracting(Integration::id)
			.containsExactly(inactiveA.id(), inactiveB.id(), activeA2.id(), activeC.id());
		IntegrationPage descending = this.service.search(new IntegrationQuery(marker, null,
				IntegrationQuery.Sort.STATUS, true, 1, 20));
		assertThat(descending.items()).extracting(Integration::id)
			.containsExactly(activeC.id(), activeA2.id(), inactiveB.id(), inactiveA.id());
	}

	@Test
	void searchWhenPagedByNameThenPagesDoNotOverlap() {
		String marker = UUID.randomUUID().toString().substring(0, 8);
		for (String suffix : List.of("e", "b", "d", "a", "c")) {
			this.service.create(draft("paged-" + marker + "-" + suffix), ACTOR);
		}
		List<String> names = new ArrayList<>();
		for (int page = 1; page <= 3; page++) {
			this.service.search(new IntegrationQuery(marker, null, IntegrationQuery.Sort.NAME, false, page, 2))
				.items()
				.forEach((integration) -> names.add(integration.name()));
		}
		assertThat(names).containsExactly("paged-" + marker + "-a", "paged-" + marker + "-b",
				"paged-" + marker + "-c", "paged-" + marker + "-d", "paged-" + marker + "-e");
	}

	@Test
	void searchWhenNameHasLikeWildcardsThenMatchedLiterally() {
		String marker = UUID.randomUUID().toString().substring(0, 8);
		Integration literal = this.service.create(draft("pct-50%_off-" + marker), ACTOR);
		this.service.create(draft("pct-50xyoff-" + marker), ACTOR);
		IntegrationPage page = this.service.search(new IntegrationQuery("50%_off-" + marker, null,
				IntegrationQuery.Sort.NAME, false, 1, 20));
		assertThat(page.items()).extracting(Integration::id).containsExactly(literal.id());
	}

	private static String key(Map<String, Object> row, String column) {
		return row.keySet().stream().filter(column::equalsIgnoreCase).findFirst().orElse(column);
	}

	private List<String> actions(long id) {
		return this.jdbc.sql("SELECT action FROM audit_log WHERE subject_type = 'integration' AND subject_id = :id ORDER BY id")
			.param("id", Long.toString(id))
			.query(String.class)
			.list();
	}

	private List<String> grantRows(long id) {
		return this.jdbc.sql("SELECT resource_id FROM acl_grants WHERE integration_id = :id ORDER BY resource_id")
			.param("id", id)
			.query(String.class)
			.list();
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	static IntegrationDraft draft(String name) {
		return new IntegrationDraft(name, null, null, null, false, List.of());
	}

}
