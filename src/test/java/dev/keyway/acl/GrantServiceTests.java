package dev.keyway.acl;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.keyway.audit.Actor;
import dev.keyway.integration.Integration;
import dev.keyway.integration.IntegrationDraft;
import dev.keyway.integration.IntegrationService;
import dev.keyway.testing.KeywayIntegrationTest;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@KeywayIntegrationTest
class GrantServiceTests {

	private static final Actor ACTOR = Actor.system("GrantServiceTests");

	@Autowired
	GrantService grants;

	@Autowired
	IntegrationService integrations;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionOperations transaction;

	@Test
	void replaceWhenGrantCachedThenGrantOfSeesTheChangeAtOnce() {
		long id = newIntegration(List.of("Magento_Cms::block"));
		assertThat(this.grants.grantOf(id)).isEqualTo(Grant.custom(List.of("Magento_Cms::block")));
		this.grants.replace(id, Grant.custom(List.of("Magento_Catalog::products", "Magento_Cms::page")));
		assertThat(this.grants.grantOf(id)).isEqualTo(Grant.custom(List.of("Magento_Catalog::products", "Magento_Cms::page")));
		assertThat(rows(id)).containsExactly("Magento_Catalog::products", "Magento_Cms::page");
	}

	@Test
	void grantServiceWhenInjectedThenNoProxyOnTheRequestPath() {
		// every signed call asks grantOf: through a proxy it went by reflection (a perf profile)
		assertThat(AopUtils.isAopProxy(this.grants)).isFalse();
	}

	@Test
	void replaceWhenCallerTransactionRollsBackThenGrantUnchanged() {
		long id = newIntegration(List.of("Magento_Cms::block"));
		assertThatThrownBy(() -> this.transaction.executeWithoutResult((status) -> {
			this.grants.replace(id, Grant.custom(List.of("Magento_Cms::page")));
			throw new IllegalStateException("rolled back");
		})).hasMessage("rolled back");
		assertThat(rows(id)).containsExactly("Magento_Cms::block");
		assertThat(this.grants.grantOf(id)).isEqualTo(Grant.custom(List.of("Magento_Cms::block")));
	}

	@Test
	void replaceWhenAllThenStoredAsMagentoBackendAll() {
		long id = newIntegration(List.of("Magento_Cms::block"));
		assertThat(this.grants.grantOf(id).all()).isFalse();
		this.grants.replace(id, Grant.allResources());
		assertThat(this.grants.grantOf(id)).isEqualTo(Grant.allResources());
		assertThat(rows(id)).containsExactly(Grant.ALL_RESOURCE);
		this.grants.replace(id, Grant.none());
		assertThat(this.grants.grantOf(id)).isEqualTo(Grant.none());
		assertThat(rows(id)).isEmpty();
	}

	@Test
	void evictWhenRowsChangedBehindTheCacheThenReloaded() {
		long id = newIntegration(List.of("Magento_Cms::block"));
		assertThat(this.grants.grantOf(id).resources()).containsExactly("Magento_Cms::block");
		this.jdbc.sql("INSERT INTO acl_grants (integration_id, resource_id) VALUES (:id, 'Magento_Cms::page')")
			.param("id", id)
			.update();
		assertThat(this.grants.grantOf(id).resources()).as("still cached").containsExactly("Magento_Cms::block");
		this.grants.evict(id);
		assertThat(this.grants.grantOf(id).resources()).containsExactlyInAnyOrder("Magento_Cms::block",
				"Magento_Cms::page");
	}

	@Test
	void grantOfWhenNoRowsThenNone() {
		assertThat(this.grants.grantOf(Long.MAX_VALUE - 7)).isEqualTo(Grant.none());
	}

	@Test
	void grantsOfWhenSomeCachedSomeNotThenEveryGrantAsGrantOfAnswersIt() {
		long cached = newIntegration(List.of("Magento_Cms::block"));
		long loaded = newIntegration(List.of("Magento_Catalog::products", "Magento_Cms::page"));
		long all = newIntegration(List.of("Magento_Cms::block"));
		this.grants.replace(all, Grant.allResources());
		long none = Long.MAX_VALUE - 11;
		this.grants.grantOf(cached);
		// creation adds the children of the listed resources: expect what one look-up answers
		Grant loadedGrant = this.grants.grantOf(loaded);
		assertThat(loadedGrant.resources()).contains("Magento_Catalog::products", "Magento_Cms::page");
		this.grants.evict(loaded);
		this.grants.evict(all);
		assertThat(this.grants.grantsOf(List.of(cached, loaded, all, none))).containsExactlyInAnyOrderEntriesOf(
				Map.of(cached, Grant.custom(List.of("Magento_Cms::block")), loaded, loadedGrant, all,
						Grant.allResources(), none, Grant.none()));
		assertThat(this.grants.grantsOf(List.of())).isEmpty();
	}

	private long newIntegration(List<String> resources) {
		Integration created = this.integrations.create(new IntegrationDraft("grant-" + UUID.randomUUID(), null, null,
				null, false, resources), ACTOR);
		return created.id();
	}

	private List<String> rows(long id) {
		return this.jdbc.sql("SELECT resource_id FROM acl_grants WHERE integration_id = :id ORDER BY resource_id")
			.param("id", id)
			.query(String.class)
			.list();
	}

}
