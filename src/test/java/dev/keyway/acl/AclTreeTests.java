package dev.keyway.acl;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@DatabaseIndependent
class AclTreeTests {

	private final AclTree tree = new AclTree();

	@Test
	void constructorWhenResourceFileIsReadThenRootChildrenAreTheCustomTree() {
		assertThat(this.tree.roots()).extracting(AclNode::id)
			.startsWith("Magento_Backend::dashboard", "Magento_Sales::sales", "Magento_Catalog::catalog")
			.contains("Magento_Customer::customer", "Magento_Backend::marketing", "Magento_Backend::content",
					"Magento_Backend::stores", "Magento_Backend::system")
			.doesNotContain("Magento_Backend::admin");
		assertThat(this.tree.ids()).first().isEqualTo("Magento_Backend::admin");
		assertThat(this.tree.ids()).hasSizeGreaterThan(100).doesNotHaveDuplicates();
	}

	@Test
	void containsWhenIdsNamedBySpecThenAllPresent() {
		assertThat(List.of("Magento_Backend::store", "Magento_Catalog::products", "Magento_Catalog::categories",
				"Magento_Cms::page", "Magento_Cms::block", "Magento_Customer::manage", "Magento_Sales::actions_view",
				"Magento_Integration::integrations", "Magento_Config::config"))
			.allSatisfy((id) -> assertThat(this.tree.contains(id)).as(id).isTrue());
	}

	@Test
	void containsWhenAllOrAnonymousThenNotNodesOfTheTree() {
		assertThat(this.tree.contains(Grant.ALL_RESOURCE)).isFalse();
		assertThat(this.tree.contains(Grant.ANONYMOUS)).isFalse();
		assertThat(this.tree.contains("Magento_Foo::bar")).isFalse();
	}

	@Test
	void titleWhenIdKnownThenTitleElseTheId() {
		assertThat(this.tree.title("Magento_Integration::integrations")).isEqualTo("System Integrations");
		assertThat(this.tree.title("Magento_Sales::actions_view")).isEqualTo("View");
		assertThat(this.tree.title("Magento_Cms::page")).isEqualTo("Pages");
		assertThat(this.tree.title("Magento_Foo::bar")).isEqualTo("Magento_Foo::bar");
	}

	@Test
	void withDescendantsWhenNodeHasSubtreeThenWholeSubtree() {
		assertThat(this.tree.withDescendants(List.of("Magento_Cms::page")))
			.containsExactly("Magento_Cms::page", "Magento_Cms::save", "Magento_Cms::page_delete");
		assertThat(this.tree.withDescendants(List.of("Magento_Catalog::catalog"))).containsExactly(
				"Magento_Catalog::catalog", "Magento_Catalog::catalog_inventory", "Magento_Catalog::products",
				"Magento_Catalog::update_attributes", "Magento_Catalog::edit_product_design",
				"Magento_Catalog::categories", "Magento_Catalog::edit_category_design");
	}

	@Test
	void withDescendantsWhenLeafThenItself() {
		assertThat(this.tree.withDescendants(List.of("Magento_Sales::actions_view")))
			.containsExactly("Magento_Sales::actions_view");
	}

	@Test
	void withDescendantsWhenOverlappingOrUnknownThenNoDuplicatesAndUnknownKept() {
		assertThat(this.tree.withDescendants(List.of("Magento_Cms::save", "Magento_Cms::page", "Magento_Foo::bar")))
			.containsExactly("Magento_Cms::save", "Magento_Cms::page", "Magento_Cms::page_delete", "Magento_Foo::bar");
	}

	@Test
	void withAncestorsWhenDeepNodeThenPathUpToButExcludingRoot() {
		assertThat(this.tree.withAncestors(List.of("Magento_Sales::actions_view"))).containsExactly(
				"Magento_Sales::actions_view", "Magento_Sales::actions", "Magento_Sales::sales_order",
				"Magento_Sales::sales_operation", "Magento_Sales::sales");
		assertThat(this.tree.withAncestors(List.of("Magento_Integration::integrations"))).containsExactly(
				"Magento_Integration::integrations", "Magento_Integration::extensions", "Magento_Backend::system");
	}

	@Test
	void withAncestorsWhenTopLevelOrUnknownThenItselfOnly() {
		assertThat(this.tree.withAncestors(List.of("Magento_Backend::dashboard")))
			.containsExactly("Magento_Backend::dashboard");
		assertThat(this.tree.withAncestors(List.of("Magento_Foo::bar"))).containsExactly("Magento_Foo::bar");
	}

	@Test
	void unknownWhenSomeIdsAreNotInTheTreeThenThoseInOrder() {
		assertThat(this.tree.unknown(List.of("Magento_Z::z", "Magento_Cms::page", "Magento_Backend::all", "x")))
			.containsExactly("Magento_Z::z", "Magento_Backend::all", "x");
		assertThat(this.tree.unknown(List.of("Magento_Cms::page"))).isEmpty();
	}

	@Test
	void constructorWhenAnIdAppearsTwiceThenClearError() {
		AclNode root = new AclNode("Root::root", "Root", List.of(new AclNode("A::a", "A", null),
				new AclNode("B::b", "B", List.of(new AclNode("A::a", "A again", null)))));
		assertThatIllegalStateException().isThrownBy(() -> new AclTree(root))
			.withMessage("acl/resources.json lists resource A::a twice");
	}

	@Test
	void constructorWhenADeclaredParentIsUnknownAndLongThenTheRefusalShowsItCut() {
		String parent = "Acme::" + "p".repeat(10_000);
		AclExtension extension = () -> List.of(new AclResource("Acme_Erp::erp", "ERP", parent, "gateway.yml: resources[0]"));

		assertThatIllegalStateException().isThrownBy(() -> new AclTree(List.of(extension)))
			.withMessageStartingWith("gateway.yml: resources[0]: the parent \"Acme::ppp")
			.withMessageContaining("…\" (10006 characters) of \"Acme_Erp::erp\" is not in the ACL tree")
			.matches((refused) -> refused.getMessage().length() < 300, "bounded");
	}

	@Test
	void withDescendantsWhenCustomTreeThenUsesIt() {
		AclNode root = new AclNode("Root::root", "Root",
				List.of(new AclNode("A::a", "A", List.of(new AclNode("A::child", "Child", List.of())))));
		AclTree custom = new AclTree(root);
		assertThat(custom.withDescendants(List.of("A::a"))).containsExactly("A::a", "A::child");
		assertThat(custom.withAncestors(List.of("A::child"))).containsExactly("A::child", "A::a");
		assertThat(custom.roots()).extracting(AclNode::id).containsExactly("A::a");
	}

	@Test
	void managementWhenResourceFileIsReadThenSeparateGroupOutsideTheCustomTree() {
		AclNode management = this.tree.management();
		assertThat(management.id()).isEqualTo(Grant.MANAGEMENT);
		assertThat(management.title()).isEqualTo("Keyway management (not included in All)");
		assertThat(management.children()).extracting(AclNode::id)
			.containsExactly(Grant.MANAGE_INTEGRATIONS, Grant.MANAGE_SETTINGS);
		assertThat(this.tree.roots()).extracting(AclNode::id).doesNotContain(Grant.MANAGEMENT);
		assertThat(this.tree.rootsWithManagement()).last().isEqualTo(management);
		assertThat(this.tree.contains(Grant.MANAGE_INTEGRATIONS)).isTrue();
		assertThat(this.tree.withDescendants(List.of(Grant.MANAGEMENT))).containsExactly(Grant.MANAGEMENT,
				Grant.MANAGE_INTEGRATIONS, Grant.MANAGE_SETTINGS);
	}

	@Test
	void withDescendantsWhenEveryCustomRootCheckedThenNoManagementResource() {
		List<String> roots = this.tree.roots().stream().map(AclNode::id).toList();
		assertThat(this.tree.withDescendants(roots)).doesNotContainAnyElementsOf(Grant.EXPLICIT_ONLY);
	}

}
