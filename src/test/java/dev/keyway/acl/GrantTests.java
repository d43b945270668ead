package dev.keyway.acl;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

@DatabaseIndependent
class GrantTests {

	@Test
	void allowsWhenAllThenEveryOrdinaryResource() {
		Grant all = Grant.allResources();
		assertThat(all.all()).isTrue();
		assertThat(all.allows("Magento_Cms::page")).isTrue();
		assertThat(all.allows("Anything::at_all")).isTrue();
		assertThat(all.allows(Grant.ANONYMOUS)).isTrue();
		assertThat(all.allows(List.of("Magento_Cms::page", "Magento_Sales::actions_view"))).isTrue();
	}

	@Test
	void allowsWhenCustomThenOnlyListedResources() {
		Grant grant = Grant.custom(List.of("Magento_Cms::page", "Magento_Cms::save"));
		assertThat(grant.allows("Magento_Cms::page")).isTrue();
		assertThat(grant.allows("Magento_Cms::block")).isFalse();
		assertThat(grant.allows(Grant.ALL_RESOURCE)).isFalse();
		assertThat(grant.allows(List.of("Magento_Cms::page", "Magento_Cms::save"))).isTrue();
		assertThat(grant.allows(List.of("Magento_Cms::page", "Magento_Cms::block"))).as("all are required").isFalse();
		assertThat(grant.allows(List.of())).isTrue();
	}

	@Test
	void allowsWhenAnonymousThenEveryoneEvenWithoutGrant() {
		assertThat(Grant.none().allows(Grant.ANONYMOUS)).isTrue();
		assertThat(Grant.none().allows(List.of(Grant.ANONYMOUS))).isTrue();
		assertThat(Grant.none().allows("Magento_Cms::page")).isFalse();
	}

	@Test
	void constructorWhenAllThenOrdinaryResourcesDropped() {
		Grant grant = new Grant(true, Set.of("Magento_Cms::page"));
		assertThat(grant.resources()).isEmpty();
		assertThat(grant).isEqualTo(Grant.allResources());
	}

	@Test
	void equalsWhenSameResourcesInAnyOrderThenEqual() {
		assertThat(Grant.custom(List.of("b", "a"))).isEqualTo(Grant.custom(List.of("a", "b")))
			.hasSameHashCodeAs(Grant.custom(List.of("a", "b")));
		assertThat(Grant.custom(List.of("a"))).isNotEqualTo(Grant.custom(List.of("a", "b")));
		assertThat(Grant.custom(List.of())).isEqualTo(Grant.none()).isNotEqualTo(Grant.allResources());
	}

	@Test
	void coversWhenSubsetOrAllThenTrueElseFalse() {
		Grant big = Grant.custom(List.of("a", "b", "c"));
		assertThat(big.covers(Grant.custom(List.of("a", "c")))).isTrue();
		assertThat(big.covers(Grant.none())).isTrue();
		assertThat(big.covers(Grant.custom(List.of("a", "d")))).isFalse();
		assertThat(big.covers(Grant.allResources())).isFalse();
		assertThat(Grant.allResources().covers(Grant.allResources())).isTrue();
		assertThat(Grant.allResources().covers(big)).isTrue();
		assertThat(Grant.none().covers(Grant.custom(List.of("a")))).isFalse();
	}

	@Test
	void sortedResourcesWhenCustomThenSortedById() {
		assertThat(Grant.custom(List.of("Magento_Cms::page", "Magento_Backend::store", "Magento_Catalog::products"))
			.sortedResources()).containsExactly("Magento_Backend::store", "Magento_Catalog::products", "Magento_Cms::page");
	}

	@Test
	void resourcesWhenGrantBuiltThenImmutable() {
		Grant grant = Grant.custom(List.of("a"));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> grant.resources().add("b"));
	}

	@Test
	void allowsWhenAllThenManagementResourcesRefusedUnlessListed() {
		assertThat(Grant.allResources().allows(Grant.MANAGE_INTEGRATIONS)).isFalse();
		assertThat(Grant.allResources().allows(Grant.MANAGE_SETTINGS)).isFalse();
		assertThat(Grant.allResources().allows(Grant.MANAGEMENT)).isFalse();
		Grant allAndManage = new Grant(true, Set.of(Grant.MANAGE_INTEGRATIONS, "Magento_Cms::page"));
		assertThat(allAndManage.resources()).containsExactly(Grant.MANAGE_INTEGRATIONS);
		assertThat(allAndManage.allows(Grant.MANAGE_INTEGRATIONS)).isTrue();
		assertThat(allAndManage.allows(Grant.MANAGE_SETTINGS)).isFalse();
		assertThat(allAndManage.allows("Magento_Cms::block")).isTrue();
		assertThat(Grant.custom(List.of(Grant.MANAGE_SETTINGS)).allows(Grant.MANAGE_SETTINGS)).isTrue();
		assertThat(Grant.custom(List.of(Grant.MANAGE_SETTINGS)).allows("Magento_Config::config")).isFalse();
	}

	@Test
	void coversWhenManagementRequestedThenOnlyAHolderCovers() {
		Grant manage = Grant.custom(List.of(Grant.MANAGE_INTEGRATIONS));
		assertThat(Grant.allResources().covers(manage)).isFalse();
		assertThat(Grant.allResources().beyond(manage)).containsExactly(Grant.MANAGE_INTEGRATIONS);
		assertThat(Grant.unrestricted().covers(new Grant(true, Grant.EXPLICIT_ONLY))).isTrue();
		assertThat(new Grant(true, Set.of(Grant.MANAGE_INTEGRATIONS)).covers(manage)).isTrue();
		assertThat(manage.beyond(new Grant(true, Set.of(Grant.MANAGE_INTEGRATIONS, Grant.MANAGE_SETTINGS))))
			.containsExactly(Grant.ALL_RESOURCE, Grant.MANAGE_SETTINGS);
		assertThat(Grant.custom(List.of("a", "b")).beyond(Grant.custom(List.of("b", "c", "d")))).containsExactly("c", "d");
	}

}
