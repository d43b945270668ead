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
	static final Map<String, Set<String>> ALLOWED = Map.of(
			"oauth", Set.of(),
			"acl", Set.of(),
			"audit", Set.of(),
			"settings", Set.of("audit", "oauth"),
			"account", Set.of("oauth", "settings", "audit"),
			"store", Set.of(),
			"integration", Set.of("oauth", "acl", "audit", "settings"),
			"webapi", Set.of("oauth", "acl", "audit", "settings", "account", "integration", "store"),
			"admin", Set.of("integration", "acl", "audit", "settings", "account", "oauth"),
			"cluster", Set.of("oauth", "acl", "integration", "settings"));

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
