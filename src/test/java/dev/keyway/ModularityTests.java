package dev.keyway;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import dev.keyway.testing.DatabaseIndependent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the module rules, which live in each module's {@code package-info.java}
 * ({@code @ApplicationModule(allowedDependencies = ...)}, listed in DEVELOPERS.md): no cycles, no
 * use of another module's internals, only the declared dependencies, and every module declares them.
 */
@DatabaseIndependent
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(KeywayApplication.class);

	@Test
	void verifyWhenModulesAreAnalyzedThenNoCycleNoInternalAccessAndOnlyDeclaredDependencies() {
		this.modules.verify();
	}

	@Test
	void allowedDependenciesWhenEveryModuleIsReadThenEachDeclaresThem() {
		assertThat(this.modules.stream()).isNotEmpty().allSatisfy((module) -> {
			org.springframework.modulith.ApplicationModule declared = declaration(module);
			assertThat(declared).as("@ApplicationModule in the package-info.java of module %s", module.getIdentifier())
				.isNotNull();
			assertThat(declared.allowedDependencies()).as("allowedDependencies of module %s", module.getIdentifier())
				.doesNotContain(org.springframework.modulith.ApplicationModule.OPEN_TOKEN);
		});
	}

	@Test
	void dependenciesWhenEveryModuleIsAnalyzedThenOnlyDeclaredOnes() {
		for (ApplicationModule module : this.modules) {
			Set<String> actual = module.getBootstrapDependencies(this.modules)
				.map(ApplicationModule::getIdentifier)
				.map(Object::toString)
				.collect(Collectors.toSet());
			actual.addAll(module.getDependencies(this.modules)
				.stream()
				.map((dependency) -> dependency.getTargetModule().getIdentifier().toString())
				.collect(Collectors.toSet()));
			assertThat(actual).as("dependencies of module %s", module.getIdentifier())
				.isSubsetOf(Arrays.asList(declaration(module).allowedDependencies()));
		}
	}

	@Test
	void dependenciesWhenMachineryIsAnalyzedThenNoModuleThatContributesRoutes() {
		ApplicationModule webapi = this.modules.getModuleByName("webapi").orElseThrow();
		assertThat(webapi.getDependencies(this.modules)
			.stream()
			.map((dependency) -> dependency.getTargetModule().getIdentifier().toString())
			.toList()).doesNotContain("store", "storeapi", "management");
	}

	@Test
	void dependenciesWhenOauthIsAnalyzedThenNone() {
		ApplicationModule oauth = this.modules.getModuleByName("oauth").orElseThrow();
		assertThat(oauth.getDependencies(this.modules).stream().toList()).isEmpty();
	}

	private static org.springframework.modulith.ApplicationModule declaration(ApplicationModule module) {
		try {
			return Class.forName(module.getBasePackage().getName() + ".package-info")
				.getAnnotation(org.springframework.modulith.ApplicationModule.class);
		}
		catch (ClassNotFoundException ex) {
			return null;
		}
	}

}
