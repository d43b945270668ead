package dev.keyway;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the module dependencies of DEVELOPERS.md: no cycles, no use of another module's internals,
 * and each module depends only on the modules listed here.
 */
class ModularityTests {

	/** Module to the modules it may depend on (DEVELOPERS.md, "Modules"). */
	static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
			Map.entry("oauth", Set.of()),
			Map.entry("acl", Set.of()),
			Map.entry("audit", Set.of()),
			Map.entry("settings", Set.of("audit", "oauth")),
			Map.entry("account", Set.of("oauth", "settings", "audit")),
			Map.entry("store", Set.of()),
			Map.entry("outbound", Set.of()),
			Map.entry("integration", Set.of("oauth", "acl", "audit", "settings", "outbound")),
			Map.entry("webapi", Set.of("oauth", "acl", "audit", "settings", "account", "integration", "store")),
			Map.entry("admin", Set.of("integration", "acl", "audit", "settings", "account", "oauth")),
			Map.entry("cluster", Set.of("oauth", "acl", "integration", "settings")),
			Map.entry("migration", Set.of("integration", "oauth", "acl", "audit")));

	private final ApplicationModules modules = ApplicationModules.of(KeywayApplication.class);

	@Test
	void verifyWhenModulesAreAnalyzedThenNoCycleOrInternalAccess() {
		this.modules.verify();
	}

	@Test
	void dependenciesWhenEveryModuleIsAnalyzedThenOnlyAllowedOnes() {
		for (ApplicationModule module : this.modules) {
			Set<String> actual = module.getBootstrapDependencies(this.modules)
				.map(ApplicationModule::getIdentifier)
				.map(Object::toString)
				.collect(Collectors.toSet());
			actual.addAll(module.getDependencies(this.modules)
				.stream()
				.map((dependency) -> dependency.getTargetModule().getIdentifier().toString())
				.collect(Collectors.toSet()));
			assertThat(ALLOWED).as("module %s is listed in ALLOWED", module.getIdentifier())
				.containsKey(module.getIdentifier().toString());
			assertThat(actual).as("dependencies of module %s", module.getIdentifier())
				.isSubsetOf(ALLOWED.get(module.getIdentifier().toString()));
		}
	}

	@Test
	void dependenciesWhenOauthIsAnalyzedThenNone() {
		ApplicationModule oauth = this.modules.getModuleByName("oauth").orElseThrow();
		assertThat(oauth.getDependencies(this.modules).stream().toList()).isEmpty();
	}

}
